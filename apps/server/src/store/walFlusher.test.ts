import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WalFlusher } from './walFlusher.js'

/** A flush the test completes by hand, counting how many started. */
function manualFlush() {
  const calls: Array<{ resolve: () => void; reject: (err: unknown) => void }> = []
  const flush = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      calls.push({ resolve, reject })
    })
  return { calls, flush }
}

describe('WalFlusher: the log reaches the disk soon after each unflushed commit', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('flushes once for all the commits of one window, not per commit', async () => {
    const { calls, flush } = manualFlush()
    const flusher = new WalFlusher(flush, 20)
    flusher.committed()
    flusher.committed()
    flusher.committed()
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(19)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(1)
    calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(1)
  })

  it('flushes again after a commit that arrived while a flush was running', async () => {
    const { calls, flush } = manualFlush()
    const flusher = new WalFlusher(flush, 20)
    flusher.committed()
    await vi.advanceTimersByTimeAsync(20)
    expect(calls).toHaveLength(1)
    // This commit may have reached the log after the running fsync read it.
    flusher.committed()
    await vi.advanceTimersByTimeAsync(50)
    expect(calls).toHaveLength(1)
    calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(20)
    expect(calls).toHaveLength(2)
    calls[1]?.resolve()
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(2)
  })

  it('idle() flushes what is waiting at once and resolves when it is on the disk', async () => {
    const { calls, flush } = manualFlush()
    const flusher = new WalFlusher(flush, 1_000)
    flusher.committed()
    let done = false
    const idle = flusher.idle().then(() => (done = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(1)
    expect(done).toBe(false)
    calls[0]?.resolve()
    await idle
    expect(done).toBe(true)
  })

  it('keeps the first failure for the caller, which then flushes every commit itself', async () => {
    const { calls, flush } = manualFlush()
    const flusher = new WalFlusher(flush, 20)
    expect(flusher.failed).toBeNull()
    flusher.committed()
    await vi.advanceTimersByTimeAsync(20)
    const eio = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })
    calls[0]?.reject(eio)
    await vi.advanceTimersByTimeAsync(0)
    expect(flusher.failed).toBe(eio)
  })
})
