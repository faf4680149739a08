import { describe, expect, it } from 'vitest'
import { addName } from '@cellmate/model'
import { toStoredNameFormula } from './anchoredFormula.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** A workbook with `rows` typed from A1, for formulas typed anywhere. */
function book(rows: readonly (readonly (string | number)[])[]): Replica {
  const b = Replica.create({ rows: 20, cols: 10 })
  rows.forEach((line, r) =>
    line.forEach((v, c) => b.type(`${String.fromCharCode(65 + c)}${r + 1}`, String(v))),
  )
  return b
}

/** Values of the block from `top`-left `left` letter, `rows` x `cols`. */
function block(b: Replica, left: string, top: number, rows: number, cols: number): unknown[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) =>
      b.value(`${String.fromCharCode(left.charCodeAt(0) + c)}${top + r}`),
    ),
  )
}

const strip = (rows: unknown[][]): unknown[][] =>
  rows.map((line) =>
    line.map((v) => (v && typeof v === 'object' && 'error' in v ? { error: v.error } : v)),
  )

// ECMA-376 (Office Open XML) Part 4, "Single- and Multi-Cell Formulas", and Microsoft Support,
// "Dynamic array formulas vs. legacy CSE array formulas": a legacy array formula keeps its
// range, whatever the size of its result.
describe('ARRAYFIT: a legacy (Ctrl+Shift+Enter) array formula fitted to its range', () => {
  const data = [
    [1, 10],
    [2, 20],
    [3, 30],
  ]

  it('cuts a larger result to the range ("truncate the return area if it is too small")', () => {
    const b = book(data)
    b.type('D1', '=ARRAYFIT(A1:B3*2,2,1)')
    expect(block(b, 'D', 1, 3, 2)).toEqual([
      [2, null],
      [4, null],
      [null, null],
    ])
  })

  it('fills cells past a smaller result with #N/A ("return #N/A\'s if too large")', () => {
    const b = book(data)
    b.type('D1', '=ARRAYFIT(A1:B3,4,3)')
    expect(strip(block(b, 'D', 1, 4, 3))).toEqual([
      [1, 10, { error: '#N/A' }],
      [2, 20, { error: '#N/A' }],
      [3, 30, { error: '#N/A' }],
      [{ error: '#N/A' }, { error: '#N/A' }, { error: '#N/A' }],
    ])
  })

  it('gives every cell a single value (ECMA-376: A10:A12 holding SIN(0.3) each show 0.295520207)', () => {
    const b = book([])
    b.type('A10', '=ARRAYFIT(SIN(0.3),3,1)')
    for (const cell of ['A10', 'A11', 'A12']) {
      expect(b.value(cell)).toBeCloseTo(0.295520207, 9)
    }
  })

  it('repeats a single row down and a single column across the range', () => {
    const b = book(data)
    b.type('D1', '=ARRAYFIT({1,2},3,3)')
    expect(strip(block(b, 'D', 1, 3, 3))).toEqual([
      [1, 2, { error: '#N/A' }],
      [1, 2, { error: '#N/A' }],
      [1, 2, { error: '#N/A' }],
    ])
    b.type('D5', '=ARRAYFIT(A1:A3,3,2)')
    expect(block(b, 'D', 5, 3, 2)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })

  it('in one cell takes the first value (ECMA-376: SIN({0.3,0.4,0.5}) gives 0.295520207)', () => {
    const b = book([])
    b.type('A10', '=ARRAYFIT(SIN({0.3,0.4,0.5}),1,1)')
    expect(b.value('A10')).toBeCloseTo(0.295520207, 9)
    expect(b.value('B10')).toBeNull()
  })

  it('recalculates when the cells it reads change', () => {
    const b = book(data)
    b.type('D1', '=ARRAYFIT(A1:A3*B1:B3,2,1)')
    b.type('A2', '5')
    expect(block(b, 'D', 1, 3, 1)).toEqual([[10], [100], [null]])
  })

  it('needs its size typed as whole numbers', () => {
    const b = book(data)
    b.type('D1', '=ARRAYFIT(A1:A3,A1,1)')
    expect(b.value('D1')).toMatchObject({ error: '#VALUE!' })
  })
})

// Microsoft Support, "Implicit intersection operator: @": a range gives the cell in the
// formula's row or column, an array its top-left value, a single value itself.
describe('@, implicit intersection', () => {
  const data = [
    [1, 10],
    [2, 20],
    [3, 30],
    [4, 40],
  ]

  it('reads a column range in the formula’s own row', () => {
    const b = book(data)
    b.type('D3', '=@A1:A4')
    b.type('D2', '=@A1:A4*2+@B1:B4')
    expect(b.value('D3')).toBe(3)
    expect(b.value('D2')).toBe(24)
    expect(b.value('D4')).toBeNull()
  })

  it('reads a row range in the formula’s own column', () => {
    const b = book([[1, 2, 3]])
    b.type('B5', '=@A1:C1')
    expect(b.value('B5')).toBe(2)
  })

  it('is #VALUE! outside the range’s rows', () => {
    const b = book(data)
    b.type('D8', '=@A1:A4')
    expect(b.value('D8')).toMatchObject({ error: '#VALUE!' })
  })

  it('takes an array’s top-left value and keeps a single value', () => {
    const b = book(data)
    b.type('D3', '=@{7,8;9,10}')
    b.type('E3', '=@A2')
    expect(b.value('D3')).toBe(7)
    expect(b.value('E3')).toBe(2)
  })

  it('applies to a function’s result and binds tighter than operators', () => {
    const b = book(data)
    b.type('D3', '=@INDEX(A1:B4,0,2)')
    b.type('E3', '=SUM(@A1:A4, 100)')
    b.type('F3', '=@(A1:A4)*2')
    expect(b.value('D3')).toBe(30)
    expect(b.value('E3')).toBe(103)
    expect(b.value('F3')).toBe(6)
  })

  it('reads a named range in the formula’s own row (=@Price*@Qty)', () => {
    const b = book(data)
    const ctx = b.context(b.firstSheetId())
    addName(b.workbook, { name: 'Price', formula: toStoredNameFormula('A1:A4', ctx) })
    addName(b.workbook, { name: 'Qty', formula: toStoredNameFormula('B1:B4', ctx) })
    b.type('D3', '=@Price*@Qty')
    expect(b.value('D3')).toBe(90)
  })

  it('is kept in the formula as typed', () => {
    const b = book(data)
    b.type('D3', '=@A1:A4')
    expect(b.display('D3')).toBe('=@A1:A4')
  })
})
