import { describe, expect, it } from 'vitest'
import { convertUnits } from './unitConversion.js'

describe('CONVERT units', () => {
  it.each([
    [1, 'lbm', 'kg', 0.45359237],
    [68, 'F', 'C', 20],
    [100, 'C', 'K', 373.15],
    [0, 'C', 'Rank', 491.67],
    [80, 'Reau', 'C', 100],
    [1, 'mi', 'km', 1.609344],
    [1, 'in', 'cm', 2.54],
    [1, 'gal', 'l', 3.785411784],
    [1, 'km2', 'm2', 1e6],
    [1, 'ft^3', 'l', 28.316846592],
    [1, 'Mibyte', 'bit', 8388608],
    [1, 'kbyte', 'byte', 1000],
    [1, 'hr', 'sec', 3600],
    [1, 'yr', 'day', 365.25],
    [1, 'atm', 'Pa', 101325],
    [1, 'HP', 'W', 745.6998715822702],
    [1, 'kn', 'm/s', 1852 / 3600],
    [1, 'ha', 'm2', 10000],
    [1, 'uk_acre', 'm2', 4046.8564224],
    [6, 'tsp', 'tbs', 2],
    [1, 'ton', 'lbm', 2000],
  ])('%d %s is %d %s', (value, from, to, expected) => {
    expect(convertUnits(value, from, to)).toBeCloseTo(expected, 9)
  })

  it('refuses different quantities, unknown units and prefixes a unit does not take', () => {
    expect(convertUnits(2.5, 'ft', 'sec')).toBeUndefined()
    expect(convertUnits(1, 'furlong', 'm')).toBeUndefined()
    expect(convertUnits(1, 'kft', 'm')).toBeUndefined()
    expect(convertUnits(1, 'Mim', 'm')).toBeUndefined()
    expect(convertUnits(1, 'LBM', 'kg')).toBeUndefined()
  })
})
