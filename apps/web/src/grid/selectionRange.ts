import type { CellPosition, RangePosition } from '@cellmate/model'
import type { GridSize } from './gridGeometry'

/** What the selection store holds, as the pure functions here read it. */
export interface SelectionState {
  span: 'cell' | 'row' | 'col'
  anchor: CellPosition
  extent: CellPosition
}

/** The rectangle spanned by two corners, in any order. */
export function rangeBetween(a: CellPosition, b: CellPosition): RangePosition {
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  }
}

/**
 * The selected rectangle, clamped to the sheet: whole rows or columns when a header was
 * clicked (and Shift+clicked), otherwise the rectangle between anchor and extent.
 */
export function selectionRange(sel: SelectionState, size: GridSize): RangePosition {
  const lastRow = Math.max(0, size.rows - 1)
  const lastCol = Math.max(0, size.cols - 1)
  const r = rangeBetween(sel.anchor, sel.extent)
  if (sel.span === 'row') {
    r.start.col = 0
    r.end.col = lastCol
  } else if (sel.span === 'col') {
    r.start.row = 0
    r.end.row = lastRow
  }
  r.start.row = Math.min(r.start.row, lastRow)
  r.end.row = Math.min(r.end.row, lastRow)
  r.start.col = Math.min(r.start.col, lastCol)
  r.end.col = Math.min(r.end.col, lastCol)
  return r
}

export function rangeContains(r: RangePosition, row: number, col: number): boolean {
  return row >= r.start.row && row <= r.end.row && col >= r.start.col && col <= r.end.col
}

export function rangeRows(r: RangePosition): number {
  return r.end.row - r.start.row + 1
}

export function rangeCols(r: RangePosition): number {
  return r.end.col - r.start.col + 1
}

/** True when the range is one cell. */
export function isSingleCell(r: RangePosition): boolean {
  return r.start.row === r.end.row && r.start.col === r.end.col
}

/**
 * Ctrl+Arrow, as Excel and Google Sheets do it: from a filled cell whose neighbour is filled,
 * to the last filled cell of that run; otherwise to the next filled cell in that direction,
 * or the sheet's edge when there is none. `filled` is asked about one cell at a time, so a
 * jump over a million empty rows costs a million map lookups and nothing more.
 */
export function dataEdge(
  at: CellPosition,
  dRow: number,
  dCol: number,
  size: GridSize,
  filled: (row: number, col: number) => boolean,
): CellPosition {
  const inside = (row: number, col: number): boolean =>
    row >= 0 && col >= 0 && row < size.rows && col < size.cols
  let row = at.row
  let col = at.col
  if (!inside(row + dRow, col + dCol)) return { row, col }
  if (filled(row, col) && filled(row + dRow, col + dCol)) {
    while (inside(row + dRow, col + dCol) && filled(row + dRow, col + dCol)) {
      row += dRow
      col += dCol
    }
    return { row, col }
  }
  row += dRow
  col += dCol
  while (!filled(row, col) && inside(row + dRow, col + dCol)) {
    row += dRow
    col += dCol
  }
  return { row, col }
}
