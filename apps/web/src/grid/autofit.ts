import { MAX_AXIS_SIZE } from '@cellmate/model'
import { CELL_PADDING } from './cellOverflow'
import { MIN_COL_WIDTH } from './gridGeometry'

/**
 * Rows a column autofit reads: its first ones. A sheet's cells are sparse but this reads by
 * position, and a million-row column would cost a second per double-click.
 */
export const AUTOFIT_ROW_LIMIT = 20_000

/**
 * The width that fits a column's widest shown text (double-click on its header border, as in
 * Sheets and Excel); null for an empty column (it goes back to the default width).
 */
export function autofitWidth(
  rows: number,
  textWidth: (row: number) => number,
  limit = AUTOFIT_ROW_LIMIT,
): number | null {
  let widest = 0
  for (let row = 0; row < Math.min(rows, limit); row++) widest = Math.max(widest, textWidth(row))
  if (widest === 0) return null
  // The text, its padding and the grid line, rounded up.
  return Math.min(MAX_AXIS_SIZE, Math.max(MIN_COL_WIDTH, Math.ceil(widest + CELL_PADDING + 2)))
}
