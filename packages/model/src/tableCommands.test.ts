import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import { getCell, initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import {
  applyWritesToTables,
  formatAsTable,
  growTablesTo,
  nextTableName,
  renameColumnAtHeader,
} from './tableCommands.js'
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
      growTablesTo(doc, r('B4'), history.origin)
    }, history.origin)
    expect(formatRange(readTables(doc)[0]!.range)).toBe('A1:B4')
    expect(growTablesTo(doc, r('A6'))).toEqual([]) // not the row just under it
    expect(growTablesTo(doc, r('D5'))).toEqual([]) // not under or beside it
    history.undo()
    expect(formatRange(readTables(doc)[0]!.range)).toBe('A1:B3')
    expect(getCell(doc, layout.rowId(3)!, layout.colId(1)!)).toBe('')
  })

  it('a table with a totals row does not grow', () => {
    const { doc } = sheet()
    formatAsTable(doc, { range: r('A1:B4'), totalsRow: true })
    expect(growTablesTo(doc, r('A5:B6'))).toEqual([])
  })

  it('text typed into a header cell renames its column; empty and repeated names as Excel makes them', () => {
    const { doc, layout, type } = sheet()
    type('A1', 'Region')
    type('B1', 'Amount')
    const { id } = formatAsTable(doc, { range: r('A1:C3') })
    const columns = () => readTables(doc).find((t) => t.id === id)?.columns
    const header = () => [0, 1, 2].map((c) => layout.cellAt(0, c))

    expect(renameColumnAtHeader(doc, 0, 1, 'Net')).toBe('Net')
    expect(columns()).toEqual(['Region', 'Net', 'Column3'])
    expect(renameColumnAtHeader(doc, 0, 2, 'region')).toBe('region2')
    expect(renameColumnAtHeader(doc, 0, 0, '')).toBe('Column1')
    expect(columns()).toEqual(['Column1', 'Net', 'region2'])
    expect(header()).toEqual(['Column1', 'Net', 'region2'])
    // A header is text: a typed number or formula stays as typed, as text.
    expect(renameColumnAtHeader(doc, 0, 1, '2026')).toBe('2026')
    expect(renameColumnAtHeader(doc, 0, 2, '=1+1')).toBe('=1+1')
    expect(header()).toEqual(['Column1', "'2026", "'=1+1"])
    // Not a header cell: nothing happens.
    expect(renameColumnAtHeader(doc, 1, 1, 'x')).toBeNull()
    expect(renameColumnAtHeader(doc, 0, 3, 'x')).toBeNull()
    expect(layout.cellAt(1, 1)).toBe('')
  })

  it('a block pasted under a table or beside it grows it; a new column is named by its header cell or ColumnN', () => {
    const { doc, layout, type } = sheet()
    type('A1', 'Region')
    type('B1', 'Amount')
    const { id } = formatAsTable(doc, { range: r('A1:B3') })
    const table = () => readTables(doc).find((t) => t.id === id)!
    // Three rows pasted just under it, wider than it: the rows join, the extra column does not.
    expect(growTablesTo(doc, r('A4:C6')).map((t) => formatRange(t.range))).toEqual(['A1:B6'])
    // Two columns filled just right of it: they join; C1 holds text, D1 is empty.
    type('C1', 'Tax')
    growTablesTo(doc, r('C1:D6'))
    expect(formatRange(table().range)).toBe('A1:D6')
    expect(table().columns).toEqual(['Region', 'Amount', 'Tax', 'Column4'])
    expect(layout.cellAt(0, 3)).toBe('Column4')
    // Beside it but below its rows, or two columns away: nothing.
    expect(growTablesTo(doc, r('E7:E8'))).toEqual([])
    expect(growTablesTo(doc, r('F1'))).toEqual([])
  })

  it('cells written one by one (REST) grow a table row after row and rename the columns whose header they write', () => {
    const { doc, layout, type } = sheet()
    type('A1', 'Region')
    type('B1', 'Amount')
    const { id } = formatAsTable(doc, { range: r('A1:B3') })
    const table = () => readTables(doc).find((t) => t.id === id)!
    const write = (cells: Record<string, string>) => {
      const writes = Object.entries(cells).map(([a1, value]) => ({ ...r(a1).start, value }))
      for (const [a1, value] of Object.entries(cells)) type(a1, value)
      return applyWritesToTables(doc, writes)
    }
    // A4 and B5 reach two rows down; A7 is past a row with no write (row 6): it stays outside.
    expect(write({ A4: 'north', B5: '7', A7: 'far' }).map((t) => formatRange(t.range))).toEqual([
      'A1:B5',
    ])
    // A header and a value just right of it: a new column, named by its header.
    write({ C1: 'Tax', C2: '0.2' })
    expect(formatRange(table().range)).toBe('A1:C5')
    expect(table().columns).toEqual(['Region', 'Amount', 'Tax'])
    // Header cells written rename their columns; "" makes ColumnN, a taken name gets a number.
    expect(write({ B1: 'Net', C1: '' })).toEqual([])
    expect(table().columns).toEqual(['Region', 'Net', 'Column3'])
    write({ C1: 'net' })
    expect(table().columns).toEqual(['Region', 'Net', 'net2'])
    expect([0, 1, 2].map((c) => layout.cellAt(0, c))).toEqual(['Region', 'Net', 'net2'])
    // Cleared cells under a table do not grow it.
    expect(write({ A6: '' })).toEqual([])
    expect(formatRange(table().range)).toBe('A1:C5')
  })
})
