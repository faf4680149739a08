import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import { getCell, initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { formatAsTable, growTableBelow, nextTableName } from './tableCommands.js'
import { readTables } from './tables.js'
import { UndoHistory } from './undoHistory.js'

const r = (a1: string) => parseRange(a1)!

function sheet(): { doc: Y.Doc; layout: SheetLayout; type: (a1: string, v: string) => void } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 6 })
  const layout = new SheetLayout(doc)
  const type = (a1: string, v: string) => {
    const { start } = r(a1)
    setCell(doc, layout.rowId(start.row)!, layout.colId(start.col)!, v)
  }
  return { doc, layout, type }
}

describe('table commands', () => {
  it('Format as Table names the table TableN and its columns from the header row', () => {
    const { doc, layout, type } = sheet()
    type('A1', 'Region')
    type('C1', '=1+1')
    const t = formatAsTable(doc, { range: r('A1:C3') }, undefined, ['table1'])
    expect(t).toMatchObject({ name: 'Table2', columns: ['Region', 'Column2', 'Column3'] })
    expect([0, 1, 2].map((c) => layout.cellAt(0, c))).toEqual(['Region', 'Column2', '=1+1'])
    expect(nextTableName(['Table1', 'TABLE2'])).toBe('Table3')
  })

  it('a value typed just under a table grows it, in the same undo step', () => {
    const { doc, layout } = sheet()
    const history = new UndoHistory({})
    history.track(doc)
    formatAsTable(doc, { range: r('A1:B3') }, history.origin)
    doc.transact(() => {
      setCell(doc, layout.rowId(3)!, layout.colId(1)!, '7')
      growTableBelow(doc, 3, 1, history.origin)
    }, history.origin)
    expect(formatRange(readTables(doc)[0]!.range)).toBe('A1:B4')
    expect(growTableBelow(doc, 5, 0)).toBeNull() // not the row just under it
    expect(growTableBelow(doc, 4, 3)).toBeNull() // not under its columns
    history.undo()
    expect(formatRange(readTables(doc)[0]!.range)).toBe('A1:B3')
    expect(getCell(doc, layout.rowId(3)!, layout.colId(1)!)).toBe('')
  })

  it('a table with a totals row does not grow', () => {
    const { doc } = sheet()
    formatAsTable(doc, { range: r('A1:B4'), totalsRow: true })
    expect(growTableBelow(doc, 4, 0)).toBeNull()
  })
})
