import type { SyncStatus } from '@cellmate/client'

/** What the status indicator shows; also its `data-state` attribute. */
export type SyncIndicatorState = 'connecting' | 'saving' | 'saved' | 'offline' | 'denied'

export interface SyncIndicator {
  state: SyncIndicatorState
  text: string
}

function edits(n: number): string {
  return n === 1 ? '1 edit' : `${n} edits`
}

/** Turns the provider's status into the words a user reads in the header. */
export function describeSyncStatus(status: SyncStatus): SyncIndicator {
  switch (status.connection) {
    case 'connecting':
      return { state: 'connecting', text: 'Connecting…' }
    case 'denied':
      return { state: 'denied', text: 'No access' }
    case 'offline':
      return {
        state: 'offline',
        text:
          status.pending > 0
            ? `Offline · ${edits(status.pending)} pending`
            : 'Offline · all changes saved',
      }
    case 'connected':
      return status.pending > 0
        ? { state: 'saving', text: 'Saving…' }
        : { state: 'saved', text: 'All changes saved' }
  }
}
