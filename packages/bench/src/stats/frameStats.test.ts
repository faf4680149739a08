import { describe, expect, it } from 'vitest'
import { frameStats } from './frameStats.js'

describe('frameStats', () => {
  it('reports a page that kept up with every vsync as on time, with no late frames', () => {
    const stats = frameStats(Array.from({ length: 100 }, () => 16.7))
    expect(stats).toEqual({ frames: 100, p50: 16.7, p95: 16.7, max: 16.7, overBudgetPct: 0 })
  })

  it('counts a frame that missed a vsync as late and shows the longest one', () => {
    const intervals = [...Array.from({ length: 18 }, () => 16.7), 33.4, 250]
    const stats = frameStats(intervals)
    expect(stats.p50).toBe(16.7)
    expect(stats.p95).toBe(250)
    expect(stats.max).toBe(250)
    expect(stats.overBudgetPct).toBe(10)
  })

  it('gives zeros for a run without frames rather than failing', () => {
    expect(frameStats([])).toEqual({ frames: 0, p50: 0, p95: 0, max: 0, overBudgetPct: 0 })
  })
})
