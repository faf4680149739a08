import { describe, expect, it } from 'vitest'
import { addName, listNames, SheetLayout } from '@cellmate/model'
import { toDisplayFormula, toStoredFormula, toStoredNameFormula } from './anchoredFormula.js'
import { deleteAxisKeepingRanges, snapDeletedEndpoints } from './rangeSnapping.js'
import { Replica } from './__tests__/workbookTestBed.js'

describe('snapping range endpoints before a delete', () => {
  it('moves each deleted endpoint inward, keeping $ and orientation', () => {
    const book = Replica.create()
    const id = book.firstSheetId()
    const ctx = book.context(id)
    const layout = new SheetLayout(book.doc())
    const rows = (from: number, to: number) => new Set(layout.rowIds.slice(from, to))
    const snap = (text: string, from: number, to: number) =>
      toDisplayFormula(
        snapDeletedEndpoints(
          toStoredFormula(text, ctx),
          id,
          { sheetId: id, axis: 'rows', ids: rows(from, to) },
          layout,
        ),
        ctx,
      )
    // Rows 3..4 (indexes 2, 3) are about to go; positions are still the old ones.
    expect(snap('=SUM($A$2:B3)', 2, 4)).toBe('=SUM($A$2:B2)')
    expect(snap('=SUM(A3:A10)', 2, 4)).toBe('=SUM(A5:A10)')
    expect(snap('=SUM(3:4)', 2, 4)).toBe('=SUM(3:4)')
    expect(snap('=A3+SUM(A1:A2)+SUM(A:A)', 2, 4)).toBe('=A3+SUM(A1:A2)+SUM(A:A)')
    layout.destroy()
  })

  it('rewrites formulas on other open sheets too, and refuses a bad delete without changing anything', () => {
    const book = Replica.create()
    book.addSheet('Data')
    book.type('Data!A1', '1')
    book.type('Data!A2', '2')
    book.type('A1', '=SUM(Data!A1:A2)')
    deleteAxisKeepingRanges(book.sheetDocs, book.sheetId('Data'), 'rows', 1, 1)
    expect(book.display('A1')).toBe('=SUM(Data!A1:A1)')
    expect(book.value('A1')).toBe(1)
    const before = book.display('A1')
    expect(() =>
      deleteAxisKeepingRanges(book.sheetDocs, book.sheetId('Data'), 'rows', 999, 1),
    ).toThrow()
    expect(book.display('A1')).toBe(before)
  })

  it('a named range whose first or last row is deleted shrinks, as in Excel', () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    for (const [i, v] of [10, 20, 30, 40].entries()) book.type(`B${i + 2}`, String(v))
    const formula = toStoredNameFormula('Sheet1!$B$2:$B$5', book.context(sheet))
    const id = addName(book.workbook, { name: 'Sales', formula }).id
    book.type('D1', '=SUM(Sales)')
    const refersTo = () =>
      toDisplayFormula(
        listNames(book.workbook).find((n) => n.id === id)?.formula ?? '',
        book.context(sheet),
      )
    // Row 5, the range's last, goes: the name ends on row 4.
    deleteAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 4, 1, undefined, book.workbook)
    expect(refersTo()).toBe('=Sheet1!$B$2:$B$4')
    expect(book.value('D1')).toBe(60)
    // Row 2, its first, goes: it starts on what was row 3, now row 2.
    deleteAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 1, 1, undefined, book.workbook)
    expect(refersTo()).toBe('=Sheet1!$B$2:$B$3')
    expect(book.value('D1')).toBe(50)
    // All of it goes: #REF!, as in Excel.
    deleteAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 1, 2, undefined, book.workbook)
    expect(book.value('D1')).toMatchObject({ error: '#REF!' })
    expect(book.errors).toEqual([])
  })
})
