import type { Author } from '../store/historyRecords.js'
import type { SocketState } from './syncHandshake.js'

/** Longest display name kept in history (presence names are the user's own text). */
const MAX_NAME_CHARS = 80

/**
 * Who a socket's writes are attributed to: its share link, and the display name its tab
 * announced in presence on any document it joined (`{user: {name}}`). Names come from the user,
 * not from trust: they label history, they grant nothing.
 */
export function socketAuthor(state: SocketState, socketId: string): Author {
  return { linkId: state.linkId, name: presenceName(state, socketId), source: 'socket' }
}

function presenceName(state: SocketState, socketId: string): string | null {
  for (const entry of state.docs.values()) {
    const states = entry.awareness.getStates()
    for (const clientId of entry.awarenessBySocket.get(socketId) ?? []) {
      const user = (states.get(clientId) as { user?: { name?: unknown } } | undefined)?.user
      if (typeof user?.name === 'string' && user.name.trim() !== '') {
        return user.name.trim().slice(0, MAX_NAME_CHARS)
      }
    }
  }
  return null
}
