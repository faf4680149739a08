import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { colToLetters, deleteSheet, insertCols, insertRows, renameSheet } from '@cellmate/model'
import { referencedSheetIds, toDisplayFormula, toStoredFormula } from './anchoredFormula.js'
import { Replica, TEST_SHEET_SIZE } from './__tests__/workbookTestBed.js'

function book(): { r: Replica; ctx: ReturnType<Replica['context']>; other: string } {
  const r = Replica.create()
  const other = r.addSheet('My sheet')
  r.addSheet('Sheet2')
  return { r, ctx: r.context(r.firstSheetId()), other }
}

describe('stored formulas', () => {
  it('anchor every reference to ids and read back as typed', () => {
    const { ctx, other } = book()
    const typed = "=SUM($A$1:B3)+A:A+$2:3+'My sheet'!C4+Sheet2!$B$2:C9"
    const stored = toStoredFormula(typed, ctx)
    expect(stored).not.toMatch(/[A-C][0-9]/)
    expect(stored).toContain(`{s:${other}}!{r:`)
    expect(stored).toMatch(
      /^=SUM\(\{r:\$[^,]+,c:\$[^}]+\}:\{r:[^,]+,c:[^}]+\}\)\+\{c:[^}]+\}:\{c:[^}]+\}/,
    )
    expect(toDisplayFormula(stored, ctx)).toBe(typed)
  })

  it('leave values and string literals alone', () => {
    const { ctx } = book()
    for (const value of ['12', 'A1', "'=A1", '', 'hello =A1', '=']) {
      expect(toStoredFormula(value, ctx)).toBe(value)
      expect(toDisplayFormula(value, ctx)).toBe(value)
    }
    const stored = toStoredFormula('="A1 and Sheet2!B2 ""C3"""&A1', ctx)
    expect(stored.startsWith('="A1 and Sheet2!B2 ""C3"""&{r:')).toBe(true)
  })

  it('upper-case functions and TRUE/FALSE as Excel does on entry', () => {
    const { ctx } = book()
    expect(toDisplayFormula(toStoredFormula('=sum(a1:b2)+if(true,1,false)', ctx), ctx)).toBe(
      '=SUM(A1:B2)+IF(TRUE,1,FALSE)',
    )
  })

  it('normalise a range typed backwards, carrying the $ with its coordinate', () => {
    const { ctx } = book()
    expect(toDisplayFormula(toStoredFormula('=SUM(B$3:$A1)', ctx), ctx)).toBe('=SUM($A1:B$3)')
  })

  it('keep a reference past the end of the sheet, or to an unknown sheet, as typed', () => {
    const { r, ctx } = book()
    const typed = `=A${TEST_SHEET_SIZE.rows + 5}+Nowhere!B2+${colToLetters(TEST_SHEET_SIZE.cols + 1)}1`
    const stored = toStoredFormula(typed, ctx)
    expect(stored).toBe(typed)
    insertRows(r.doc(), 0, 1)
    expect(toDisplayFormula(stored, ctx)).toBe(typed)
  })

  it('follow inserted rows and columns, and renamed sheets', () => {
    const { r, ctx, other } = book()
    const stored = toStoredFormula("=SUM(B2:C3)+'My sheet'!A1", ctx)
    insertRows(r.doc(), 0, 2)
    insertCols(r.doc(), 1, 1)
    insertRows(r.sheetDocs.get(other)!, 0, 1)
    renameSheet(r.workbook, other, 'Budget')
    expect(toDisplayFormula(stored, ctx)).toBe('=SUM(C4:D5)+Budget!A2')
  })

  it('read #REF! for a deleted sheet', () => {
    const { r, ctx, other } = book()
    const stored = toStoredFormula("='My sheet'!A1+SUM('My sheet'!A:A)+1", ctx)
    expect(referencedSheetIds(stored)).toEqual([other])
    deleteSheet(r.workbook, other)
    expect(toDisplayFormula(stored, ctx)).toBe('=#REF!+SUM(#REF!)+1')
  })

  it('round-trip any generated formula', () => {
    const { ctx } = book()
    const coord = fc.record({
      abs: fc.constantFrom('', '$'),
      row: fc.integer({ min: 1, max: TEST_SHEET_SIZE.rows }),
      col: fc.integer({ min: 0, max: TEST_SHEET_SIZE.cols - 1 }),
    })
    const cell = coord.map((c) => `${c.abs}${colToLetters(c.col)}${c.abs}${c.row}`)
    const ref = fc.oneof(
      cell,
      fc.tuple(cell, cell).map(([a, b]) => `${a}:${b}`),
      fc.tuple(coord, coord).map(([a, b]) => {
        const [x, y] = a.col <= b.col ? [a, b] : [b, a]
        return `${x.abs}${colToLetters(x.col)}:${y.abs}${colToLetters(y.col)}`
      }),
      fc.tuple(coord, coord).map(([a, b]) => {
        const [x, y] = a.row <= b.row ? [a, b] : [b, a]
        return `${x.abs}${x.row}:${y.abs}${y.row}`
      }),
    )
    const sheet = fc.constantFrom('', "'My sheet'!", 'Sheet2!')
    const term = fc.oneof(
      fc.tuple(sheet, ref).map(([s, r]) => s + r),
      fc.constantFrom('1', '"x, A1"', 'TRUE', '#N/A', '1.5E3'),
    )
    const formula = fc
      .array(fc.tuple(fc.constantFrom('SUM', 'MAX', 'COUNT'), term), { minLength: 1, maxLength: 4 })
      .map((parts) => `=${parts.map(([f, t]) => `${f}(${t})`).join('+')}`)
    fc.assert(
      fc.property(formula, (typed) => {
        const normalised = toDisplayFormula(toStoredFormula(typed, ctx), ctx)
        // Backwards ranges come back in order; nothing else changes.
        expect(toDisplayFormula(toStoredFormula(normalised, ctx), ctx)).toBe(normalised)
        expect(normalised.replace(/\$?[A-Z]+\$?\d+|\$?\d+|\$?[A-Z]+/g, '#')).toBe(
          typed.replace(/\$?[A-Z]+\$?\d+|\$?\d+|\$?[A-Z]+/g, '#'),
        )
      }),
      { numRuns: 300 },
    )
  })
})
