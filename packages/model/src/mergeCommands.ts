import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { formatRange } from './a1.js'
import { cellKey, sheetTypes } from './sheet.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import { mergesMap, parseMergeRef } from './mergeEntries.js'
import { BlockIndex, overlaps } from './mergeBlocks.js'
import { readMerges } from './mergeState.js'

/**
 * Merging and unmerging cells: what a merge would do (`planMerge`), doing it (`mergeCells`)
 * and unmerging (`unmergeCells`). The block's value is its top-left cell's; merging clears
 * the other cells (Excel keeps only the top-left value) in the same transaction, so undo
 * brings them back.
 */

/** How `mergeCells` splits a range: one block, one per row, or one per column. */
export type MergeMode = 'all' | 'horizontal' | 'vertical'
export const MERGE_MODES: readonly MergeMode[] = ['all', 'horizontal', 'vertical']

function normalize(range: RangePosition): RangePosition {
  return {
    start: {
      row: Math.min(range.start.row, range.end.row),
      col: Math.min(range.start.col, range.end.col),
    },
    end: {
      row: Math.max(range.start.row, range.end.row),
      col: Math.max(range.start.col, range.end.col),
    },
  }
}

/** The rectangles `mergeCells` makes of `range` in `mode` (single cells are left out). */
export function mergeParts(range: RangePosition, mode: MergeMode): RangePosition[] {
  const r = normalize(range)
  const parts: RangePosition[] = []
  if (mode === 'all') parts.push(r)
  else if (mode === 'horizontal') {
    for (let row = r.start.row; row <= r.end.row; row++) {
      parts.push({ start: { row, col: r.start.col }, end: { row, col: r.end.col } })
    }
  } else {
    for (let col = r.start.col; col <= r.end.col; col++) {
      parts.push({ start: { row: r.start.row, col }, end: { row: r.end.row, col } })
    }
  }
  return parts.filter((p) => p.start.row !== p.end.row || p.start.col !== p.end.col)
}

/** Most cells one merge may span (a whole sheet's worth of keys would not fit an update). */
export const MAX_MERGE_CELLS = 1_000_000

/** What a merge would discard: the cells (positions) that hold a value it clears. */
export interface MergePlan {
  /** The range after growing it over the blocks it touches. */
  range: RangePosition
  parts: RangePosition[]
  /** Non-empty cells other than each part's top-left one: their values are cleared. */
  discarded: Array<{ row: number; col: number }>
}

/**
 * What `mergeCells(doc, range, mode)` would do, without doing it: the UI asks first and
 * warns, as Sheets does, that merging keeps only the top-left value.
 */
export function planMerge(doc: Y.Doc, range: RangePosition, mode: MergeMode): MergePlan {
  if (!MERGE_MODES.includes(mode)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `unknown merge mode "${String(mode)}"`)
  }
  const pos = freshPositions(doc)
  const index = new BlockIndex(readMerges(doc, pos).blocks)
  const wanted = normalize(range)
  if (
    wanted.start.row < 0 ||
    wanted.start.col < 0 ||
    wanted.end.row >= pos.rowIds.length ||
    wanted.end.col >= pos.colIds.length
  ) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'the range to merge runs past the sheet')
  }
  const grown = index.expand(wanted)
  const area = (grown.end.row - grown.start.row + 1) * (grown.end.col - grown.start.col + 1)
  if (area > MAX_MERGE_CELLS) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a merge may span at most ${MAX_MERGE_CELLS} cells`,
    )
  }
  const parts = mergeParts(grown, mode)
  if (parts.length === 0) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      mode === 'all'
        ? 'select more than one cell to merge'
        : `${mode === 'horizontal' ? 'each row' : 'each column'} of ${formatRange(grown)} is a single cell; nothing to merge`,
    )
  }
  const cells = sheetTypes(doc).cells
  const discarded: Array<{ row: number; col: number }> = []
  for (const [key] of cells.entries()) {
    const sep = key.indexOf(':')
    const row = pos.rowIndexOf(key.slice(0, sep))
    const col = pos.colIndexOf(key.slice(sep + 1))
    if (row < 0 || col < 0) continue
    for (const p of parts) {
      if (row < p.start.row || row > p.end.row || col < p.start.col || col > p.end.col) continue
      if (row !== p.start.row || col !== p.start.col) discarded.push({ row, col })
      break
    }
  }
  discarded.sort((a, b) => a.row - b.row || a.col - b.col)
  return { range: grown, parts, discarded }
}

/**
 * Merges a range (display positions) in one transaction: the range grows over any merged
 * block it touches, those blocks are unmerged, and each part (`mode`) becomes one block
 * keeping only its top-left value (the others are cleared; undo restores them). Throws
 * BAD_REQUEST for a single cell or a range past the sheet. Returns the plan it carried out.
 */
export function mergeCells(
  doc: Y.Doc,
  range: RangePosition,
  mode: MergeMode = 'all',
  origin?: unknown,
): MergePlan {
  const plan = planMerge(doc, range, mode)
  const pos = freshPositions(doc)
  const map = mergesMap(doc)
  const cells = sheetTypes(doc).cells
  doc.transact(() => {
    removeMergesIn(doc, plan.range, pos)
    for (const p of plan.parts) {
      const anchor = cellKey(pos.rowIds[p.start.row]!, pos.colIds[p.start.col]!)
      const corner = cellKey(pos.rowIds[p.end.row]!, pos.colIds[p.end.col]!)
      map.set(anchor, corner)
    }
    for (const { row, col } of plan.discarded) {
      cells.delete(cellKey(pos.rowIds[row]!, pos.colIds[col]!))
    }
  }, origin)
  return plan
}

/** Deletes every stored merge (in effect or not) whose block shares a cell with `range`. */
function removeMergesIn(doc: Y.Doc, range: RangePosition, pos: AxisPositions): number {
  const map = mergesMap(doc)
  const doomed: string[] = []
  for (const [key, value] of map.entries()) {
    const anchor = parseMergeRef(key)
    const corner = parseMergeRef(value)
    if (!anchor || !corner) {
      doomed.push(key)
      continue
    }
    const r1 = pos.rowIndexOf(anchor.rowId)
    const r2 = pos.rowIndexOf(corner.rowId)
    const c1 = pos.colIndexOf(anchor.colId)
    const c2 = pos.colIndexOf(corner.colId)
    if (r1 < 0 || r2 < 0 || c1 < 0 || c2 < 0) continue
    const block = {
      start: { row: Math.min(r1, r2), col: Math.min(c1, c2) },
      end: { row: Math.max(r1, r2), col: Math.max(c1, c2) },
    }
    if (overlaps(block, range)) doomed.push(key)
  }
  doomed.forEach((k) => map.delete(k))
  return doomed.length
}

/**
 * Unmerges every block that shares a cell with `range` (display positions), held ones
 * included, in one transaction. The top-left value stays where it is, as in Excel. Returns
 * how many merges were removed (0: nothing written).
 */
export function unmergeCells(doc: Y.Doc, range: RangePosition, origin?: unknown): number {
  const pos = freshPositions(doc)
  let removed = 0
  doc.transact(() => {
    removed = removeMergesIn(doc, normalize(range), pos)
  }, origin)
  return removed
}
