import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, deleteRows, initSheet, setCell, setFormat } from '@cellmate/model'
import { filledCells, lastUsedCell } from './filledCells'

function sheet(): {
  doc: Y.Doc
  layout: SheetLayout
  write: (r: number, c: number, v: string) => void
} {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 1000, cols: 26 })
  const layout = new SheetLayout(doc)
  const write = (r: number, c: number, v: string) =>
    setCell(doc, layout.rowId(r)!, layout.colId(c)!, v)
  return { doc, layout, write }
}

describe('the last used cell (Ctrl+End)', () => {
  it('is the last row holding data crossed with the last column holding data, even if empty', () => {
    const { doc, layout, write } = sheet()
    write(0, 0, 'title')
    write(41, 1, '=A1')
    write(3, 5, '7')
    expect(lastUsedCell(filledCells(doc, layout))).toEqual({ row: 41, col: 5 })
  })

  it('is A1 on an empty sheet', () => {
    const { doc, layout } = sheet()
    expect(lastUsedCell(filledCells(doc, layout))).toEqual({ row: 0, col: 0 })
  })

  it('leaves out formats alone and cleared cells', () => {
    const { doc, layout, write } = sheet()
    write(2, 2, 'x')
    write(9, 9, 'gone')
    write(9, 9, '')
    setFormat(doc, [{ rowId: layout.rowId(500)!, colId: layout.colId(20)! }], 'bold', true)
    expect(lastUsedCell(filledCells(doc, layout))).toEqual({ row: 2, col: 2 })
  })

  it('follows rows deleted above the data and forgets the data of deleted rows', () => {
    const { doc, layout, write } = sheet()
    write(20, 1, 'y')
    write(50, 3, 'x')
    deleteRows(doc, 0, 10)
    expect(lastUsedCell(filledCells(doc, layout))).toEqual({ row: 40, col: 3 })
    deleteRows(doc, 40, 1)
    expect(lastUsedCell(filledCells(doc, layout))).toEqual({ row: 10, col: 1 })
  })
})
