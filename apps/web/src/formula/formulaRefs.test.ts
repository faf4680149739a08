import { describe, expect, it } from 'vitest'
import { canPointAt, formulaRefs, refText, spliceRef } from './formulaRefs'

describe('formulaRefs', () => {
  it('finds cell, range and sheet references with a colour per distinct reference', () => {
    const refs = formulaRefs("=SUM(A1:B2,$C$3)+Sheet2!D4+'My sheet'!E5+a1")
    expect(refs.map((r) => [r.sheet, r.range.start, r.range.end])).toEqual([
      [null, { row: 0, col: 0 }, { row: 1, col: 1 }],
      [null, { row: 2, col: 2 }, { row: 2, col: 2 }],
      ['Sheet2', { row: 3, col: 3 }, { row: 3, col: 3 }],
      ['My sheet', { row: 4, col: 4 }, { row: 4, col: 4 }],
      [null, { row: 0, col: 0 }, { row: 0, col: 0 }],
    ])
    const colors = refs.map((r) => r.color)
    expect(new Set(colors.slice(0, 4)).size).toBe(4)
  })

  it('skips function names, text in quotes and anything that is not a formula', () => {
    expect(formulaRefs('=LOG10(100)&"A1"&ATAN2(1,2)')).toEqual([])
    expect(formulaRefs('A1+B2')).toEqual([])
  })
})

describe('point mode', () => {
  it('points after =, operators, ( and , but not inside a term or a string', () => {
    expect(canPointAt('=', 1)).toBe(true)
    expect(canPointAt('=SUM(', 5)).toBe(true)
    expect(canPointAt('=A1+', 4)).toBe(true)
    expect(canPointAt('=SUM(A1, ', 9)).toBe(true)
    expect(canPointAt('=A1', 3)).toBe(false)
    expect(canPointAt('=2*3', 4)).toBe(false)
    expect(canPointAt('="a,', 4)).toBe(false)
    expect(canPointAt('1+', 2)).toBe(false)
  })

  it('writes references as they are typed and splices them in', () => {
    expect(refText({ start: { row: 0, col: 0 }, end: { row: 2, col: 1 } })).toBe('A1:B3')
    expect(refText({ start: { row: 3, col: 1 }, end: { row: 3, col: 1 } }, 'Sheet2')).toBe(
      'Sheet2!B4',
    )
    expect(refText({ start: { row: 0, col: 0 }, end: { row: 0, col: 0 } }, "Bob's")).toBe(
      "'Bob''s'!A1",
    )
    expect(spliceRef('=A1+', 4, 4, 'B2')).toEqual({ text: '=A1+B2', end: 6 })
  })
})
