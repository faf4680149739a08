import { describe, expect, it } from 'vitest'
import { arrivalSeed } from '../workloads/timedStep.js'
import { independentArrivals } from './rateEditing.js'

function gaps(seed: number, rate: number, n: number): number[] {
  const next = independentArrivals(seed, rate)
  return Array.from({ length: n }, next)
}

describe('independentArrivals', () => {
  it('makes gaps of a Poisson process at the rate: mean 1/rate, as spread as their mean', () => {
    const g = gaps(arrivalSeed(1, 'all100', 0), 50, 20_000)
    const mean = g.reduce((a, b) => a + b, 0) / g.length
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length)
    expect(mean).toBeGreaterThan(19)
    expect(mean).toBeLessThan(21)
    // Exponential gaps: standard deviation = mean (evenly paced edits would have none).
    expect(sd / mean).toBeGreaterThan(0.95)
    expect(sd / mean).toBeLessThan(1.05)
    expect(Math.min(...g)).toBeGreaterThanOrEqual(0)
    // Memoryless: about 1 − e^−0.25 ≈ 22 % of gaps are under a quarter of the mean.
    const short = g.filter((x) => x < 5).length / g.length
    expect(short).toBeGreaterThan(0.2)
    expect(short).toBeLessThan(0.24)
  })

  it('gives the same moments for the same seed, and other ones to each worker and step', () => {
    expect(gaps(7, 5, 50)).toEqual(gaps(7, 5, 50))
    const seeds = new Set([
      arrivalSeed(1, 'all10', 0),
      arrivalSeed(1, 'all10', 1),
      arrivalSeed(1, 'fan10', 0),
      arrivalSeed(2, 'all10', 0),
    ])
    expect(seeds.size).toBe(4)
    expect(gaps(arrivalSeed(1, 'all10', 0), 5, 50)).not.toEqual(
      gaps(arrivalSeed(1, 'all10', 1), 5, 50),
    )
  })
})
