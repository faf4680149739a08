import type * as Y from 'yjs'
import { cellKey, sheetTypes } from './sheet.js'
import type { SheetCells } from './cellStore.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import { mergesMap, parseMergeRef } from './mergeEntries.js'
import { BlockIndex, type MergeBlock } from './mergeBlocks.js'

/**
 * The merges a reader sees. They are derived from the stored entries (mergeEntries.ts) by one
 * deterministic rule, so every replica shows the same blocks whatever order updates arrived
 * in (`readMerges`):
 * - a merge whose anchor or corner row/column was deleted is ignored;
 * - a merge with a value in any cell but its top-left one is **not in effect** (it is
 *   "held"): someone typed into the block while someone else merged it. The typed value stays
 *   visible and nothing is lost; `readMerges` reports the merge as held so the UI can say so,
 *   and merging again (which asks to discard the other values) or unmerging settles it;
 * - two stored merges that overlap (made at the same moment by two people) are taken in key
 *   order, and one overlapping an earlier one is ignored.
 */

/** The merges a reader sees, and those stored but not in effect. */
export interface MergeState {
  /** Blocks in effect, in key order; they never overlap. */
  blocks: MergeBlock[]
  /** Blocks not in effect because a cell other than the top-left holds a value. */
  held: MergeBlock[]
}

/** Most cells a block is checked one by one for values; larger blocks scan the cell log. */
const DIRECT_CHECK_CELLS = 4096

/** Does any cell of the block other than its top-left one hold a value? */
function holdsOtherValues(
  cells: SheetCells,
  block: MergeBlock,
  ids: { rowIds: readonly string[]; colIds: readonly string[] },
  pos: AxisPositions,
): boolean {
  const rows = block.end.row - block.start.row + 1
  const cols = block.end.col - block.start.col + 1
  if (rows * cols <= DIRECT_CHECK_CELLS) {
    for (let r = block.start.row; r <= block.end.row; r++) {
      for (let c = block.start.col; c <= block.end.col; c++) {
        if (r === block.start.row && c === block.start.col) continue
        const rowId = ids.rowIds[r]
        const colId = ids.colIds[c]
        if (rowId && colId && cells.get(cellKey(rowId, colId)) !== undefined) return true
      }
    }
    return false
  }
  for (const [key] of cells.entries()) {
    const sep = key.indexOf(':')
    const r = pos.rowIndexOf(key.slice(0, sep))
    const c = pos.colIndexOf(key.slice(sep + 1))
    if (r < block.start.row || r > block.end.row || c < block.start.col || c > block.end.col) {
      continue
    }
    if (r !== block.start.row || c !== block.start.col) return true
  }
  return false
}

/**
 * The merges in effect and those held (see the module comment), computed from the stored
 * entries and the current positions. `layout` may be a `SheetLayout` kept up to date by the
 * caller; without one the positions are read afresh.
 */
export function readMerges(
  doc: Y.Doc,
  layout?: AxisPositions & { rowIds: readonly string[]; colIds: readonly string[] },
): MergeState {
  const map = mergesMap(doc)
  const out: MergeState = { blocks: [], held: [] }
  if (map.size === 0) return out
  const pos = layout ?? freshPositions(doc)
  const cells = sheetTypes(doc).cells
  const stored: MergeBlock[] = []
  for (const [key, value] of map.entries()) {
    const anchor = parseMergeRef(key)
    const corner = parseMergeRef(value)
    if (!anchor || !corner) continue
    const r1 = pos.rowIndexOf(anchor.rowId)
    const r2 = pos.rowIndexOf(corner.rowId)
    const c1 = pos.colIndexOf(anchor.colId)
    const c2 = pos.colIndexOf(corner.colId)
    if (r1 < 0 || r2 < 0 || c1 < 0 || c2 < 0) continue
    if (r1 === r2 && c1 === c2) continue
    stored.push({
      key,
      anchorRowId: anchor.rowId,
      anchorColId: anchor.colId,
      cornerRowId: corner.rowId,
      cornerColId: corner.colId,
      start: { row: Math.min(r1, r2), col: Math.min(c1, c2) },
      end: { row: Math.max(r1, r2), col: Math.max(c1, c2) },
    })
  }
  stored.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const accepted = new BlockIndex()
  for (const block of stored) {
    if (holdsOtherValues(cells, block, pos, pos)) {
      out.held.push(block)
      continue
    }
    if (accepted.anyOverlapping(block)) continue
    accepted.add(block)
    out.blocks.push(block)
  }
  return out
}
