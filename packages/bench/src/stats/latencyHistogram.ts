/** Bucket boundaries grow by 1%: a percentile read from the histogram is within 1% of exact. */
const GROWTH = 1.01
const LOG_GROWTH = Math.log(GROWTH)
/** Everything at or below 10 µs shares bucket 0. */
const FLOOR_MS = 0.01

/** The serialisable form sent from load workers to the orchestrator. */
export interface HistogramData {
  buckets: Array<[index: number, count: number]>
  count: number
  min: number
  max: number
}

/**
 * A mergeable latency histogram with logarithmic buckets. Load workers record millions of
 * receipts; shipping every sample to the orchestrator would cost more than the measurement, so
 * each worker keeps one of these and the orchestrator merges them.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>()
  count = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY

  static from(data: HistogramData): LatencyHistogram {
    const h = new LatencyHistogram()
    h.merge(data)
    return h
  }

  /** Records one latency; negative values (clock jitter between processes) count as 0. */
  record(ms: number): void {
    const v = Math.max(0, ms)
    const index = v <= FLOOR_MS ? 0 : Math.ceil(Math.log(v / FLOOR_MS) / LOG_GROWTH)
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1)
    this.count++
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
  }

  merge(other: LatencyHistogram | HistogramData): void {
    const data = other instanceof LatencyHistogram ? other.toData() : other
    for (const [index, n] of data.buckets) this.counts.set(index, (this.counts.get(index) ?? 0) + n)
    this.count += data.count
    if (data.count > 0) {
      this.min = Math.min(this.min, data.min)
      this.max = Math.max(this.max, data.max)
    }
  }

  /**
   * Nearest-rank percentile (`p` in 0..100), as the upper bound of the bucket holding that
   * rank, clamped to the exact min and max. Null when nothing was recorded.
   */
  percentile(p: number): number | null {
    return this.percentileOfExpected(p, this.count)
  }

  /**
   * The percentile over `expected` samples of which only the recorded ones arrived (the rest
   * count as slower than any): null when the rank falls among the missing ones, i.e. the true
   * figure is beyond the time the run waited.
   */
  percentileOfExpected(p: number, expected: number): number | null {
    const total = Math.max(expected, this.count)
    if (total === 0) return null
    const rank = Math.max(1, Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * total))
    return rank > this.count ? null : this.valueAtRank(rank)
  }

  private valueAtRank(rank: number): number {
    let seen = 0
    for (const index of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(index) ?? 0
      if (seen >= rank) {
        const upper = index === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** index
        return Math.min(Math.max(upper, this.min), this.max)
      }
    }
    return this.max
  }

  toData(): HistogramData {
    return { buckets: [...this.counts.entries()], count: this.count, min: this.min, max: this.max }
  }
}
