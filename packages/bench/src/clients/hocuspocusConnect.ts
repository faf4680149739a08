import * as Y from 'yjs'
import WebSocket from 'ws'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import { SYNC_STEP2, authMessage, readMessage, syncStep1Message } from './hocuspocusProtocol.js'

export type HocuspocusRoom = Extract<RoomRef, { system: 'hocuspocus' | 'hocuspocus-db' }>

/** The origin of updates applied from the server: a client never sends them back. */
export const FROM_SERVER = Symbol('from server')

/**
 * Opens a WebSocket to a Hocuspocus room, authenticates and waits for sync step 2 applied to
 * a fresh doc, as `HocuspocusProvider` does. On failure or timeout the socket and doc are
 * dropped and the error rethrown.
 */
export async function openSyncedHocuspocus(
  room: HocuspocusRoom,
  timeoutMs: number,
): Promise<{ ws: WebSocket; doc: Y.Doc }> {
  const ws = new WebSocket(room.url.replace(/^http/, 'ws'))
  const doc = new Y.Doc()
  const synced = new Promise<void>((resolve, reject) => {
    ws.once('error', reject)
    ws.once('open', () => {
      ws.send(authMessage(room.room))
      ws.send(syncStep1Message(room.room, doc))
    })
    const onMessage = (data: Buffer): void => {
      const msg = readMessage(data)
      if (msg.sync?.type !== SYNC_STEP2) return
      Y.applyUpdate(doc, msg.sync.payload, FROM_SERVER)
      ws.off('message', onMessage)
      resolve()
    }
    ws.on('message', onMessage)
  })
  try {
    await withTimeout(synced, timeoutMs, 'Hocuspocus sync')
  } catch (err) {
    ws.terminate()
    doc.destroy()
    throw err
  }
  return { ws, doc }
}
