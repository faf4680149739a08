import { describe, expect, it } from 'vitest'
import { addName, listNames, parseRange, setCells, type SheetLayout } from '@cellmate/model'
import { toDisplayFormula, toStoredNameFormula } from './anchoredFormula.js'
import { followMove, withSheetNamed, type CellMove } from './cellMove.js'
import { Replica } from './__tests__/workbookTestBed.js'

/**
 * Cuts `from` (an A1 range on `sheet`) and pastes it with its top-left at `to` (on `toSheet`,
 * by default the same sheet), as the grid does (raw inputs written at the destination, moved to
 * another sheet with their references naming the sheet they read, the rest of the source
 * emptied), then makes references follow the moved cells.
 */
function cutPaste(
  book: Replica,
  from: string,
  to: string,
  sheet = book.firstSheetId(),
  toSheet = sheet,
): void {
  const layout = book.layouts.get(sheet) as SheetLayout
  const toLayout = book.layouts.get(toSheet) as SheetLayout
  const range = parseRange(from)!
  const at = parseRange(to)!.start
  const dRows = at.row - range.start.row
  const dCols = at.col - range.start.col
  const rowId = (i: number) => layout.rowId(i) as string
  const colId = (i: number) => layout.colId(i) as string
  const toRowId = (i: number) => toLayout.rowId(i) as string
  const toColId = (i: number) => toLayout.colId(i) as string
  const cleared = new Map<string, { rowId: string; colId: string; value: string }>()
  const pasted = new Map<string, { rowId: string; colId: string; value: string }>()
  const move: CellMove = { sheetId: sheet, rows: new Map(), cols: new Map(), toSheetId: toSheet }
  for (let row = range.start.row; row <= range.end.row; row++) {
    for (let col = range.start.col; col <= range.end.col; col++) {
      cleared.set(`${row}:${col}`, { rowId: rowId(row), colId: colId(col), value: '' })
    }
  }
  for (let row = range.start.row; row <= range.end.row; row++) {
    ;(move.rows as Map<string, string>).set(rowId(row), toRowId(row + dRows))
    for (let col = range.start.col; col <= range.end.col; col++) {
      ;(move.cols as Map<string, string>).set(colId(col), toColId(col + dCols))
      const raw = layout.cellAt(row, col)
      const value = toSheet === sheet ? raw : withSheetNamed(raw, sheet)
      const cell = { rowId: toRowId(row + dRows), colId: toColId(col + dCols), value }
      if (toSheet === sheet) cleared.set(`${row + dRows}:${col + dCols}`, cell)
      else pasted.set(`${row + dRows}:${col + dCols}`, cell)
    }
  }
  setCells(book.sheetDocs.get(sheet)!, [...cleared.values()])
  if (pasted.size > 0) setCells(book.sheetDocs.get(toSheet)!, [...pasted.values()])
  followMove(book.workbook, book.sheetDocs, move)
}

describe('cut and paste', () => {
  it('points formulas at a cut cell where it went, and keeps the moved formula as it was', () => {
    const book = Replica.create()
    book.type('A1', '5')
    book.type('B1', '=A1*2')
    book.type('C1', '=B1+1')

    cutPaste(book, 'B1', 'B4')

    expect(book.display('B4')).toBe('=A1*2')
    expect(book.display('C1')).toBe('=B4+1')
    expect(book.value('C1')).toBe(11)
  })

  it('makes formulas follow a cut value, keeping their $ markers', () => {
    const book = Replica.create()
    book.type('A1', '5')
    book.type('B1', '=A1*2')
    book.type('E1', '=$A1+A$1+$A$1')
    book.type('F1', '=SUM(A1:A2)')

    cutPaste(book, 'A1', 'C5')

    expect(book.display('B1')).toBe('=C5*2')
    expect(book.value('B1')).toBe(10)
    expect(book.display('E1')).toBe('=$C5+C$5+$C$5')
    // Only partly moved: the range stays, as in Excel.
    expect(book.display('F1')).toBe('=SUM(A1:A2)')
  })

  it('moves a range wholly cut, and references among the moved cells move with them', () => {
    const book = Replica.create()
    book.type('A1', '1')
    book.type('A2', '2')
    book.type('A3', '=A1+A2')
    book.type('B1', '=SUM(A1:A3)')

    cutPaste(book, 'A1:A3', 'D1')

    expect(book.display('B1')).toBe('=SUM(D1:D3)')
    expect(book.display('D3')).toBe('=D1+D2')
    expect(book.value('B1')).toBe(6)
  })

  it('follows a move whose destination overlaps its source', () => {
    const book = Replica.create()
    book.type('A1', '1')
    book.type('A2', '2')
    book.type('B1', '=A1')
    book.type('B2', '=A2')

    cutPaste(book, 'A1:A2', 'A2')

    expect(book.display('B1')).toBe('=A2')
    expect(book.display('B2')).toBe('=A3')
    expect([book.value('B1'), book.value('B2')]).toEqual([1, 2])
  })

  it('rewrites references from other sheets and in defined names', () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    book.addSheet('Sheet2')
    book.type('B1', '7')
    book.type('Sheet2!A1', '=Sheet1!B1')
    const formula = toStoredNameFormula('=Sheet1!$B$1', book.context(sheet))
    const nameId = addName(book.workbook, { name: 'Seven', formula }).id

    cutPaste(book, 'B1', 'D4')

    expect(book.display('Sheet2!A1')).toBe('=Sheet1!D4')
    expect(book.value('Sheet2!A1')).toBe(7)
    const name = listNames(book.workbook).find((n) => n.id === nameId)
    expect(toDisplayFormula(name?.formula ?? '', book.context(sheet))).toBe('=Sheet1!$D$4')
  })

  it('leaves references to the same address on another sheet alone', () => {
    const book = Replica.create()
    book.addSheet('Sheet2')
    book.type('Sheet2!B1', '3')
    book.type('Sheet2!C1', '=B1')
    book.type('B1', '4')

    cutPaste(book, 'B1', 'B4')

    expect(book.display('Sheet2!C1')).toBe('=B1')
    expect(book.value('Sheet2!C1')).toBe(3)
  })

  it('moves cells cut to another sheet: references follow them there, named on other sheets', () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    const other = book.addSheet('Sheet2')
    book.type('B1', '7')
    book.type('C1', '=B1*2')
    book.type('Sheet2!A1', '=Sheet1!B1+1')
    book.type('Sheet2!A2', '=Sheet1!C1')
    const formula = toStoredNameFormula('=Sheet1!$B$1', book.context(sheet))
    const nameId = addName(book.workbook, { name: 'Seven', formula }).id

    cutPaste(book, 'B1', 'D4', sheet, other)

    expect(book.display('B1')).toBe('')
    expect(book.display('Sheet2!D4')).toBe('7')
    // On the sheet the cell went to, the reference needs no sheet name.
    expect(book.display('Sheet2!A1')).toBe('=D4+1')
    expect(book.value('Sheet2!A1')).toBe(8)
    // On the sheet it left, it names where it went.
    expect(book.display('C1')).toBe('=Sheet2!D4*2')
    expect(book.value('C1')).toBe(14)
    expect(book.display('Sheet2!A2')).toBe('=Sheet1!C1')
    const name = listNames(book.workbook).find((n) => n.id === nameId)
    expect(toDisplayFormula(name?.formula ?? '', book.context(sheet))).toBe('=Sheet2!$D$4')
  })

  it('keeps a formula cut to another sheet reading the cells it read, and those moved with it', () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    const other = book.addSheet('Sheet2')
    book.type('A1', '5')
    book.type('B1', '2')
    book.type('C1', '=A1+B1')

    cutPaste(book, 'B1:C1', 'A3', sheet, other)

    expect(book.display('Sheet2!B3')).toBe('=Sheet1!A1+A3')
    expect(book.value('Sheet2!B3')).toBe(7)
  })
})
