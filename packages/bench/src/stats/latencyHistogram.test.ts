import { describe, expect, it } from 'vitest'
import { LatencyHistogram } from './latencyHistogram.js'

/** Exact nearest-rank percentile of ascending values: the reference the histogram must match. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] as number
}

describe('LatencyHistogram', () => {
  it('uses the nearest rank: p99 of 1..100 is 99, p50 is 50, and one outlier in ten shows only at p99', () => {
    const h = new LatencyHistogram()
    for (let i = 1; i <= 100; i++) h.record(i)
    expect(h.percentile(99)).toBeCloseTo(99, 0)
    expect(h.percentile(50)).toBeCloseTo(50, 0)
    expect(h.percentile(100)).toBe(100)
    const outlier = new LatencyHistogram()
    for (const v of [5, 5, 5, 5, 5, 5, 5, 5, 5, 900]) outlier.record(v)
    expect(outlier.percentile(50)).toBeCloseTo(5, 1)
    expect(outlier.percentile(99)).toBe(900)
  })

  it('has no percentile before anything is recorded', () => {
    expect(new LatencyHistogram().percentile(50)).toBeNull()
  })

  it('agrees with the exact percentile within 1% on skewed data', () => {
    const values: number[] = []
    let x = 12345
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      values.push(0.05 + (x / 2 ** 31) ** 4 * 3000) // long tail, like receipt latencies
    }
    const h = new LatencyHistogram()
    for (const v of values) h.record(v)
    const sorted = [...values].sort((a, b) => a - b)
    for (const p of [1, 50, 90, 99, 99.9, 100]) {
      const exact = percentile(sorted, p) as number
      expect(Math.abs((h.percentile(p) as number) - exact) / exact).toBeLessThanOrEqual(0.0101)
    }
  })

  it('merges the histograms of two workers into the histogram of all samples', () => {
    const a = new LatencyHistogram()
    const b = new LatencyHistogram()
    const all = new LatencyHistogram()
    for (let i = 1; i <= 1000; i++) {
      ;(i % 3 === 0 ? a : b).record(i / 10)
      all.record(i / 10)
    }
    const merged = LatencyHistogram.from(a.toData())
    merged.merge(b.toData())
    expect(merged.count).toBe(1000)
    expect(merged.percentile(50)).toBe(all.percentile(50))
    expect(merged.percentile(99)).toBe(all.percentile(99))
    expect(merged.max).toBe(100)
  })

  it('counts receipts that never arrived as slower than any, so p99 is unknown past 1% missing', () => {
    const h = new LatencyHistogram()
    for (let i = 1; i <= 98; i++) h.record(i)
    expect(Math.abs((h.percentileOfExpected(50, 100) as number) - 50)).toBeLessThan(0.5)
    expect(h.percentileOfExpected(98, 100)).toBe(98)
    expect(h.percentileOfExpected(99, 100)).toBeNull()
    expect(h.percentileOfExpected(99, 98)).toBe(h.percentile(99))
  })

  it('counts clock jitter below zero as zero latency', () => {
    const h = new LatencyHistogram()
    h.record(-0.3)
    expect(h.percentile(50)).toBe(0)
  })
})
