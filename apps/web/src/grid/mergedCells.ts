import type { CellPosition, MergeBlock, RangePosition } from '@cellmate/model'
import type { GridSize } from './gridGeometry'

/** Which block covers a cell (a `BlockIndex`, or a stand-in in tests). */
export interface BlockLookup {
  at(row: number, col: number): MergeBlock | RangePosition | null
}

/**
 * Where the active cell goes when a move lands it on `next`, coming from `prev`, as in
 * Excel: a merged block is one cell. Landing inside a block selects its top-left cell; a
 * keyboard `step` (arrow, Tab, Enter) from a block that stays inside the block (down, right)
 * goes on past the block's far edge in that direction, or stays when the block reaches the
 * sheet's edge. A click inside a block just selects the block.
 */
export function snapToBlock(
  prev: CellPosition,
  next: CellPosition,
  blocks: BlockLookup,
  size: GridSize,
  step = true,
): CellPosition {
  const block = blocks.at(next.row, next.col)
  if (!block) return next
  const start = block.start
  if (next.row === start.row && next.col === start.col) return next
  const fromInside =
    prev.row >= block.start.row &&
    prev.row <= block.end.row &&
    prev.col >= block.start.col &&
    prev.col <= block.end.col
  if (!fromInside || !step) return { ...start }
  const dRow = Math.sign(next.row - prev.row)
  const dCol = Math.sign(next.col - prev.col)
  if (dRow > 0) {
    const row = block.end.row + 1
    return row < size.rows ? snapToBlock(start, { row, col: prev.col }, blocks, size) : { ...start }
  }
  if (dCol > 0) {
    const col = block.end.col + 1
    return col < size.cols ? snapToBlock(start, { row: prev.row, col }, blocks, size) : { ...start }
  }
  return { ...start }
}

/**
 * The first position a move in direction (dRow, dCol) starts from when the active cell is
 * a merged block: its far edge that way (so one step leaves the block), else the cell itself.
 */
export function moveOrigin(
  at: CellPosition,
  dRow: number,
  dCol: number,
  blocks: BlockLookup,
): CellPosition {
  const block = blocks.at(at.row, at.col)
  if (!block) return at
  return {
    row: dRow > 0 ? block.end.row : dRow < 0 ? block.start.row : at.row,
    col: dCol > 0 ? block.end.col : dCol < 0 ? block.start.col : at.col,
  }
}

/** The block of the active cell, or the cell itself as a one-cell range. */
export function activeSpan(at: CellPosition, blocks: BlockLookup): RangePosition {
  const block = blocks.at(at.row, at.col)
  return block
    ? { start: { ...block.start }, end: { ...block.end } }
    : { start: { ...at }, end: { ...at } }
}
