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
  const rows = firstLiveIds(t.rows, t.removedRows, PREVIEW_BLOCK.rows)
  const cols = firstLiveIds(t.cols, t.removedCols, PREVIEW_BLOCK.cols)
  const size = sheetSize(doc)
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
    rows: size.rows,
    cols: size.cols,
    cells,
    formats,
    colWidths: cols.map((id) => storedSize(view.colWidths, id) ?? null),
    rowHeights: rows.map((id) => storedSize(view.rowHeights, id) ?? null),
    frozen: getFrozen(doc),
    cellEntries: doc.getArray(CELL_ENTRIES_ROOT).length,
  }
}

/**
 * The first `count` of `liveIds(ids, removed)`, reading no further than they go: the block of
 * a 100,000-row sheet is found without hashing every row id.
 */
function firstLiveIds(ids: Y.Array<string>, removed: Y.Map<boolean>, count: number): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  // Slices of the array, not all of it: a few more than wanted cover removed and repeated ids.
  for (let from = 0; out.length < count && from < ids.length; from += count) {
    for (const id of ids.slice(from, from + count) as unknown[]) {
      if (typeof id !== 'string' || seen.has(id) || removed.has(id)) continue
      seen.add(id)
      out.push(id)
      if (out.length === count) break
    }
  }
  return out
}

/** Per sheet document, its live rows and columns until its rows or columns next change. */
const sizes = new WeakMap<Y.Doc, { rows: number; cols: number }>()

/**
 * How many rows and columns a sheet has (`liveIds`' lengths). Counting the row ids of a big
 * sheet takes tens of milliseconds, on the path of every newcomer's first screen; they change
 * far less often than sheets are opened, so the count is kept until they do.
 */
function sheetSize(doc: Y.Doc): { rows: number; cols: number } {
  const known = sizes.get(doc)
  if (known) return known
  const t = sheetTypes(doc)
  const size = {
    rows: liveIds(t.rows, t.removedRows).length,
    cols: liveIds(t.cols, t.removedCols).length,
  }
  sizes.set(doc, size)
  const axes = [t.rows, t.removedRows, t.cols, t.removedCols] as const
  const forget = (): void => {
    if (sizes.get(doc) === size) sizes.delete(doc)
    for (const axis of axes) axis.unobserve(forget)
  }
  for (const axis of axes) axis.observe(forget)
  return size
}
