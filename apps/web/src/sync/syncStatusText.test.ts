import { describe, expect, it } from 'vitest'
import { describeSyncStatus } from './syncStatusText'

describe('sync status text', () => {
  it.each([
    [{ connection: 'connecting', pending: 0 }, 'connecting', 'Connecting…'],
    [{ connection: 'connected', pending: 2 }, 'saving', 'Saving…'],
    [{ connection: 'connected', pending: 0 }, 'saved', 'All changes saved'],
    [{ connection: 'offline', pending: 0 }, 'offline', 'Offline · all changes saved'],
    [{ connection: 'offline', pending: 1 }, 'offline', 'Offline · 1 edit pending'],
    [{ connection: 'offline', pending: 7 }, 'offline', 'Offline · 7 edits pending'],
    [{ connection: 'denied', pending: 3 }, 'denied', 'No access'],
  ] as const)('%o shows %s: %s', (status, state, text) => {
    expect(describeSyncStatus(status)).toEqual({ state, text })
  })
})
