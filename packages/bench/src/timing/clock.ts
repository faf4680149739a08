/**
 * Milliseconds since the epoch with sub-millisecond resolution. Every process on the machine
 * reads the same wall clock, so a timestamp taken in one load worker can be subtracted from one
 * taken in another (the skew is far below the latencies measured).
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now()
}
