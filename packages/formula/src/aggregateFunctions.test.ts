import { describe, expect, it } from 'vitest'
import {
  large,
  median,
  mode,
  percentileExc,
  percentileInc,
  quartileExc,
} from './aggregateFunctions.js'

const isError = (v: unknown) => typeof v === 'object' && v !== null

describe('the statistics AGGREGATE chooses between', () => {
  it('MODE.SNGL picks the first of equally repeated values', () => {
    expect(mode([1, 2, 2, 1])).toBe(1)
    expect(mode([5.6, 4, 4, 3, 2, 4])).toBe(4)
    expect(isError(mode([1, 2, 3]))).toBe(true)
  })

  it('percentiles interpolate as Excel documents', () => {
    expect(percentileInc([1, 3, 2, 4], 0.3)).toBeCloseTo(1.9, 12)
    expect(percentileExc([1, 2, 3, 6, 6, 6, 7, 8, 9], 0.25)).toBe(2.5)
    expect(isError(percentileExc([1, 2, 3, 6, 6, 6, 7, 8, 9], 0))).toBe(true)
    expect(quartileExc([6, 7, 15, 36, 39, 40, 41, 42, 43, 47, 49], 1)).toBe(15)
    expect(median([1, 2, 3, 4, 5, 6])).toBe(3.5)
    expect(large([3, 5, 3, 5, 4], 3)).toBe(4)
  })
})
