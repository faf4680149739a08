/**
 * A token bucket per socket: `ratePerSecond` sustained, bursts up to `burst`. Typing produces a
 * few messages a second and a paste is a single update, so the defaults only bite floods.
 */
export class SocketRateLimiter {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond = 100,
    private readonly burst = 300,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes one token; false when the socket is over its budget. */
  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
