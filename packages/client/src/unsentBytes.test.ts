import { afterEach, describe, expect, it, vi } from 'vitest'
import { unsentBytes, whenDrained } from './unsentBytes.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('unsentBytes', () => {
  it("counts the WebSocket's buffered bytes and the packets waiting for the transport", () => {
    expect(unsentBytes(undefined)).toBe(0)
    expect(unsentBytes({ transport: { ws: { bufferedAmount: 0 } }, writeBuffer: [] })).toBe(0)
    expect(unsentBytes({ transport: { ws: { bufferedAmount: 900_000 } }, writeBuffer: [] })).toBe(
      900_000,
    )
    expect(unsentBytes({ transport: { ws: { bufferedAmount: 10 } }, writeBuffer: [1, 2] })).toBe(12)
    // Long-polling: no WebSocket.
    expect(unsentBytes({ transport: {}, writeBuffer: [] })).toBe(0)
  })
})

describe('whenDrained', () => {
  it('resolves at once when nothing is unsent', async () => {
    let looks = 0
    await whenDrained(() => {
      looks++
      return 0
    }, 1000)
    expect(looks).toBe(1)
  })

  it('waits, looking from timers, until everything has left', async () => {
    vi.useFakeTimers()
    let unsent = 3
    let done = false
    void whenDrained(() => unsent, 10_000, 20).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(100)
    expect(done).toBe(false)
    unsent = 0
    await vi.advanceTimersByTimeAsync(20)
    expect(done).toBe(true)
  })

  it('gives up waiting after maxWaitMs', async () => {
    vi.useFakeTimers()
    let done = false
    void whenDrained(() => 1, 500, 20).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(480)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(40)
    expect(done).toBe(true)
  })
})
