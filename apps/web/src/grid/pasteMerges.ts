import { sameRange, type CellPosition, type RangePosition } from '@cellmate/model'
import type { SheetSession } from '../sync/sheetSession'
import { gridWidth, type CellGrid } from './clipboardFormat'

/** Merged cells in copy and paste: where a paste on a merge goes, and copied merges. */

/**
 * Where a paste goes: the selection, except that one copied cell pasted on a merged block
 * (selected whole, as clicking its top-left cell selects it) fills the block's top-left cell,
 * as in Excel and Sheets; tiled, it would write the block's hidden cells, which is refused.
 */
export function pasteRange(
  selection: RangePosition,
  block: CellGrid,
  sheet: SheetSession,
): RangePosition {
  if (block.length !== 1 || gridWidth(block) !== 1) return selection
  const merged = sheet.mergedBlocks().at(selection.start.row, selection.start.col)
  const whole = merged !== null && sameRange(merged, selection)
  return whole ? { start: selection.start, end: selection.start } : selection
}

/**
 * The merged blocks wholly inside a copied range, relative to its top-left cell; none when a
 * filter hid some of its rows (the copied rows close up, so the blocks would not fit them).
 */
export function copiedMerges(
  sheet: SheetSession,
  range: RangePosition,
  copiedRows: number,
): RangePosition[] {
  if (copiedRows !== range.end.row - range.start.row + 1) return []
  const inside = sheet
    .mergedBlocks()
    .all.filter(
      (b) =>
        b.start.row >= range.start.row &&
        b.start.col >= range.start.col &&
        b.end.row <= range.end.row &&
        b.end.col <= range.end.col,
    )
  const from = (p: { row: number; col: number }) => ({
    row: p.row - range.start.row,
    col: p.col - range.start.col,
  })
  return inside.map((b) => ({ start: from(b.start), end: from(b.end) }))
}

/** The copied blocks `merges` (relative) with the copy's top-left cell at `at`. */
export function mergesAt(merges: readonly RangePosition[], at: CellPosition): RangePosition[] {
  return merges.map((m) => ({
    start: { row: at.row + m.start.row, col: at.col + m.start.col },
    end: { row: at.row + m.end.row, col: at.col + m.end.col },
  }))
}

/** The copied blocks `merges` (relative) placed on every tile of an `h` by `w` block in `target`. */
export function tiledMerges(
  merges: readonly RangePosition[],
  target: RangePosition,
  h: number,
  w: number,
): RangePosition[] {
  const placed: RangePosition[] = []
  if (merges.length === 0) return placed
  for (let row = target.start.row; row + h - 1 <= target.end.row; row += h) {
    for (let col = target.start.col; col + w - 1 <= target.end.col; col += w) {
      placed.push(...mergesAt(merges, { row, col }))
    }
  }
  return placed
}

/**
 * A merged block already on the sheet that pasting `merges` over `target` would overlap
 * (other than the very same blocks, and the blocks `leaving` it: a cut's, moving): Sheets
 * refuses such a paste, and so do we. Null when the paste carries no merges.
 */
export function mergeClash(
  sheet: SheetSession,
  target: RangePosition,
  merges: readonly RangePosition[],
  leaving: readonly RangePosition[] = [],
): RangePosition | null {
  if (merges.length === 0) return null
  const stays = (b: RangePosition): boolean => !leaving.some((m) => sameRange(m, b))
  const clash = sheet
    .mergedBlocks()
    .overlapping(target)
    .find((b) => stays(b) && !merges.some((m) => sameRange(m, b)))
  return clash ?? null
}
