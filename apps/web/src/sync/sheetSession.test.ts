import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  UndoHistory,
  deleteRows,
  initSheet,
  insertRows,
  setCell,
  setFormat,
  sheetTypes,
  type CellFormat,
} from '@cellmate/model'
import { SheetSession } from './sheetSession'

const LOCAL = Object.freeze({ session: 'test' })

function open(rows = 10, cols = 3): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  return new SheetSession('s1', { doc, release() {} }, LOCAL)
}

describe('SheetSession', () => {
  it('reports one change per transaction, deletions of rows and columns included', () => {
    const sheet = open()
    let changes = 0
    let structural = 0
    sheet.onChange(() => changes++)
    sheet.onStructureChange(() => structural++)
    sheet.write(0, 0, 'x')
    expect([changes, structural]).toEqual([1, 0])
    // One transaction touching rows, removedRows and cells: one bump, not three.
    deleteRows(sheet.doc, 0, 1, 'remote')
    expect([changes, structural]).toEqual([2, 1])
    // A deletion that only reaches this replica as `removedRows` (the row id was already
    // moved out of the array by a concurrent edit) still bumps.
    sheetTypes(sheet.doc).removedRows.set('ghost', true)
    expect([changes, structural]).toEqual([3, 2])
  })

  it('applies structural edits with the session origin, so they can be undone', () => {
    const sheet = open()
    const history = new UndoHistory(LOCAL)
    history.track(sheet.doc)
    sheet.write(2, 0, 'row 3')
    sheet.apply({ kind: 'insert', axis: 'rows', at: 0, count: 2 })
    expect(sheet.read(4, 0)).toBe('row 3')
    sheet.apply({ kind: 'move', axis: 'rows', from: 4, count: 1, to: 0 })
    expect(sheet.read(0, 0)).toBe('row 3')
    sheet.apply({ kind: 'delete', axis: 'cols', at: 2, count: 1 })
    expect(sheet.layout.colCount).toBe(2)
    history.undo()
    history.undo()
    history.undo()
    expect(sheet.layout.rowCount).toBe(10)
    expect(sheet.layout.colCount).toBe(3)
    expect(sheet.read(2, 0)).toBe('row 3')
  })

  it("tells where an undo changed a cell, skipping other users' edits", () => {
    const sheet = open()
    const history = new UndoHistory(LOCAL)
    history.track(sheet.doc)
    sheet.write(1, 2, 'mine')
    const { rows, cols } = sheetTypes(sheet.doc)
    setCell(sheet.doc, rows.get(5), cols.get(0), 'theirs', 'remote')
    insertRows(sheet.doc, 0, 1, 'remote')
    expect(sheet.cellChangedBy(() => history.undo())).toEqual({ row: 2, col: 2 })
    expect(sheet.read(2, 2)).toBe('')
    expect(sheet.read(6, 0)).toBe('theirs')
    expect(sheet.cellChangedBy(() => history.redo())).toEqual({ row: 2, col: 2 })
    expect(sheet.cellChangedBy(() => undefined)).toBeNull()
  })

  it("writes a pasted block's formats with its values, as one undo step", () => {
    const sheet = open()
    const history = new UndoHistory(LOCAL)
    history.track(sheet.doc)
    setFormat(
      sheet.doc,
      { start: { row: 1, col: 0 }, end: { row: 1, col: 0 } },
      'italic',
      true,
      'remote',
    )

    sheet.writeBlock([
      { row: 0, col: 0, value: '1234', format: { bold: true, numFmt: 'currency' } },
      { row: 1, col: 0, value: '0.25', format: { numFmt: 'percent' } },
      { row: 2, col: 0, value: 'kept format' },
    ])

    expect(sheet.format(0, 0)).toEqual({ bold: true, numFmt: 'currency' })
    // The pasted format replaces what the cell had, as in Excel and Sheets.
    expect(sheet.format(1, 0)).toEqual({ numFmt: 'percent' })
    history.undo()
    expect([sheet.read(0, 0), sheet.read(1, 0)]).toEqual(['', ''])
    expect(sheet.format(0, 0)).toEqual({})
    expect(sheet.format(1, 0)).toEqual({ italic: true })
  })

  it('refuses a block whose format cannot be stored, writing none of it', () => {
    const sheet = open()
    const bad = { color: 'red' } as unknown as CellFormat
    expect(() => sheet.writeBlock([{ row: 0, col: 0, value: 'x', format: bad }])).toThrow()
    expect(sheet.read(0, 0)).toBe('')
  })
})
