import type { CellPosition, RangePosition } from '@cellmate/model'
import type { BlockLookup } from './mergedCells'

/**
 * A selected block that Tab and Enter walk inside, as in Excel and Google Sheets: the active
 * cell moves through the block and wraps at its edges while the block stays selected.
 */
export interface SelectionWalk {
  range: RangePosition
  /** Cells the walk steps over: in hidden rows or columns, or covered by a merged block. */
  skip: (row: number, col: number) => boolean
}

/**
 * The walk for the selected `range`; null when it is only the active cell or the active cell's
 * merged block (`activeSpan`): then Tab and Enter move out of it as usual.
 */
export function selectionWalk(
  range: RangePosition,
  activeSpan: RangePosition,
  blocks: BlockLookup,
  hidden: (axis: 'rows' | 'cols', index: number) => boolean,
): SelectionWalk | null {
  const same =
    range.start.row === activeSpan.start.row &&
    range.start.col === activeSpan.start.col &&
    range.end.row === activeSpan.end.row &&
    range.end.col === activeSpan.end.col
  if (same) return null
  return {
    range,
    skip: (row, col) => {
      if (hidden('rows', row) || hidden('cols', col)) return true
      const block = blocks.at(row, col)
      return block !== null && (block.start.row !== row || block.start.col !== col)
    },
  }
}

/**
 * The next cell of the walk from `at`: along the row and on to the next row (`byRow`, Tab), or
 * down the column and on to the next column (`byCol`, Enter); `back` goes the other way
 * (Shift+Tab, Shift+Enter). Past the block's last cell it wraps to the first. Stays at `at`
 * when every other cell is skipped.
 */
export function walkStep(
  walk: SelectionWalk,
  at: CellPosition,
  order: 'byRow' | 'byCol',
  back: boolean,
): CellPosition {
  const { start, end } = walk.range
  const d = back ? -1 : 1
  const byRow = order === 'byRow'
  // The walk runs along the inner axis and steps the outer one at each wrap.
  const innerStart = byRow ? start.col : start.row
  const innerEnd = byRow ? end.col : end.row
  const outerStart = byRow ? start.row : start.col
  const outerEnd = byRow ? end.row : end.col
  let inner = byRow ? at.col : at.row
  let outer = byRow ? at.row : at.col
  const cells = (innerEnd - innerStart + 1) * (outerEnd - outerStart + 1)
  for (let tried = 0; tried < cells; tried++) {
    inner += d
    if (inner < innerStart || inner > innerEnd) {
      inner = back ? innerEnd : innerStart
      outer += d
      if (outer < outerStart || outer > outerEnd) outer = back ? outerEnd : outerStart
    }
    const row = byRow ? outer : inner
    const col = byRow ? inner : outer
    if (row === at.row && col === at.col) break
    if (!walk.skip(row, col)) return { row, col }
  }
  return at
}
