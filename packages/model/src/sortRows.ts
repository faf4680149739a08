import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import { formatRange, type RangePosition } from './a1.js'
import { BlockIndex } from './mergeBlocks.js'
import { readMerges } from './mergeState.js'
import { cellKey, liveIds, sheetTypes } from './sheet.js'
import { repairAxis } from './structure.js'
import { SortColumn, rawSortValue, type SortValue } from './sortOrder.js'

/**
 * Sorting moves **row ids**: the rows of the range change places as whole rows, so cells,
 * formats, heights and comments go with them (they are keyed by row id), and an edit someone
 * makes to a row while another person sorts lands in that row wherever it went. See the
 * README ("Sort") for why whole rows and what references from outside the range see.
 */

/** One sort column: `col` is a display position inside the range; ascending unless `desc`. */
export interface SortKey {
  col: number
  desc?: boolean
}

export interface SortOptions {
  /** Sort columns, most significant first (at least one, at most `MAX_SORT_KEYS`). */
  keys: readonly SortKey[]
  /** The range's first row is a header: it stays where it is. */
  header?: boolean
  /** Collation locale for text (`Intl.Collator`); the runtime's default when absent. */
  locale?: string
  /**
   * The value a cell sorts by. Defaults to its raw input read without an engine
   * (`rawSortValue`); callers that evaluate formulas pass computed values.
   */
  valueAt?: (rowId: string, colId: string) => SortValue
}

/** Excel allows 64 sort levels. */
export const MAX_SORT_KEYS = 64

/** The rows a sort moves: display positions `start`.. and their ids before and after. */
export interface SortPlan {
  start: number
  before: readonly string[]
  after: readonly string[]
}

function badRequest(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.BAD_REQUEST, message)
}

/**
 * Refuses a sort that would split merged cells. Rows move as wholes, so a block one row high
 * moves with its row wherever its columns are; a block spanning several rows with a cell on
 * the sorted rows (`sorted`, beside it too) would have its rows sent apart (Sheets refuses
 * any vertical merge too). Held merges count: their rows would part the same way.
 */
function checkMergesInSortedRows(doc: Y.Doc, sorted: RangePosition, sheetCols: number): void {
  const state = readMerges(doc)
  if (state.blocks.length === 0 && state.held.length === 0) return
  const rows = {
    start: { row: sorted.start.row, col: 0 },
    end: { row: sorted.end.row, col: sheetCols - 1 },
  }
  const tall = new BlockIndex([...state.blocks, ...state.held])
    .overlapping(rows)
    .filter((b) => b.end.row > b.start.row)
    .sort((a, b) => a.start.row - b.start.row || a.start.col - b.start.col)[0]
  if (!tall) return
  const block = formatRange(tall)
  throw badRequest(
    `Cannot sort ${formatRange(sorted)}: the merged cells ${block} span more than one row, and sorting would split them. Unmerge ${block} first.`,
  )
}

/**
 * Which rows a sort of `range` would put where, without writing anything. The range is
 * clipped to the sheet (a REST caller may say `A1:D100` of a 40-row sheet, as Sheets allows).
 * Throws BAD_REQUEST for a bad range or key, and for sorted rows holding merged cells that
 * span more than one row (naming the block).
 */
export function planSort(doc: Y.Doc, range: RangePosition, options: SortOptions): SortPlan {
  const t = sheetTypes(doc)
  const rows = liveIds(t.rows, t.removedRows)
  const cols = liveIds(t.cols, t.removedCols)
  const { start, end } = range
  if (options.keys.length === 0) throw badRequest('a sort needs at least one key column')
  if (options.keys.length > MAX_SORT_KEYS) {
    throw badRequest(`a sort takes at most ${MAX_SORT_KEYS} key columns`)
  }
  if (start.row < 0 || start.col < 0 || start.row > end.row || start.col > end.col) {
    throw badRequest('the sort range is not a rectangle on the sheet')
  }
  if (start.row >= rows.length || start.col >= cols.length) {
    throw badRequest('the sort range starts past the end of the sheet')
  }
  const keyCols = options.keys.map(({ col }) => {
    if (!Number.isInteger(col) || col < start.col || col > end.col) {
      throw badRequest(`sort column ${col} is outside the range`)
    }
    return cols[col] as string
  })
  const first = start.row + (options.header ? 1 : 0)
  const last = Math.min(end.row, rows.length - 1)
  const before = rows.slice(first, last + 1)
  if (before.length < 2) return { start: first, before, after: before }
  checkMergesInSortedRows(
    doc,
    {
      start: { row: first, col: start.col },
      end: { row: last, col: Math.min(end.col, cols.length - 1) },
    },
    cols.length,
  )
  const valueAt =
    options.valueAt ??
    ((rowId: string, colId: string) => {
      const raw = t.cells.get(cellKey(rowId, colId))
      return raw === undefined ? null : rawSortValue(raw)
    })
  const n = before.length
  const columns = options.keys.map((k, c) => {
    const column = new SortColumn(n, k.desc === true, options.locale)
    const colId = keyCols[c] as string
    for (let i = 0; i < n; i++) column.set(i, valueAt(before[i] as string, colId))
    return column
  })
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => {
    for (const column of columns) {
      const c = column.compare(a, b)
      if (c !== 0) return c
    }
    return a - b
  })
  return { start: first, before, after: order.map((i) => before[i] as string) }
}

/**
 * Writes a sort plan: one transaction (one undo step) that deletes the rows whose place
 * changes and inserts their ids in the new order. Rows already in place at either end are
 * not touched. Returns how many rows moved.
 */
export function applySortPlan(doc: Y.Doc, plan: SortPlan, origin?: unknown): number {
  const { before, after } = plan
  let head = 0
  while (head < before.length && before[head] === after[head]) head++
  let tail = 0
  while (
    tail < before.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++
  }
  const count = before.length - head - tail
  if (count === 0) return 0
  const t = sheetTypes(doc)
  const at = plan.start + head
  doc.transact(() => {
    // After the repair the raw array holds exactly the live ids, so display index = raw index.
    repairAxis(t.rows, t.removedRows)
    t.rows.delete(at, count)
    t.rows.insert(at, after.slice(head, head + count))
  }, origin)
  return count
}

/**
 * Sorts the rows of `range` by one or more of its columns (Excel's order, see `sortOrder.ts`;
 * stable; empty cells last) in one transaction. Returns how many rows moved.
 */
export function sortRange(
  doc: Y.Doc,
  range: RangePosition,
  options: SortOptions,
  origin?: unknown,
): number {
  return applySortPlan(doc, planSort(doc, range, options), origin)
}
