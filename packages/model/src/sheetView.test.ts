import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { insertCols } from './structure.js'
import {
  getFrozen,
  setColWidths,
  setFrozen,
  setRowHeights,
  sheetViewTypes,
  storedSize,
} from './sheetView.js'
import { UndoHistory } from './undoHistory.js'
import { copySheetContent } from './workbook.js'

function sheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  return doc
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('column widths and row heights', () => {
  it('a resized column keeps its width when columns are inserted before it', () => {
    const doc = sheet()
    const layout = new SheetLayout(doc)
    const c = layout.colId(2)!
    setColWidths(doc, [c], 180)
    insertCols(doc, 0, 2)
    expect(storedSize(sheetViewTypes(doc).colWidths, layout.colId(4)!)).toBe(180)
    expect(storedSize(sheetViewTypes(doc).colWidths, layout.colId(2)!)).toBeUndefined()
    layout.destroy()
  })

  it('resizing several columns is one transaction and one undo step', () => {
    const doc = sheet()
    const origin = { user: 'a' }
    const history = new UndoHistory(origin)
    history.track(doc)
    const ids = sheetTypes(doc).cols.toArray().slice(0, 3)
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    setColWidths(doc, ids, 150, origin)
    expect(transactions).toBe(1)
    history.undo()
    for (const id of ids) expect(sheetViewTypes(doc).colWidths.has(id)).toBe(false)
  })

  it('null puts a row back to the default height; nonsense sizes are refused', () => {
    const doc = sheet()
    const r = sheetTypes(doc).rows.get(0)
    setRowHeights(doc, [r], 40)
    expect(sheetViewTypes(doc).rowHeights.get(r)).toBe(40)
    setRowHeights(doc, [r], null)
    expect(sheetViewTypes(doc).rowHeights.has(r)).toBe(false)
    expect(() => setRowHeights(doc, [r], -5)).toThrow(/size/)
    expect(() => setColWidths(doc, [r], Number.NaN)).toThrow(/size/)
  })

  it('two users resizing different columns both see both widths', () => {
    const a = sheet()
    const b = new Y.Doc()
    sync(a, b)
    const [c0, c1] = sheetTypes(a).cols.toArray()
    setColWidths(a, [c0!], 60)
    setColWidths(b, [c1!], 250)
    sync(a, b)
    for (const doc of [a, b]) {
      expect(sheetViewTypes(doc).colWidths.toJSON()).toEqual({ [c0!]: 60, [c1!]: 250 })
    }
  })
})

describe('freeze panes', () => {
  it('are stored in the sheet, seen by everyone, and survive a duplicate', () => {
    const a = sheet()
    const b = new Y.Doc()
    expect(getFrozen(a)).toEqual({ rows: 0, cols: 0 })
    setFrozen(a, { rows: 2, cols: 1 })
    sync(a, b)
    expect(getFrozen(b)).toEqual({ rows: 2, cols: 1 })
    const copy = new Y.Doc()
    setColWidths(a, [sheetTypes(a).cols.get(0)], 77)
    copySheetContent(a, copy)
    expect(getFrozen(copy)).toEqual({ rows: 2, cols: 1 })
    expect(sheetViewTypes(copy).colWidths.get(sheetTypes(a).cols.get(0))).toBe(77)
  })

  it('refuse negative or fractional counts and ignore malformed stored values', () => {
    const doc = sheet()
    expect(() => setFrozen(doc, { rows: -1, cols: 0 })).toThrow()
    expect(() => setFrozen(doc, { rows: 1.5, cols: 0 })).toThrow()
    sheetViewTypes(doc).view.set('frozenRows', 3.7)
    expect(getFrozen(doc).rows).toBe(0)
  })
})
