import { describe, expect, it } from 'vitest'
import { addName, addTable, listNames, parseRange, readTables, setCell } from '@cellmate/model'
import { toDisplayFormula, toStoredNameFormula } from './anchoredFormula.js'
import { convertTableToRange } from './tableConversion.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** Sheet1 with the table Sales over A1:D5 (Region, Amount, Qty, Total = [@Amount]*[@Qty]). */
function salesBook(): { book: Replica; id: string } {
  const book = Replica.create()
  const rows = [
    ['Region', 'Amount', 'Qty', 'Total'],
    ['North', '10', '1'],
    ['South', '20', '2'],
    ['East', '30', '3'],
    ['West', '40', '4'],
  ]
  rows.forEach((cells, r) => cells.forEach((text, c) => book.type(`${'ABCD'[c]}${r + 1}`, text)))
  const { id } = addTable(book.doc(), {
    name: 'Sales',
    range: parseRange('A1:D5')!,
    columns: rows[0],
  })
  for (const r of [2, 3, 4, 5]) book.type(`D${r}`, '=[@Amount]*[@Qty]')
  return { book, id }
}

describe('Convert to range', () => {
  it('writes every structured reference to the table as the range it names, as Excel does', () => {
    const { book, id } = salesBook()
    book.type('F1', '=SUM(Sales[Amount])')
    book.type('F2', '=Sales[[#Headers],[Qty]]')
    book.type('F3', '=ROWS(Sales[#All])')
    book.type('F4', '=SUM(Sales[[Amount]:[Qty]])')
    book.type('F5', '=SUM(Sales)')
    book.type('F6', '=Sales[@Amount]') // outside the data rows' span: #VALUE! in Excel too
    const before = ['D3', 'F1', 'F2', 'F3', 'F4', 'F5'].map((a) => book.value(a))

    expect(convertTableToRange(book.workbook, book.sheetDocs, book.firstSheetId(), id)).toBe(true)

    expect(readTables(book.doc())).toEqual([])
    expect(book.display('D3')).toBe('=$B3*$C3')
    expect(book.display('F1')).toBe('=SUM($B$2:$B$5)')
    expect(book.display('F2')).toBe('=$C$1')
    expect(book.display('F3')).toBe('=ROWS($A$1:$D$5)')
    expect(book.display('F4')).toBe('=SUM($B$2:$C$5)')
    expect(book.display('F5')).toBe('=SUM($A$2:$D$5)')
    expect(book.display('F6')).toBe('=#VALUE!')
    expect(['D3', 'F1', 'F2', 'F3', 'F4', 'F5'].map((a) => book.value(a))).toEqual(before)
    expect(book.errors).toEqual([])
  })

  it('rewrites formulas on other sheets and defined names, and leaves other tables alone', () => {
    const { book, id } = salesBook()
    book.addSheet('Report')
    book.type('Report!A1', '=SUM(Sales[Amount])')
    book.type('Report!A2', '=ROWS(Sales[#All])')
    book.type('H1', 'K')
    book.type('H2', '5')
    book.type('H3', '6')
    addTable(book.doc(), { name: 'Other', range: parseRange('H1:H3')!, columns: ['K'] })
    book.type('Report!A3', '=SUM(Other[K])+SUM(Sales[Qty])')
    const sheet = book.firstSheetId()
    const formula = toStoredNameFormula('=Sales[Qty]', book.context(sheet))
    const nameId = addName(book.workbook, { name: 'Quantities', formula }).id
    book.type('Report!A4', '=SUM(Quantities)')

    convertTableToRange(book.workbook, book.sheetDocs, sheet, id)

    expect(book.display('Report!A1')).toBe('=SUM(Sheet1!$B$2:$B$5)')
    expect(book.value('Report!A1')).toBe(100)
    expect(book.display('Report!A2')).toBe('=ROWS(Sheet1!$A$1:$D$5)')
    expect(book.display('Report!A3')).toBe('=SUM(Other[K])+SUM(Sheet1!$C$2:$C$5)')
    expect(book.value('Report!A3')).toBe(21)
    const name = listNames(book.workbook).find((n) => n.id === nameId)
    expect(toDisplayFormula(name?.formula ?? '', book.context(sheet))).toBe('=Sheet1!$C$2:$C$5')
    expect(book.value('Report!A4')).toBe(10)
    expect(readTables(book.doc()).map((t) => t.name)).toEqual(['Other'])
  })

  it('also converts references stored as typed (written before the table existed)', () => {
    const { book, id } = salesBook()
    const layout = book.layouts.get(book.firstSheetId())!
    const put = (row: number, col: number, text: string) =>
      setCell(book.doc(), layout.rowId(row)!, layout.colId(col)!, text)
    put(2, 4, '=[@Amount]*2') // E3, next to the table: not in it, stays
    put(2, 3, '=[@Amount]*2') // D3, in it
    put(0, 6, '=SUM(sales)+SUM(Sales[Qty])') // G1
    convertTableToRange(book.workbook, book.sheetDocs, book.firstSheetId(), id)
    expect(book.display('D3')).toBe('=$B3*2')
    expect(book.display('E3')).toBe('=[@Amount]*2')
    expect(book.display('G1')).toBe('=SUM($A$2:$D$5)+SUM($C$2:$C$5)')
    expect(book.value('D3')).toBe(40)
  })

  it('answers false for a table that is not there and changes nothing', () => {
    const { book } = salesBook()
    book.type('F1', '=SUM(Sales[Amount])')
    const raw = book.raw('F1')
    expect(convertTableToRange(book.workbook, book.sheetDocs, book.firstSheetId(), 'nope')).toBe(
      false,
    )
    expect(book.raw('F1')).toBe(raw)
  })
})
