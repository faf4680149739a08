import { describe, expect, it } from 'vitest'
import { roundHalfAway, toExcelPrecision } from './excelRounding.js'

describe('rounding as Excel does, on the 15-digit decimal', () => {
  it.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [-2.5, 0, -3],
    [2.5, 0, 3],
    [1234.567, -2, 1200],
    [-1234.567, -1, -1230],
    [0.1 + 0.2, 15, 0.3],
    [1e20, 2, 1e20],
    [0.0004, 3, 0],
  ])('%d to %d places is %d', (x, digits, expected) => {
    expect(roundHalfAway(x, digits)).toBe(expected)
  })

  it('keeps 15 significant digits', () => {
    expect(toExcelPrecision(0.1 + 0.2)).toBe(0.3)
    expect(toExcelPrecision(1 / 3)).toBe(0.333333333333333)
    expect(toExcelPrecision(0)).toBe(0)
  })
})
