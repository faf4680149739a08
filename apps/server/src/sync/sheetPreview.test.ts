import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  deleteRows,
  ensureSheetSize,
  insertCols,
  insertRows,
  liveIds,
  moveRows,
  setCells,
  sheetTypes,
} from '@cellmate/model'
import { sheetPreview } from './sheetPreview.js'

/** A sheet of `rows` x 3 whose cell A{n} reads `r{n}`. */
function sheet(rows: number): Y.Doc {
  const doc = new Y.Doc()
  ensureSheetSize(doc, { rows, cols: 3 })
  const t = sheetTypes(doc)
  const colId = liveIds(t.cols, t.removedCols)[0] as string
  setCells(
    doc,
    liveIds(t.rows, t.removedRows).map((rowId, r) => ({ rowId, colId, value: `r${r + 1}` })),
  )
  return doc
}

const firstColumn = (doc: Y.Doc): string[] =>
  sheetPreview(doc, 'd').cells.map((line) => line[0] ?? '')

describe('sheetPreview', () => {
  it('holds the first rows in display order, past removed and moved rows', () => {
    const doc = sheet(200)
    deleteRows(doc, 0, 2)
    moveRows(doc, 10, 1, 0)
    const expected = ['r13', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'r14']
    expect(firstColumn(doc).slice(0, expected.length)).toEqual(expected)
    expect(firstColumn(doc)).toHaveLength(60)
  })

  it("gives the sheet's size as it is now after rows or columns were added or deleted", () => {
    const doc = sheet(100)
    expect(sheetPreview(doc, 'd')).toMatchObject({ rows: 100, cols: 3 })
    insertRows(doc, 5, 20)
    expect(sheetPreview(doc, 'd')).toMatchObject({ rows: 120, cols: 3 })
    deleteRows(doc, 0, 50)
    insertCols(doc, 0, 2)
    expect(sheetPreview(doc, 'd')).toMatchObject({ rows: 70, cols: 5 })
    // A concurrent copy's deletion arrives as an update.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    deleteRows(other, 0, 10)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    expect(sheetPreview(doc, 'd')).toMatchObject({ rows: 60, cols: 5 })
  })
})
