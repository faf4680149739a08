import type * as Y from 'yjs'
import type { AxisLookup } from '@cellmate/formula'
import {
  checkFormats,
  checkWritesOutsideMerges,
  ensureSheetSize,
  liveIds,
  mergeCells,
  replaceFormats,
  sameRange,
  setCells,
  sheetTypes,
  tablesMap,
  unmergeCells,
  type BlockIndex,
  type CellEdit,
  type CellFormat,
  type CellFormatEdit,
  type RangePosition,
  type SheetLayout,
} from '@cellmate/model'
import type { SheetTables } from '../table/sheetTables'

/** A cell edit addressed by display position (0-based). */
export interface PositionedEdit {
  row: number
  col: number
  value: string
  /** The cell's whole format after the edit (a paste's); absent: its format stays. */
  format?: CellFormat
}

/** How `writeBlock` treats tables. */
export interface WriteBlockOptions {
  /**
   * A paste or fill: a table just above or left of the block grows to take it (Excel's
   * auto-expansion); not a replace or a ticked checkbox.
   */
  growTables?: boolean
  /**
   * The same edits built again against the sheet as grown to `size`, called only when the
   * write grows it: a formula pasted into the rows or columns the paste adds must anchor its
   * references to them, and before the growth they do not exist yet (a reference past the
   * sheet's end is stored as typed and read by position, so it would not follow a sort or an
   * insert). Positions and which values are empty must be those of `edits`: the checks run on
   * those.
   */
  regrown?: (layout: AxisLookup) => readonly PositionedEdit[]
  /** Blocks to merge once the cells are written (a copied merge pasted), in the same step. */
  merges?: readonly RangePosition[]
  /**
   * Merged blocks unmerged before the cells are written (a cut's, moving on its sheet), in the
   * same step: values may land in their hidden cells.
   */
  unmerge?: readonly RangePosition[]
}

/** The sheet a block is written to (`SheetSession`'s parts). */
export interface BlockTarget {
  readonly doc: Y.Doc
  readonly layout: SheetLayout
  readonly tables: SheetTables
  readonly origin: object
  /** The merged blocks in effect. */
  mergedBlocks(): BlockIndex
}

/**
 * Writes a block of cells (paste, fill), and the formats of edits that carry one, as one
 * transaction — one undo step, one network update — first growing the sheet to `size` when the
 * block runs past its end (Excel refuses; Google Sheets adds rows, and so do we). Positions
 * past `size` are skipped.
 */
export function writeBlock(
  sheet: BlockTarget,
  edits: readonly PositionedEdit[],
  size?: { rows: number; cols: number },
  options: WriteBlockOptions = {},
): void {
  const { doc, layout, origin } = sheet
  // As Excel: a paste or fill cannot change part of a merged block (it would hold the merge).
  checkOutsideMerges(sheet, edits, options.unmerge ?? [])
  checkFormats(edits.flatMap((e) => (e.format ? [e.format] : [])))
  const t = sheetTypes(doc)
  doc.transact(() => {
    if (size) ensureSheetSize(doc, size, origin)
    for (const block of options.unmerge ?? []) unmergeCells(doc, block, origin)
    // Inside the transaction the layout has not caught up with the new rows yet.
    const grown = size && (size.rows > layout.rowCount || size.cols > layout.colCount)
    const rowIds = grown ? liveIds(t.rows, t.removedRows) : layout.rowIds
    const colIds = grown ? liveIds(t.cols, t.removedCols) : layout.colIds
    const written =
      grown && options.regrown ? options.regrown(grownAxes(layout, rowIds, colIds)) : edits
    const byId: CellEdit[] = []
    const formats: CellFormatEdit[] = []
    for (const { row, col, value, format } of written) {
      const rowId = rowIds[row]
      const colId = colIds[col]
      if (rowId === undefined || colId === undefined) continue
      byId.push({ rowId, colId, value })
      if (format) formats.push({ rowId, colId, format })
    }
    setCells(doc, byId, origin)
    if (formats.length > 0) replaceFormats(doc, formats, origin)
    growTablesAndName(sheet, written, options.growTables === true)
    for (const block of options.merges ?? []) mergeCells(doc, block, 'all', origin)
  }, origin)
}

/**
 * The sheet's axes once grown to `rowIds` and `colIds`, inside the growing transaction (before
 * `layout` has caught up). Growing only appends, so the ids `layout` knows keep their places.
 */
function grownAxes(
  layout: SheetLayout,
  rowIds: readonly string[],
  colIds: readonly string[],
): AxisLookup {
  const added = (ids: readonly string[], from: number): Map<string, number> => {
    const at = new Map<string, number>()
    for (let i = from; i < ids.length; i++) at.set(ids[i] as string, i)
    return at
  }
  const newRows = added(rowIds, layout.rowCount)
  const newCols = added(colIds, layout.colCount)
  return {
    rowId: (index) => rowIds[index],
    colId: (index) => colIds[index],
    rowIndexOf: (id) => newRows.get(id) ?? layout.rowIndexOf(id),
    colIndexOf: (id) => newCols.get(id) ?? layout.colIndexOf(id),
  }
}

/**
 * After a block write: a value written into a table's header cell names its column, and
 * (`grow`: a paste or fill) a table just above or left of the values grows to take them, as
 * in Excel; in the write's transaction.
 */
function growTablesAndName(
  { doc, tables }: BlockTarget,
  edits: readonly PositionedEdit[],
  grow: boolean,
): void {
  if (tablesMap(doc).size === 0) return
  const written = grow ? edits.filter((e) => e.value !== '') : []
  if (written.length > 0) tables.growTo(boundsOf(written))
  const headers = tables.headersIn(boundsOf(edits))
  if (headers.length === 0) return
  const byPlace = new Map(edits.map((e) => [`${e.row}:${e.col}`, e.value]))
  for (const { row, col } of headers) {
    const value = byPlace.get(`${row}:${col}`)
    if (value !== undefined) tables.writeHeader(row, col, value)
  }
}

/**
 * Throws BAD_REQUEST when a value would land in a hidden cell of a merged block (other than
 * the blocks `leaving`, unmerged first).
 */
function checkOutsideMerges(
  sheet: BlockTarget,
  edits: readonly PositionedEdit[],
  leaving: readonly RangePosition[],
): void {
  const index = sheet.mergedBlocks()
  if (index.all.length === 0) return
  for (const { row, col, value } of edits) {
    const b = value === '' ? null : index.at(row, col)
    if (!b || leaving.some((l) => sameRange(l, b))) continue
    if (b.start.row !== row || b.start.col !== col) {
      checkWritesOutsideMerges(sheet.doc, [{ row, col, value }])
    }
  }
}

/** The smallest range holding every edit (one cell at A1 for none). */
function boundsOf(edits: readonly PositionedEdit[]): RangePosition {
  let top = Infinity
  let left = Infinity
  let bottom = -1
  let right = -1
  for (const { row, col } of edits) {
    top = Math.min(top, row)
    left = Math.min(left, col)
    bottom = Math.max(bottom, row)
    right = Math.max(right, col)
  }
  return bottom < 0
    ? { start: { row: 0, col: 0 }, end: { row: 0, col: 0 } }
    : { start: { row: top, col: left }, end: { row: bottom, col: right } }
}
