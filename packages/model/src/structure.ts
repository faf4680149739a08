import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import { liveIds, newIds, sheetTypes, type SheetTypes } from './sheet.js'
import type { RangePosition } from './a1.js'
import { deleteFormatsWhere } from './formats.js'
import { shrinkMergesForDelete } from './mergeAxisDeletes.js'
import { shrinkValidationsForDelete } from './validations.js'
import { shrinkTablesForDelete } from './tables.js'
import { shrinkConditionalFormatsForDelete } from './conditionalFormats.js'
import { shrinkFilterForDelete } from './filter.js'

/** Which list of ids a structural edit works on. */
export type Axis = 'rows' | 'cols'

/** Size limits of a sheet; defaults are Excel's. */
export interface SheetLimits {
  maxRows: number
  maxCols: number
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxRows: LIMITS.maxRows,
  maxCols: LIMITS.maxCols,
}

function axisTypes(t: SheetTypes, axis: Axis): { ids: Y.Array<string>; removed: Y.Map<boolean> } {
  return axis === 'rows'
    ? { ids: t.rows, removed: t.removedRows }
    : { ids: t.cols, removed: t.removedCols }
}

/**
 * Removes what concurrent structural edits can leave in an id list — a second copy of an id
 * (two users moved the same row) or an id another user deleted while this one moved it — and
 * any entry that is not an id, so that raw indexes equal display indexes again. Called inside
 * every structural transaction: "the next local edit repairs it".
 */
export function repairAxis(ids: Y.Array<string>, removed: Y.Map<boolean>): void {
  const raw: unknown[] = ids.toArray()
  const seen = new Set<string>()
  const junk: number[] = []
  raw.forEach((id, i) => {
    if (typeof id !== 'string' || seen.has(id) || removed.has(id)) junk.push(i)
    else seen.add(id)
  })
  for (let k = junk.length - 1; k >= 0; k--) ids.delete(junk[k] as number, 1)
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `count must be a positive integer, got ${count}`,
    )
  }
}

function checkIndex(index: number, max: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `${what} ${index} is outside 0..${max}`)
  }
}

function limitOf(axis: Axis, limits: SheetLimits): number {
  return axis === 'rows' ? limits.maxRows : limits.maxCols
}

/**
 * Inserts `count` new rows or columns so they occupy display positions `at`..`at+count-1`.
 * Throws LIMIT_EXCEEDED past the sheet limits, BAD_REQUEST for an index outside the sheet.
 * Returns the new ids.
 */
export function insertAxis(
  doc: Y.Doc,
  axis: Axis,
  at: number,
  count: number,
  origin?: unknown,
  limits: SheetLimits = DEFAULT_SHEET_LIMITS,
): string[] {
  checkCount(count)
  const { ids, removed } = axisTypes(sheetTypes(doc), axis)
  // Validate before the transaction: a refused edit must change nothing, not even a repair.
  const live = liveIds(ids, removed)
  checkIndex(at, live.length, 'position')
  const max = limitOf(axis, limits)
  if (live.length + count > max) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a sheet has at most ${max} ${axis === 'rows' ? 'rows' : 'columns'}; it has ${live.length}`,
    )
  }
  const created = newIds(doc, count)
  doc.transact(() => {
    repairAxis(ids, removed)
    ids.insert(at, created)
  }, origin)
  return created
}

/**
 * Deletes rows or columns at display positions `at`..`at+count-1` and the cells on them.
 * Their ids are recorded as removed, so a concurrent move of the same row cannot bring it
 * back, and cells written to them concurrently stay invisible (orphans).
 */
export function deleteAxis(
  doc: Y.Doc,
  axis: Axis,
  at: number,
  count: number,
  origin?: unknown,
): void {
  checkCount(count)
  const t = sheetTypes(doc)
  const { ids, removed } = axisTypes(t, axis)
  const live = liveIds(ids, removed)
  checkIndex(at, live.length - 1, 'position')
  if (at + count > live.length) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `only ${live.length - at} to delete from ${at}`,
    )
  }
  if (at === 0 && count === live.length) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `a sheet keeps at least one of its ${axis}`)
  }
  const gone = new Set(live.slice(at, at + count))
  doc.transact(() => {
    repairAxis(ids, removed)
    shrinkMergesForDelete(doc, axis, live, gone)
    shrinkValidationsForDelete(doc, axis, live, gone)
    shrinkConditionalFormatsForDelete(doc, axis, live, gone)
    shrinkFilterForDelete(doc, axis, live, gone)
    shrinkTablesForDelete(doc, axis, live, gone)
    ids.delete(at, count)
    for (const id of gone) removed.set(id, true)
    for (const key of [...t.cells.keys()]) {
      const sep = key.indexOf(':')
      const id = axis === 'rows' ? key.slice(0, sep) : key.slice(sep + 1)
      if (gone.has(id)) t.cells.delete(key)
    }
    deleteFormatsWhere(doc, (rowId, colId) => gone.has(axis === 'rows' ? rowId : colId))
  }, origin)
}

/**
 * Moves `count` rows or columns starting at display position `from` so that the block starts
 * at display position `to` afterwards. Cells travel with them (they are keyed by id).
 */
export function moveAxis(
  doc: Y.Doc,
  axis: Axis,
  from: number,
  count: number,
  to: number,
  origin?: unknown,
): void {
  checkCount(count)
  const { ids, removed } = axisTypes(sheetTypes(doc), axis)
  const live = liveIds(ids, removed)
  checkIndex(from, live.length - count, 'source position')
  checkIndex(to, live.length - count, 'target position')
  if (from === to) return
  const moving = live.slice(from, from + count)
  doc.transact(() => {
    repairAxis(ids, removed)
    ids.delete(from, count)
    ids.insert(to, moving)
  }, origin)
}

/**
 * Clears every cell of a rectangle (display positions) in one transaction, but for the rows
 * `skipRow` names (display positions): rows a filter hides, which Excel and Sheets leave alone.
 */
export function clearRange(
  doc: Y.Doc,
  range: RangePosition,
  origin?: unknown,
  skipRow?: (row: number) => boolean,
): void {
  const t = sheetTypes(doc)
  const spanned = liveIds(t.rows, t.removedRows).slice(range.start.row, range.end.row + 1)
  const rows = new Set(skipRow ? spanned.filter((_, i) => !skipRow(range.start.row + i)) : spanned)
  const cols = new Set(liveIds(t.cols, t.removedCols).slice(range.start.col, range.end.col + 1))
  doc.transact(() => {
    for (const key of [...t.cells.keys()]) {
      const sep = key.indexOf(':')
      if (rows.has(key.slice(0, sep)) && cols.has(key.slice(sep + 1))) t.cells.delete(key)
    }
  }, origin)
}

export const insertRows = (
  doc: Y.Doc,
  at: number,
  count: number,
  origin?: unknown,
  limits?: SheetLimits,
): string[] => insertAxis(doc, 'rows', at, count, origin, limits)
export const insertCols = (
  doc: Y.Doc,
  at: number,
  count: number,
  origin?: unknown,
  limits?: SheetLimits,
): string[] => insertAxis(doc, 'cols', at, count, origin, limits)
export const deleteRows = (doc: Y.Doc, at: number, count: number, origin?: unknown): void =>
  deleteAxis(doc, 'rows', at, count, origin)
export const deleteCols = (doc: Y.Doc, at: number, count: number, origin?: unknown): void =>
  deleteAxis(doc, 'cols', at, count, origin)
export const moveRows = (
  doc: Y.Doc,
  from: number,
  count: number,
  to: number,
  origin?: unknown,
): void => moveAxis(doc, 'rows', from, count, to, origin)
export const moveCols = (
  doc: Y.Doc,
  from: number,
  count: number,
  to: number,
  origin?: unknown,
): void => moveAxis(doc, 'cols', from, count, to, origin)

/**
 * Deletes cells and formats left on deleted rows or columns (a user typed into or formatted a
 * row while another deleted it). Readers already ignore them; the server calls this when it
 * compacts a sheet so they do not accumulate. Returns how many keys were removed.
 */
export function pruneOrphanCells(doc: Y.Doc, origin?: unknown): number {
  const t = sheetTypes(doc)
  const orphans: string[] = []
  for (const key of t.cells.keys()) {
    const sep = key.indexOf(':')
    if (t.removedRows.has(key.slice(0, sep)) || t.removedCols.has(key.slice(sep + 1))) {
      orphans.push(key)
    }
  }
  let pruned = orphans.length
  doc.transact(() => {
    orphans.forEach((k) => t.cells.delete(k))
    pruned += deleteFormatsWhere(
      doc,
      (rowId, colId) => t.removedRows.has(rowId) || t.removedCols.has(colId),
    )
  }, origin)
  return pruned
}
