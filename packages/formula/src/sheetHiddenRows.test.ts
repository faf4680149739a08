import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getCell, initSheet, setCells, setFilter, setHiddenAt, SheetLayout } from '@cellmate/model'
import { cellError } from './cellValue.js'
import { filterCellOf, sheetHiddenRows } from './sheetHiddenRows.js'

describe('sheetHiddenRows: the rows every engine is told are hidden', () => {
  it('reads a cell as the grid shows it: number format, TRUE, error code', () => {
    expect(filterCellOf('0.5', 0.5, { numFmt: 'percent' })).toEqual({
      value: 0.5,
      text: '50.00%',
      fill: undefined,
    })
    expect(filterCellOf('true', true, { fill: '#ff0000' })).toEqual({
      value: true,
      text: 'TRUE',
      fill: '#ff0000',
    })
    expect(filterCellOf('=1/0', cellError('#DIV/0!', 'Division by zero.'), {}).value).toBe(
      '#DIV/0!',
    )
  })

  it('hand-hidden rows and the rows the shared filter hides, as row ids', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 6, cols: 3 })
    const layout = new SheetLayout(doc)
    const id = (r: number) => layout.rowId(r)!
    const col = layout.colId(0)!
    setCells(doc, [
      { rowId: id(0), colId: col, value: 'Name' },
      { rowId: id(1), colId: col, value: 'a' },
      { rowId: id(2), colId: col, value: 'b' },
      { rowId: id(3), colId: col, value: 'c' },
    ])
    const cellOf = (rowId: string, colId: string) =>
      filterCellOf(getCell(doc, rowId, colId), null, {})
    expect(sheetHiddenRows(doc, cellOf)).toEqual({ hidden: new Set(), filtered: new Set() })
    setHiddenAt(doc, 'rows', 4, 1, true)
    setFilter(
      doc,
      { start: { row: 0, col: 0 }, end: { row: 3, col: 0 } },
      { [col]: { hiddenValues: ['b'] } },
    )
    const rows = sheetHiddenRows(doc, cellOf, layout)
    expect(rows).toEqual({ hidden: new Set([id(4)]), filtered: new Set([id(2)]) })
    layout.destroy()
  })
})
