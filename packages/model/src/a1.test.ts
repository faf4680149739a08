import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { colToLetters, formatA1, formatRange, lettersToCol, parseA1, parseRange } from './a1.js'

describe('A1 notation', () => {
  it('names columns like Excel', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(colToLetters)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ])
    expect(lettersToCol('xfd')).toBe(16383)
    expect(lettersToCol('A1')).toBe(-1)
  })

  it('round-trips every column index', () => {
    fc.assert(fc.property(fc.nat(1_000_000), (n) => lettersToCol(colToLetters(n)) === n))
  })

  it('parses addresses, with or without $, and rejects others', () => {
    expect(parseA1('B3')).toEqual({ row: 2, col: 1 })
    expect(parseA1('$AA$10')).toEqual({ row: 9, col: 26 })
    expect(parseA1(' c7 ')).toEqual({ row: 6, col: 2 })
    for (const bad of ['', 'A0', '1A', 'A', '3', 'A-1', 'B2:C3', 'ABCDE1']) {
      expect(parseA1(bad), bad).toBeNull()
    }
    expect(formatA1({ row: 1048575, col: 16383 })).toBe('XFD1048576')
  })

  it('parses ranges in any corner order and formats them back', () => {
    expect(parseRange('D20:A1')).toEqual({ start: { row: 0, col: 0 }, end: { row: 19, col: 3 } })
    expect(formatRange(parseRange('b2')!)).toBe('B2')
    expect(formatRange(parseRange('C1:A3')!)).toBe('A1:C3')
    expect(parseRange('A1:B2:C3')).toBeNull()
    expect(parseRange('A1:')).toBeNull()
  })
})
