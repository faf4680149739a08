/** A token bucket: `ratePerSecond` sustained, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Tokens available now (refilled for the time since the last call). */
  available(): number {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    return this.tokens
  }

  spend(): void {
    this.tokens -= 1
  }

  /** True once the bucket has refilled completely: it is then as good as a new one. */
  get full(): boolean {
    return this.available() >= this.burst
  }
}

/** Messages per second a socket may send on its own by default (`SOCKET_RATE_PER_SOCKET`). */
export const DEFAULT_SOCKET_RATE = 100

/** A bucket holds this many seconds of its rate: the burst a quiet client may send at once. */
export const BURST_SECONDS = 3

/**
 * A socket's message budget: its own bucket (100/s, bursts of 300 by default; none when its
 * rate is 0) and, when given, the bucket its client address shares with all its other sockets.
 * A message is let through only when both have a token, and then costs one of each. Typing
 * produces a few messages a second and a paste is a single update, so the defaults only bite
 * floods.
 */
export class SocketRateLimiter {
  private readonly own: TokenBucket | null

  constructor(
    ratePerSecond = DEFAULT_SOCKET_RATE,
    burst = ratePerSecond * BURST_SECONDS,
    now: () => number = () => performance.now(),
    /** The bucket this socket shares with its address's other sockets, looked up per message. */
    private readonly shared: (() => TokenBucket | null) | null = null,
  ) {
    this.own = ratePerSecond > 0 ? new TokenBucket(ratePerSecond, burst, now) : null
  }

  /** Takes one token; false when the socket (or its address) is over its budget. */
  take(): boolean {
    const own = this.own
    if (own && own.available() < 1) return false
    const shared = this.shared?.() ?? null
    if (shared && shared.available() < 1) return false
    own?.spend()
    shared?.spend()
    return true
  }
}

/** The message budgets of `AddressMessageBudgets`, in messages per second; 0 for none. */
export interface MessageRates {
  /** What all the sockets of one address may send together (bursts of 3 seconds' worth). */
  perAddress: number
  /** What one socket may send (bursts of 3 seconds' worth). */
  perSocket: number
}

/**
 * One message budget per client address, shared by all the sockets of that address, so 20
 * sockets from one machine cannot together send 20 times what one may. Buckets that have
 * refilled are forgotten on `sweep` (a fresh one is the same), so the map stays as small as
 * the set of recently busy addresses.
 */
export class AddressMessageBudgets {
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly perAddress: number
  private readonly perSocket: number
  private readonly addressBurst: number

  constructor(
    rates: MessageRates & { addressBurst?: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perAddress = rates.perAddress
    this.perSocket = rates.perSocket
    this.addressBurst = rates.addressBurst ?? rates.perAddress * BURST_SECONDS
  }

  /** A new socket's limiter: its own budget, and its address's. */
  limiterFor(address: string): SocketRateLimiter {
    return new SocketRateLimiter(this.perSocket, undefined, this.now, () => this.bucketFor(address))
  }

  /** Forgets the buckets that have refilled. */
  sweep(): void {
    for (const [address, bucket] of this.buckets) if (bucket.full) this.buckets.delete(address)
  }

  get size(): number {
    return this.buckets.size
  }

  private bucketFor(address: string): TokenBucket | null {
    if (this.perAddress === 0) return null
    let bucket = this.buckets.get(address)
    if (!bucket) {
      bucket = new TokenBucket(this.perAddress, this.addressBurst, this.now)
      this.buckets.set(address, bucket)
    }
    return bucket
  }
}
