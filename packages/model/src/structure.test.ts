import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, setCell, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import {
  clearRange,
  deleteRows,
  insertCols,
  insertRows,
  moveCols,
  moveRows,
  pruneOrphanCells,
} from './structure.js'

function pair(rows = 6, cols = 3): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  initSheet(a, { rows, cols })
  const b = new Y.Doc()
  const sync = (): void => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  sync()
  return { a, b, sync }
}

function column(doc: Y.Doc, col = 0): string[] {
  const l = new SheetLayout(doc)
  const out = l.rowIds.map((_, r) => l.cellAt(r, col))
  l.destroy()
  return out
}

function fill(doc: Y.Doc, values: string[]): void {
  const l = new SheetLayout(doc)
  values.forEach((v, r) => setCell(doc, l.rowId(r)!, l.colId(0)!, v))
  l.destroy()
}

describe('structural edits', () => {
  it('insertRows puts new rows at at..at+count-1 and shifts the rest down', () => {
    const { a } = pair(3, 1)
    fill(a, ['x', 'y', 'z'])
    insertRows(a, 1, 2)
    expect(column(a)).toEqual(['x', '', '', 'y', 'z'])
    insertRows(a, 5, 1)
    expect(column(a)).toEqual(['x', '', '', 'y', 'z', ''])
  })

  it('deleteRows removes the rows and their cells', () => {
    const { a } = pair(4, 1)
    fill(a, ['a', 'b', 'c', 'd'])
    deleteRows(a, 1, 2)
    expect(column(a)).toEqual(['a', 'd'])
    expect(sheetTypes(a).cells.size).toBe(2)
  })

  it('moveRows carries cells; the block starts at the target afterwards', () => {
    const { a } = pair(4, 1)
    fill(a, ['a', 'b', 'c', 'd'])
    moveRows(a, 0, 2, 2)
    expect(column(a)).toEqual(['c', 'd', 'a', 'b'])
    moveRows(a, 3, 1, 0)
    expect(column(a)).toEqual(['b', 'c', 'd', 'a'])
  })

  it('columns behave the same way', () => {
    const { a } = pair(1, 3)
    const l = new SheetLayout(a)
    l.colIds.forEach((id, c) => setCell(a, l.rowId(0)!, id, `c${c}`))
    insertCols(a, 0, 1)
    moveCols(a, 1, 1, 3)
    expect(l.colIds.map((_, c) => l.cellAt(0, c))).toEqual(['', 'c1', 'c2', 'c0'])
  })

  it('refuses positions outside the sheet, deleting every row, and growing past the limits', () => {
    const { a } = pair(3, 2)
    expect(() => insertRows(a, 5, 1)).toThrow(/outside/)
    expect(() => insertRows(a, 0, 0)).toThrow(/positive/)
    expect(() => deleteRows(a, 1, 5)).toThrow(/only 2/)
    expect(() => deleteRows(a, 0, 3)).toThrow(/at least one/)
    expect(() => insertRows(a, 0, 10, undefined, { maxRows: 10, maxCols: 10 })).toThrow(
      /at most 10 rows/,
    )
    expect(() => insertCols(a, 0, 16_383)).toThrow(/at most 16384 columns/)
    expect(new SheetLayout(a).rowCount).toBe(3)
  })

  it('typing in row 40 while another user inserts 3 rows above lands in row 43', () => {
    const { a, b, sync } = pair(50, 2)
    const la = new SheetLayout(a)
    setCell(a, la.rowId(39)!, la.colId(0)!, 'mine')
    insertRows(b, 0, 3)
    sync()
    expect(column(a)[42]).toBe('mine')
    expect(column(b)[42]).toBe('mine')
  })

  it('a row deleted while someone else moves it stays deleted, and a late edit on it leaves no ghost', () => {
    const { a, b, sync } = pair(4, 1)
    fill(a, ['a', 'b', 'c', 'd'])
    sync()
    deleteRows(a, 1, 1)
    moveRows(b, 1, 1, 3)
    const lb = new SheetLayout(b)
    setCell(b, lb.rowId(3)!, lb.colId(0)!, 'edited while deleted')
    sync()
    expect(column(a)).toEqual(['a', 'c', 'd'])
    expect(column(b)).toEqual(['a', 'c', 'd'])
  })

  it('cells typed into a row while it was deleted are pruned on request', () => {
    const { a, b, sync } = pair(3, 1)
    const lb = new SheetLayout(b)
    const rowId = lb.rowId(1)!
    deleteRows(a, 1, 1)
    setCell(b, rowId, lb.colId(0)!, 'orphan')
    sync()
    expect(sheetTypes(a).cells.size).toBe(1)
    expect(pruneOrphanCells(a)).toBe(1)
    expect(sheetTypes(a).cells.size).toBe(0)
    expect(pruneOrphanCells(a)).toBe(0)
  })

  it('two concurrent moves of one row show it once, and the next structural edit repairs the list', () => {
    const { a, b, sync } = pair(4, 1)
    fill(a, ['a', 'b', 'c', 'd'])
    sync()
    moveRows(a, 0, 1, 3)
    moveRows(b, 0, 1, 2)
    sync()
    expect(column(a)).toEqual(column(b))
    expect(column(a).filter((v) => v === 'a')).toHaveLength(1)
    expect(sheetTypes(a).rows.length).toBe(5)
    insertRows(a, 0, 1)
    sync()
    expect(sheetTypes(b).rows.length).toBe(5)
    expect(column(b)).toEqual(column(a))
  })

  it('clearRange empties a rectangle in one transaction', () => {
    const { a } = pair(3, 1)
    fill(a, ['a', 'b', 'c'])
    let updates = 0
    a.on('update', () => updates++)
    clearRange(a, { start: { row: 0, col: 0 }, end: { row: 1, col: 0 } })
    expect(column(a)).toEqual(['', '', 'c'])
    expect(updates).toBe(1)
  })

  it('clearRange leaves the rows it is told to skip (rows a filter hides) as they are', () => {
    const { a } = pair(4, 1)
    fill(a, ['a', 'b', 'c', 'd'])
    clearRange(a, { start: { row: 0, col: 0 }, end: { row: 3, col: 0 } }, null, (r) => r % 2 === 1)
    expect(column(a)).toEqual(['', 'b', '', 'd'])
  })
})
