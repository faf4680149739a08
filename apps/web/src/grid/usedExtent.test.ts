import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  SheetCells,
  SheetLayout,
  deleteRows,
  initSheet,
  insertCols,
  moveRows,
  setCell,
  setFormat,
} from '@cellmate/model'
import { filledCells, lastUsedCell } from './filledCells'
import { UsedExtent } from './usedExtent'

function sheet() {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 1000, cols: 26 })
  const layout = new SheetLayout(doc)
  const extent = new UsedExtent(doc, layout)
  const write = (r: number, c: number, v: string) =>
    setCell(doc, layout.rowId(r)!, layout.colId(c)!, v)
  /** What a walk over every stored cell finds (`lastUsedCell`), to check the kept one against. */
  const walked = () => lastUsedCell(filledCells(doc, layout))
  // Each walk reads the stored cells' keys once.
  const walks = vi.spyOn(SheetCells.prototype, 'keys')
  return { doc, layout, extent, write, walked, walks }
}

afterEach(() => vi.restoreAllMocks())

describe('the used extent Ctrl+End goes to, kept between presses', () => {
  it('grows to a new far cell and stays for a cell cleared inside it, without walking the cells again', () => {
    const { extent, write, walks } = sheet()
    write(0, 0, 'title')
    write(41, 1, '=A1')
    write(3, 5, '7')
    expect(extent.get()).toEqual({ row: 41, col: 5 })
    expect(walks).toHaveBeenCalledTimes(1)
    write(900, 2, 'far down')
    expect(extent.get()).toEqual({ row: 900, col: 5 })
    write(10, 20, 'far right')
    write(10, 20, 'rewritten')
    expect(extent.get()).toEqual({ row: 900, col: 20 })
    write(3, 5, '')
    expect(extent.get()).toEqual({ row: 900, col: 20 })
    expect(extent.get()).toEqual({ row: 900, col: 20 })
    expect(walks).toHaveBeenCalledTimes(1)
  })

  it('shrinks when the cell on its last row or column is cleared', () => {
    const { extent, write, walked } = sheet()
    write(0, 0, 'title')
    write(41, 1, 'last row')
    write(3, 5, 'last column')
    expect(extent.get()).toEqual({ row: 41, col: 5 })
    write(41, 1, '')
    expect(extent.get()).toEqual({ row: 3, col: 5 })
    write(3, 5, '')
    expect(extent.get()).toEqual({ row: 0, col: 0 })
    write(0, 0, '')
    expect(extent.get()).toEqual({ row: 0, col: 0 })
    expect(extent.get()).toEqual(walked())
  })

  it('ignores cells that only have a format', () => {
    const { doc, layout, extent, write, walks } = sheet()
    write(2, 2, 'x')
    expect(extent.get()).toEqual({ row: 2, col: 2 })
    setFormat(doc, [{ rowId: layout.rowId(500)!, colId: layout.colId(20)! }], 'bold', true)
    expect(extent.get()).toEqual({ row: 2, col: 2 })
    expect(walks).toHaveBeenCalledTimes(1)
  })

  it('follows rows and columns inserted, deleted and moved', () => {
    const { doc, extent, write, walked } = sheet()
    write(20, 1, 'y')
    write(50, 3, 'x')
    expect(extent.get()).toEqual({ row: 50, col: 3 })
    deleteRows(doc, 0, 10)
    expect(extent.get()).toEqual({ row: 40, col: 3 })
    insertCols(doc, 0, 2)
    expect(extent.get()).toEqual({ row: 40, col: 5 })
    moveRows(doc, 40, 1, 0)
    expect(extent.get()).toEqual(walked())
    expect(extent.get()).toEqual({ row: 11, col: 5 })
    deleteRows(doc, 11, 1)
    expect(extent.get()).toEqual({ row: 0, col: 5 })
  })

  it('follows edits that arrive from someone else', () => {
    const { doc, layout, extent, write } = sheet()
    write(5, 5, 'mine')
    expect(extent.get()).toEqual({ row: 5, col: 5 })
    const theirs = new Y.Doc()
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(doc))
    setCell(theirs, layout.rowId(700)!, layout.colId(9)!, 'theirs')
    setCell(theirs, layout.rowId(5)!, layout.colId(5)!, '')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(doc)))
    expect(extent.get()).toEqual({ row: 700, col: 9 })
  })
})
