import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SHEET_ROOTS, cellKey, getCell, initSheet, liveIds, setCell, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { formatKey, formatsMap, getFormat, setFormat } from './formats.js'
import { getFrozen, setColWidths, setFrozen, sheetViewTypes, storedSize } from './sheetView.js'
import { WORKBOOK_ROOTS, addSheet, hasSheet, initWorkbook, listSheets } from './workbook.js'
import { repairSheet, repairWorkbook } from './documentRepair.js'
import { copySheetContent } from './workbook.js'
import { moveRows } from './structure.js'

/**
 * A 3x3 sheet with good content (A1 "keep", A1 bold, column A 120 px, one frozen row) plus
 * what an old server let through: values written straight into the roots with Yjs, as an
 * overwrite of an existing key would arrive.
 */
function sheetWithBadValues(): { doc: Y.Doc; rows: string[]; cols: string[] } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 3, cols: 3 })
  const t = sheetTypes(doc)
  const rows = t.rows.toArray()
  const cols = t.cols.toArray()
  const [r0, r1, r2] = rows as [string, string, string]
  const [c0, c1] = cols as [string, string, string]
  setCell(doc, r0, c0, 'keep')
  setFormat(doc, [{ rowId: r0, colId: c0 }], 'bold', true)
  setColWidths(doc, [c0], 120)
  setFrozen(doc, { rows: 1, cols: 0 })
  doc.transact(() => {
    // The old layout (a map), as a tab of an older version still writes it.
    const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
    legacy.set(cellKey(r1, c0), 42)
    legacy.set(cellKey(r2, c1), true)
    legacy.set(cellKey(r1, c1), null)
    legacy.set('no-separator', 'x')
    // The cell log: entries that are not `rowId:colId:input`, and a value too long for a cell.
    doc
      .getArray<unknown>(SHEET_ROOTS.cells)
      .push([7, 'no-separator', `${cellKey(r2, c0)}:${'x'.repeat(50_001)}`])
    const formats = doc.getMap<unknown>(SHEET_ROOTS.formats)
    formats.set(formatKey(r1, c1, 'bold'), 'yes')
    formats.set(formatKey(r1, c1, 'color'), 'red;background:url(x)')
    formats.set(`${r1}:${c1}:fontSize`, 12)
    doc.getMap<unknown>(SHEET_ROOTS.colWidths).set(c1, 'wide')
    doc.getMap<unknown>(SHEET_ROOTS.rowHeights).set(r1, -4)
    doc.getMap<unknown>(SHEET_ROOTS.view).set('frozenCols', 'two')
    doc.getMap<unknown>(SHEET_ROOTS.view).set('zoom', 3)
    doc.getArray<unknown>(SHEET_ROOTS.rows).insert(1, [7, false])
    doc.getArray<unknown>(SHEET_ROOTS.cols).push([{ id: 'x' }])
  })
  return { doc, rows, cols }
}

describe('readers skip values no reader can use', () => {
  it('a number or boolean in cells reads as an empty cell, rows and columns stay ids', () => {
    const { doc, rows, cols } = sheetWithBadValues()
    const t = sheetTypes(doc)
    expect(liveIds(t.rows, t.removedRows)).toEqual(rows)
    expect(liveIds(t.cols, t.removedCols)).toEqual(cols)
    const layout = new SheetLayout(doc)
    expect(layout.cellAt(0, 0)).toBe('keep')
    expect(layout.cellAt(1, 0)).toBe('')
    expect(layout.cellAt(2, 1)).toBe('')
    expect(getCell(doc, rows[1] as string, cols[0] as string)).toBe('')
    layout.destroy()
    expect(getFormat(doc, rows[1] as string, cols[1] as string)).toEqual({})
    expect(storedSize(sheetViewTypes(doc).colWidths, cols[1] as string)).toBeUndefined()
    expect(getFrozen(doc)).toEqual({ rows: 1, cols: 0 })
  })

  it('a structural edit on a sheet holding non-ids in rows moves the right rows', () => {
    const { doc, rows } = sheetWithBadValues()
    moveRows(doc, 0, 1, 2)
    const t = sheetTypes(doc)
    expect(liveIds(t.rows, t.removedRows)).toEqual([rows[1], rows[2], rows[0]])
    expect(t.rows.toArray()).toEqual([rows[1], rows[2], rows[0]])
  })

  it('duplicating a sheet copies only valid content', () => {
    const { doc, rows, cols } = sheetWithBadValues()
    const copy = new Y.Doc()
    copySheetContent(doc, copy)
    expect(sheetTypes(copy).cells.toJSON()).toEqual({ [cellKey(rows[0]!, cols[0]!)]: 'keep' })
    expect(formatsMap(copy).toJSON()).toEqual({ [formatKey(rows[0]!, cols[0]!, 'bold')]: true })
    expect(sheetViewTypes(copy).colWidths.toJSON()).toEqual({ [cols[0]!]: 120 })
    expect(getFrozen(copy)).toEqual({ rows: 1, cols: 0 })
  })

  it('a sheet whose metadata is a string, or whose name is a number, does not break the list', () => {
    const wb = new Y.Doc()
    const first = initWorkbook(wb, 'wb', 's1')
    const second = addSheet(wb, { id: 's2' })
    const third = addSheet(wb, { id: 's3' })
    wb.transact(() => {
      wb.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta).set(second.id, 'hijacked')
      ;(wb.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta).get(third.id) as Y.Map<unknown>).set(
        'name',
        99,
      )
      wb.getArray<unknown>(WORKBOOK_ROOTS.sheets).push([12])
    })
    expect(listSheets(wb)).toEqual([
      { id: first.id, name: 'Sheet1' },
      { id: third.id, name: third.id },
    ])
    expect(hasSheet(wb, second.id)).toBe(false)
  })
})

describe('repairSheet', () => {
  it('removes every invalid entry in one transaction, keeps the rest, and says what it removed', () => {
    const { doc, rows, cols } = sheetWithBadValues()
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    const report = repairSheet(doc, 'repair')
    expect(transactions).toBe(1)
    expect(report.byRoot).toEqual({
      rows: 2,
      cols: 1,
      cells: 4,
      cellEntries: 3,
      formats: 3,
      colWidths: 1,
      rowHeights: 1,
      view: 2,
    })
    expect(report.total).toBe(17)
    const t = sheetTypes(doc)
    expect(t.rows.toArray()).toEqual(rows)
    expect(t.cols.toArray()).toEqual(cols)
    expect(t.cells.toJSON()).toEqual({ [cellKey(rows[0]!, cols[0]!)]: 'keep' })
    expect(formatsMap(doc).toJSON()).toEqual({ [formatKey(rows[0]!, cols[0]!, 'bold')]: true })
    expect(sheetViewTypes(doc).colWidths.toJSON()).toEqual({ [cols[0]!]: 120 })
    expect(sheetViewTypes(doc).rowHeights.toJSON()).toEqual({})
    expect(sheetViewTypes(doc).view.toJSON()).toEqual({ frozenRows: 1 })
  })

  it('reaches every replica: another copy of the document ends up repaired too', () => {
    const { doc } = sheetWithBadValues()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    repairSheet(doc)
    expect(updates).toHaveLength(1)
    Y.applyUpdate(other, updates[0]!)
    for (const root of Object.values(SHEET_ROOTS)) {
      const arrays: string[] = [SHEET_ROOTS.rows, SHEET_ROOTS.cols, SHEET_ROOTS.cells]
      const kind = arrays.includes(root) ? 'array' : 'map'
      const read = (d: Y.Doc) => (kind === 'array' ? d.getArray(root) : d.getMap(root)).toJSON()
      expect(read(other)).toEqual(read(doc))
    }
  })

  it('writes nothing on a well-formed sheet', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 2, cols: 2 })
    const t = sheetTypes(doc)
    setCell(doc, t.rows.get(0), t.cols.get(0), '=1+1')
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    expect(repairSheet(doc)).toEqual({ total: 0, byRoot: {} })
    expect(updates).toEqual([])
  })
})

describe('repairWorkbook', () => {
  it('gives a listed sheet whose metadata was replaced a fresh name, fixes names, drops non-ids', () => {
    const wb = new Y.Doc()
    const first = initWorkbook(wb, 'wb', 's1')
    const second = addSheet(wb, { id: 's2' })
    const third = addSheet(wb, { id: 's3' })
    wb.transact(() => {
      const meta = wb.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta)
      meta.set(second.id, 'hijacked')
      meta.set('unlisted', 5)
      ;(meta.get(third.id) as Y.Map<unknown>).set('name', 99)
      wb.getArray<unknown>(WORKBOOK_ROOTS.sheets).push([12, ''])
      wb.getMap<unknown>(WORKBOOK_ROOTS.meta).set('title', 7)
    })
    const report = repairWorkbook(wb)
    expect(report.byRoot).toEqual({ sheets: 2, sheetMeta: 3, meta: 1 })
    expect(listSheets(wb)).toEqual([
      { id: first.id, name: 'Sheet1' },
      { id: second.id, name: 'Sheet2' },
      { id: third.id, name: 'Sheet3' },
    ])
    expect(wb.getMap(WORKBOOK_ROOTS.sheetMeta).has('unlisted')).toBe(false)
    expect(wb.getArray(WORKBOOK_ROOTS.sheets).toArray()).toEqual([first.id, second.id, third.id])
    expect(repairWorkbook(wb).total).toBe(0)
  })
})
