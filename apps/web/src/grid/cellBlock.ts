import type { RangePosition } from '@cellmate/model'
import type { PositionedEdit } from '../sync/sheetSession'
import type { CellGrid } from './clipboardFormat'
import { gridWidth } from './clipboardFormat'
import { rangeCols, rangeRows } from './selectionRange'

/**
 * Where a pasted block of `h` x `w` cells lands on a selection: at its top-left corner, and
 * repeated to fill the selection when the selection is a whole multiple of the block (as
 * Excel and Google Sheets tile one copied cell over a selected range).
 */
export function pasteTarget(selection: RangePosition, h: number, w: number): RangePosition {
  const rows = rangeRows(selection)
  const cols = rangeCols(selection)
  const tiles = h > 0 && w > 0 && rows % h === 0 && cols % w === 0
  return {
    start: { ...selection.start },
    end: {
      row: selection.start.row + (tiles ? rows : h) - 1,
      col: selection.start.col + (tiles ? cols : w) - 1,
    },
  }
}

/**
 * The edits that write `block` over `target` (tiling it), each value passed through
 * `convert` with its offset from the block's own cell (for shifting formulas).
 */
export function blockEdits(
  block: CellGrid,
  target: RangePosition,
  convert: (value: string, dRow: number, dCol: number) => string,
): PositionedEdit[] {
  const h = block.length
  const w = gridWidth(block)
  const edits: PositionedEdit[] = []
  if (h === 0 || w === 0) return edits
  for (let row = target.start.row; row <= target.end.row; row++) {
    const r = (row - target.start.row) % h
    const line = block[r] ?? []
    for (let col = target.start.col; col <= target.end.col; col++) {
      const c = (col - target.start.col) % w
      const dRow = row - target.start.row - r
      const dCol = col - target.start.col - c
      edits.push({ row, col, value: convert(line[c] ?? '', dRow, dCol) })
    }
  }
  return edits
}
