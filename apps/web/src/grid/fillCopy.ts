import { isFormula } from '@cellmate/formula'
import type { RangePosition } from '@cellmate/model'

/** Ctrl+D fills down, Ctrl+R fills right. */
export type FillCopyDirection = 'down' | 'right'

/**
 * What Ctrl+D / Ctrl+R write, as in Excel and Sheets: the range's first row (column) copied
 * over the rest of it, or, when one row (column) is selected, the one above (to the left)
 * copied into it. A copy, never a series; formulas move with the distance copied. Empty when
 * there is nothing to copy from (row 1 with Ctrl+D).
 */
export function fillCopyEdits(
  range: RangePosition,
  direction: FillCopyDirection,
  read: (row: number, col: number) => string,
  shift: (raw: string, dRows: number, dCols: number) => string,
): Array<{ row: number; col: number; value: string }> {
  const down = direction === 'down'
  const [first, last] = down ? [range.start.row, range.end.row] : [range.start.col, range.end.col]
  const [laneFrom, laneTo] = down
    ? [range.start.col, range.end.col]
    : [range.start.row, range.end.row]
  const source = first === last ? first - 1 : first
  if (source < 0) return []
  const edits: Array<{ row: number; col: number; value: string }> = []
  for (let lane = laneFrom; lane <= laneTo; lane++) {
    const raw = down ? read(source, lane) : read(lane, source)
    for (let at = source + 1; at <= last; at++) {
      const d = at - source
      const value = isFormula(raw) ? (down ? shift(raw, d, 0) : shift(raw, 0, d)) : raw
      edits.push(down ? { row: at, col: lane, value } : { row: lane, col: at, value })
    }
  }
  return edits
}
