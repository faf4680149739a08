import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, isValidId } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { SHEET_ROOTS } from './sheet.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import {
  filterCriteriaProblem,
  isEmptyCriteria,
  passesFilter,
  pickFilterCriteria,
  type FilterCell,
  type FilterCriteria,
} from './filterCriteria.js'

/**
 * The shared filter of a sheet (one per sheet, as in Google Sheets and Excel), in its `filter`
 * map: `range` -> `topRowId:leftColId:bottomRowId:rightColId` (the header row is the top row)
 * and `col:<colId>` -> that column's criteria as JSON. Keyed by ids, the range grows with rows
 * inserted inside it and criteria follow their column wherever it moves; two people filtering
 * different columns at once both keep their criteria; the same column at once is
 * last-writer-wins. Criteria left without a range (a removal racing an edit) are ignored and
 * dropped by the next `createFilter`.
 *
 * Which rows a filter hides is not stored: every reader recomputes it from the criteria on
 * the computed values (`filteredRowIds`), so it follows data as it changes, for everyone, as a
 * Google Sheets filter does; nothing is written to `hiddenRows`, so removing a filter shows
 * exactly the rows it hid and manually hidden rows stay hidden.
 */

const RANGE_KEY = 'range'
const COL_PREFIX = 'col:'
const MAX_STORED_CRITERIA = 200_000

/** A filter by ids: the shape of the shared filter and of a personal filter view. */
export interface FilterSpec {
  /** [topRowId, leftColId, bottomRowId, rightColId]; the top row is the header. */
  at: [string, string, string, string]
  /** Column id -> criteria (only columns that filter something). */
  columns: Record<string, FilterCriteria>
}

/** A filter placed on the current layout. */
export interface SheetFilter {
  spec: FilterSpec
  /** Header row to last row, first to last column, as display positions. */
  range: RangePosition
  /** Criteria of the columns inside the range, with their positions, left to right. */
  columns: Array<{ colId: string; col: number; criteria: FilterCriteria }>
}

export function filterMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.filter)
}

function parseAt(value: unknown): FilterSpec['at'] | null {
  if (typeof value !== 'string') return null
  const parts = value.split(':')
  if (parts.length !== 4 || !parts.every(isValidId)) return null
  return parts as FilterSpec['at']
}

function parseCriteria(value: unknown): FilterCriteria | null {
  if (typeof value !== 'string' || value.length > MAX_STORED_CRITERIA) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return null
  }
  return filterCriteriaProblem(parsed) === null ? (parsed as FilterCriteria) : null
}

/** True when a `filter` entry is well-formed (the server's rule for untrusted updates). */
export function isValidFilterEntry(key: string, value: unknown): boolean {
  if (key === RANGE_KEY) return parseAt(value) !== null
  if (!key.startsWith(COL_PREFIX) || !isValidId(key.slice(COL_PREFIX.length))) return false
  return parseCriteria(value) !== null
}

/** The shared filter by ids, or null when the sheet has none. */
export function readFilterSpec(doc: Y.Doc): FilterSpec | null {
  const map = filterMap(doc)
  const at = parseAt(map.get(RANGE_KEY))
  if (!at) return null
  const columns: Record<string, FilterCriteria> = {}
  for (const [key, value] of map.entries()) {
    if (!key.startsWith(COL_PREFIX)) continue
    const criteria = parseCriteria(value)
    if (criteria && !isEmptyCriteria(criteria)) columns[key.slice(COL_PREFIX.length)] = criteria
  }
  return { at, columns }
}

/** Checks a filter spec from outside the document (a stored filter view); null if broken. */
export function parseFilterSpec(value: unknown): FilterSpec | null {
  if (!value || typeof value !== 'object') return null
  const { at, columns } = value as { at?: unknown; columns?: unknown }
  if (!Array.isArray(at) || at.length !== 4 || !at.every((id) => typeof id === 'string')) {
    return null
  }
  const parsedAt = parseAt(at.join(':'))
  if (!parsedAt || !columns || typeof columns !== 'object' || Array.isArray(columns)) return null
  const out: FilterSpec = { at: parsedAt, columns: {} }
  for (const [colId, criteria] of Object.entries(columns as Record<string, unknown>)) {
    if (!isValidId(colId) || filterCriteriaProblem(criteria) !== null) return null
    out.columns[colId] = pickFilterCriteria(criteria as FilterCriteria)
  }
  return out
}

/** Places a spec on a layout; null when its header or corner row or column is gone. */
export function resolveFilter(
  spec: FilterSpec,
  pos: AxisPositions & { colIds?: readonly string[] },
): SheetFilter | null {
  const [top, left, bottom, right] = spec.at
  const r1 = pos.rowIndexOf(top)
  const c1 = pos.colIndexOf(left)
  const r2 = pos.rowIndexOf(bottom)
  const c2 = pos.colIndexOf(right)
  if (r1 < 0 || c1 < 0 || r2 < 0 || c2 < 0) return null
  const range = {
    start: { row: Math.min(r1, r2), col: Math.min(c1, c2) },
    end: { row: Math.max(r1, r2), col: Math.max(c1, c2) },
  }
  const columns: SheetFilter['columns'] = []
  for (const [colId, criteria] of Object.entries(spec.columns)) {
    const col = pos.colIndexOf(colId)
    if (col >= range.start.col && col <= range.end.col) columns.push({ colId, col, criteria })
  }
  columns.sort((a, b) => a.col - b.col)
  return { spec, range, columns }
}

/** The shared filter on the current layout, or null. */
export function readFilter(doc: Y.Doc, layout?: AxisPositions): SheetFilter | null {
  const spec = readFilterSpec(doc)
  return spec ? resolveFilter(spec, layout ?? freshPositions(doc)) : null
}

/**
 * The ids of the rows a filter hides: rows below its header, inside its range, failing the
 * criteria of any column. `rowIds` are the sheet's rows in display order; `cellOf` reads a
 * cell's computed value, display text and fill.
 */
export function filteredRowIds(
  filter: SheetFilter,
  rowIds: readonly string[],
  cellOf: (rowId: string, colId: string) => FilterCell,
): Set<string> {
  const hidden = new Set<string>()
  if (filter.columns.length === 0) return hidden
  const last = Math.min(filter.range.end.row, rowIds.length - 1)
  for (let r = filter.range.start.row + 1; r <= last; r++) {
    const rowId = rowIds[r]
    if (rowId === undefined) continue
    for (const { colId, criteria } of filter.columns) {
      if (!passesFilter(criteria, cellOf(rowId, colId))) {
        hidden.add(rowId)
        break
      }
    }
  }
  return hidden
}

function idsOf(doc: Y.Doc, range: RangePosition): FilterSpec['at'] {
  const pos = freshPositions(doc)
  const top = pos.rowIds[Math.min(range.start.row, range.end.row)]
  const bottom = pos.rowIds[Math.max(range.start.row, range.end.row)]
  const left = pos.colIds[Math.min(range.start.col, range.end.col)]
  const right = pos.colIds[Math.max(range.start.col, range.end.col)]
  if (!top || !bottom || !left || !right) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'the filter range runs past the sheet')
  }
  return [top, left, bottom, right]
}

/**
 * Puts a shared filter on `range` (its top row the header), replacing the sheet's filter and
 * any criteria left over, with `columns` (column id -> criteria), as one transaction: one
 * undo step. Throws BAD_REQUEST for criteria that do not hold together or a range past the
 * sheet.
 */
export function setFilter(
  doc: Y.Doc,
  range: RangePosition,
  columns: Readonly<Record<string, FilterCriteria>> = {},
  origin?: unknown,
): FilterSpec {
  const at = idsOf(doc, range)
  const entries: Array<[string, string]> = []
  for (const [colId, criteria] of Object.entries(columns)) {
    const problem = isValidId(colId) ? filterCriteriaProblem(criteria) : 'not a column id'
    if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
    const picked = pickFilterCriteria(criteria)
    if (!isEmptyCriteria(picked)) entries.push([COL_PREFIX + colId, JSON.stringify(picked)])
  }
  const map = filterMap(doc)
  doc.transact(() => {
    const keep = new Set([RANGE_KEY, ...entries.map(([k]) => k)])
    for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key)
    const range = at.join(':')
    if (map.get(RANGE_KEY) !== range) map.set(RANGE_KEY, range)
    for (const [key, value] of entries) if (map.get(key) !== value) map.set(key, value)
  }, origin)
  return { at, columns: Object.fromEntries(entries.map(([k, v]) => [k.slice(4), JSON.parse(v)])) }
}

/** Removes the shared filter (every row it hid shows again); false when there was none. */
export function removeFilter(doc: Y.Doc, origin?: unknown): boolean {
  const map = filterMap(doc)
  if (map.size === 0) return false
  const had = map.has(RANGE_KEY)
  doc.transact(() => {
    for (const key of [...map.keys()]) map.delete(key)
  }, origin)
  return had
}

/**
 * Sets (or, with null or empty criteria, clears) one column's criteria of the shared filter,
 * as one transaction. Throws BAD_REQUEST for criteria that do not hold together.
 */
export function setFilterCriteria(
  doc: Y.Doc,
  colId: string,
  criteria: FilterCriteria | null,
  origin?: unknown,
): void {
  const map = filterMap(doc)
  const key = COL_PREFIX + colId
  const picked = criteria ? pickFilterCriteria(criteria) : null
  if (picked) {
    const problem = isValidId(colId) ? filterCriteriaProblem(picked) : 'not a column id'
    if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
  }
  if (!picked || isEmptyCriteria(picked)) {
    if (map.has(key)) doc.transact(() => map.delete(key), origin)
    return
  }
  const value = JSON.stringify(picked)
  if (map.get(key) !== value) doc.transact(() => map.set(key, value), origin)
}

/**
 * Keeps the filter whole when rows or columns are deleted (inside `deleteAxis`'s
 * transaction): a deleted header/last row (first/last column) is replaced by the nearest one
 * that stays; a filter left with no row or column is removed.
 */
export function shrinkFilterForDelete(
  doc: Y.Doc,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  const map = filterMap(doc)
  const at = parseAt(map.get(RANGE_KEY))
  if (!at) return
  const [first, last] = axis === 'rows' ? [0, 2] : [1, 3]
  const a = at[first]!
  const b = at[last]!
  if (!gone.has(a) && !gone.has(b)) return
  const i1 = live.indexOf(a)
  const i2 = live.indexOf(b)
  if (i1 < 0 || i2 < 0) return
  const kept = live.slice(Math.min(i1, i2), Math.max(i1, i2) + 1).filter((x) => !gone.has(x))
  if (kept.length === 0) {
    for (const key of [...map.keys()]) map.delete(key)
    return
  }
  at[first] = kept[0]!
  at[last] = kept[kept.length - 1]!
  map.set(RANGE_KEY, at.join(':'))
}

/** Copies the filter of `source` when its range's ids are all in `rows`/`cols` (a sheet copy). */
export function copyFilter(
  source: Y.Doc,
  target: Y.Doc,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
): void {
  const from = filterMap(source)
  const at = parseAt(from.get(RANGE_KEY))
  if (!at || !rows.has(at[0]) || !rows.has(at[2]) || !cols.has(at[1]) || !cols.has(at[3])) return
  const to = filterMap(target)
  for (const [key, value] of from.entries()) if (isValidFilterEntry(key, value)) to.set(key, value)
}
