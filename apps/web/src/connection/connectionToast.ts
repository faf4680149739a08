import type { SyncStatus } from '@cellmate/client'

/**
 * What the connection toast says: nothing; the connection was lost; it is back and the edits
 * made meanwhile are being saved; it is back and everything is saved.
 */
export type ToastPhase = 'none' | 'offline' | 'syncing' | 'restored'

export const TOAST_TEXT: Record<Exclude<ToastPhase, 'none'>, string> = {
  offline: 'Offline — your edits are kept and will sync',
  syncing: 'Back online — saving your edits…',
  restored: 'Back online — all changes saved',
}

/**
 * The next phase for a status change. Losing the connection always says so; coming back says
 * so only after it was lost (not on the first connect), and "all changes saved" waits for the
 * server to have acknowledged every pending edit. Reconnect attempts keep the phase.
 */
export function nextToastPhase(prev: ToastPhase, status: SyncStatus): ToastPhase {
  switch (status.connection) {
    case 'offline':
      return 'offline'
    case 'denied':
      return 'none'
    case 'connecting':
      return prev
    case 'connected':
      if (prev === 'offline' || prev === 'syncing')
        return status.pending > 0 ? 'syncing' : 'restored'
      return prev
  }
}
