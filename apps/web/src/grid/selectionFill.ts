import type { CellPosition } from '@cellmate/model'
import type { PositionedEdit } from '../sync/sheetBlockWrite'
import type { SelectionWalk } from './selectionWalk'

/**
 * What Ctrl+Enter writes over a selected block, as Excel enters a value in every selected cell
 * (and Sheets' Fill range copies the active cell): one input in each cell the block's walk
 * visits, so hidden rows and columns and the covered cells of merged blocks are left alone.
 * `valueAt` gives each cell's value from its distance to the active cell, by which a formula's
 * relative references move.
 */
export function selectionFillEdits(
  walk: SelectionWalk,
  active: CellPosition,
  valueAt: (cell: CellPosition, dRows: number, dCols: number) => string,
): PositionedEdit[] {
  const { start, end } = walk.range
  const edits: PositionedEdit[] = []
  for (let row = start.row; row <= end.row; row++) {
    for (let col = start.col; col <= end.col; col++) {
      if (walk.skip(row, col)) continue
      const value = valueAt({ row, col }, row - active.row, col - active.col)
      edits.push({ row, col, value })
    }
  }
  return edits
}
