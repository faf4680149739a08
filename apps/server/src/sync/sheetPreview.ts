import type * as Y from 'yjs'
import { PREVIEW_BLOCK, PREVIEW_CELL_CHARS, type SheetPreview } from '@cellmate/protocol'
import {
  CELL_ENTRIES_ROOT,
  getCell,
  getFormat,
  getFrozen,
  isDefaultFormat,
  liveIds,
  sheetTypes,
  sheetViewTypes,
  storedSize,
} from '@cellmate/model'

/**
 * Cells from which a sheet's joiner gets a preview: a smaller sheet applies in well under a
 * frame's worth of tasks, and a preview would only hold its editing back for nothing.
 */
export const PREVIEW_MIN_CELLS = 5_000

/** Whether a joiner of this sheet waits long enough for its state to be shown a preview. */
export function worthAPreview(doc: Y.Doc): boolean {
  // A Y.Array knows its live length without reading its items.
  return doc.getArray(CELL_ENTRIES_ROOT).length >= PREVIEW_MIN_CELLS
}

/**
 * The top-left block of a sheet as `doc` holds it now (`sheetPreview` in the protocol): inputs
 * (formulas left out: their values need the formula engine), formats, sizes and frozen panes.
 * Reads only the block's cells, whatever the sheet's size.
 */
export function sheetPreview(doc: Y.Doc, name: string): SheetPreview {
  const t = sheetTypes(doc)
  const rowIds = liveIds(t.rows, t.removedRows)
  const colIds = liveIds(t.cols, t.removedCols)
  const rows = rowIds.slice(0, PREVIEW_BLOCK.rows)
  const cols = colIds.slice(0, PREVIEW_BLOCK.cols)
  const cells: string[][] = []
  const formats: SheetPreview['formats'] = []
  rows.forEach((rowId, r) => {
    const line: string[] = []
    cols.forEach((colId, c) => {
      const input = getCell(doc, rowId, colId)
      line.push(input.startsWith('=') ? '' : input.slice(0, PREVIEW_CELL_CHARS))
      const format = getFormat(doc, rowId, colId)
      if (!isDefaultFormat(format)) formats.push([r, c, { ...format }])
    })
    // Trailing empty cells say nothing.
    while (line.length > 0 && line[line.length - 1] === '') line.pop()
    cells.push(line)
  })
  while (cells.length > 0 && cells[cells.length - 1]?.length === 0) cells.pop()
  const view = sheetViewTypes(doc)
  return {
    doc: name,
    rows: rowIds.length,
    cols: colIds.length,
    cells,
    formats,
    colWidths: cols.map((id) => storedSize(view.colWidths, id) ?? null),
    rowHeights: rows.map((id) => storedSize(view.rowHeights, id) ?? null),
    frozen: getFrozen(doc),
    cellEntries: doc.getArray(CELL_ENTRIES_ROOT).length,
  }
}
