import type { CellValue } from '@cellmate/formula'
import type { RangePosition } from '@cellmate/model'
import { formatGeneral } from '@cellmate/formula'

/** What the status bar says about the selection, as Sheets and Excel do. */
export interface SelectionSummary {
  /** Sum and average of the numbers (null when there is none). */
  sum: number | null
  average: number | null
  /** Cells that are not empty (Excel's "Count"). */
  count: number
}

/**
 * Beyond this many cells the status bar reads nothing: a whole column of a million-row sheet
 * would cost a full scan on every selection change.
 */
export const SUMMARY_CELL_LIMIT = 250_000

const NONE_HIDDEN = { rows: new Set<number>(), cols: new Set<number>() }

/**
 * Sum, average and count of a range; null when it is too big to read at once. Cells on hidden
 * rows or columns (`hidden`) are left out, as Sheets leaves them out.
 */
export function summarizeRange(
  range: RangePosition,
  value: (row: number, col: number) => CellValue,
  limit = SUMMARY_CELL_LIMIT,
  hidden: { rows: ReadonlySet<number>; cols: ReadonlySet<number> } = NONE_HIDDEN,
): SelectionSummary | null {
  const rows = range.end.row - range.start.row + 1
  const cols = range.end.col - range.start.col + 1
  if (rows * cols > limit) return null
  let sum = 0
  let numbers = 0
  let count = 0
  for (let r = range.start.row; r <= range.end.row; r++) {
    if (hidden.rows.has(r)) continue
    for (let c = range.start.col; c <= range.end.col; c++) {
      if (hidden.cols.has(c)) continue
      const v = value(r, c)
      if (v === null || v === '') continue
      count++
      if (typeof v === 'number') {
        sum += v
        numbers++
      }
    }
  }
  return { sum: numbers ? sum : null, average: numbers ? sum / numbers : null, count }
}

/** The merged blocks of a sheet, as `BlockIndex` answers for them. */
export interface SummaryBlocks {
  at(row: number, col: number): RangePosition | null
  expand(range: RangePosition): RangePosition
}

/**
 * The cells the status bar reads: the selection grown over the merged blocks it touches, the
 * range the grid draws and copy and delete take. Null for one cell or one merged block, where
 * the bar stays empty as in Excel.
 */
export function summaryRange(selected: RangePosition, blocks: SummaryBlocks): RangePosition | null {
  const range = blocks.expand(selected)
  const { start, end } = range
  if (start.row === end.row && start.col === end.col) return null
  const block = blocks.at(start.row, start.col)
  if (
    block &&
    block.start.row === start.row &&
    block.start.col === start.col &&
    block.end.row === end.row &&
    block.end.col === end.col
  ) {
    return null
  }
  return range
}

/** A number as the status bar shows it: general format, so 0.1+0.2 reads 0.3. */
export function summaryNumber(n: number): string {
  return formatGeneral(n)
}
