import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '@cellmate/client'
import { nextToastPhase, type ToastPhase } from './connectionToast'

const s = (connection: SyncStatus['connection'], pending = 0): SyncStatus => ({
  connection,
  pending,
})

function run(steps: SyncStatus[]): ToastPhase[] {
  let phase: ToastPhase = 'none'
  return steps.map((st) => (phase = nextToastPhase(phase, st)))
}

describe('connection toast', () => {
  it('says nothing on the first connect', () => {
    expect(run([s('connecting'), s('connected'), s('connected', 1), s('connected')])).toEqual([
      'none',
      'none',
      'none',
      'none',
    ])
  })

  it('says offline when the connection drops, and back online once everything is saved', () => {
    expect(
      run([s('connected'), s('offline', 2), s('connecting', 2), s('connected', 2), s('connected')]),
    ).toEqual(['none', 'offline', 'offline', 'syncing', 'restored'])
  })

  it('comes back straight to "all changes saved" when nothing was pending', () => {
    expect(run([s('connected'), s('offline'), s('connected')])).toEqual([
      'none',
      'offline',
      'restored',
    ])
  })

  it('a later local edit does not bring the restored toast back', () => {
    let phase: ToastPhase = 'none'
    phase = nextToastPhase(nextToastPhase(phase, s('offline')), s('connected'))
    expect(phase).toBe('restored')
    // The component hides the restored toast after a while (phase 'none'); edits keep it hidden.
    expect(nextToastPhase('none', s('connected', 3))).toBe('none')
  })

  it('a refused connection drops the toast (the page explains it instead)', () => {
    expect(run([s('connected'), s('offline'), s('denied')])).toEqual(['none', 'offline', 'none'])
  })
})
