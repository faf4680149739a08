import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, isValidId } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { formatRange } from './a1.js'
import { SHEET_ROOTS, cellKey, liveIds, sheetTypes } from './sheet.js'
import type { SheetCells } from './cellStore.js'

/**
 * Merged cells. A merge is stored in the sheet's `merges` map as `anchorRowId:anchorColId` ->
 * `cornerRowId:cornerColId`: the ids of its first and last cell, never positions. The merged
 * block is the rectangle between the two cells' current positions, so rows inserted inside a
 * merge (by anyone, at any time) widen it and rows inserted around it move it, as in Excel.
 *
 * What a reader sees is derived from the stored entries by one deterministic rule, so every
 * replica shows the same blocks whatever order updates arrived in (`readMerges`):
 * - a merge whose anchor or corner row/column was deleted is ignored;
 * - a merge with a value in any cell but its top-left one is **not in effect** (it is
 *   "held"): someone typed into the block while someone else merged it. The typed value stays
 *   visible and nothing is lost; `readMerges` reports the merge as held so the UI can say so,
 *   and merging again (which asks to discard the other values) or unmerging settles it;
 * - two stored merges that overlap (made at the same moment by two people) are taken in key
 *   order, and one overlapping an earlier one is ignored.
 * The block's value is its top-left cell's; merging clears the other cells (Excel keeps only
 * the top-left value) in the same transaction, so undo brings them back.
 */

/** The root of a sheet document holding merges. */
export const MERGES_ROOT = SHEET_ROOTS.merges

/** How `mergeCells` splits a range: one block, one per row, or one per column. */
export type MergeMode = 'all' | 'horizontal' | 'vertical'
export const MERGE_MODES: readonly MergeMode[] = ['all', 'horizontal', 'vertical']

/** A merged block as it is now: positions (0-based, inclusive) and its stored ids. */
export interface MergeBlock extends RangePosition {
  /** The stored key (`anchorRowId:anchorColId`). */
  key: string
  anchorRowId: string
  anchorColId: string
  cornerRowId: string
  cornerColId: string
}

/** The merges a reader sees, and those stored but not in effect. */
export interface MergeState {
  /** Blocks in effect, in key order; they never overlap. */
  blocks: MergeBlock[]
  /** Blocks not in effect because a cell other than the top-left holds a value. */
  held: MergeBlock[]
}

/** `rowId:colId` -> its ids; null for anything else (both parts must be ids). */
export function parseMergeRef(value: unknown): { rowId: string; colId: string } | null {
  if (typeof value !== 'string') return null
  const sep = value.indexOf(':')
  if (sep <= 0 || value.indexOf(':', sep + 1) >= 0) return null
  const rowId = value.slice(0, sep)
  const colId = value.slice(sep + 1)
  return isValidId(rowId) && isValidId(colId) ? { rowId, colId } : null
}

/** True when a `merges` entry is well-formed (the server's rule for untrusted updates). */
export function isValidMergeEntry(key: string, value: unknown): boolean {
  return parseMergeRef(key) !== null && parseMergeRef(value) !== null && key !== value
}

export function mergesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(MERGES_ROOT)
}

/** Positions of ids: a function per axis (a `SheetLayout`'s `rowIndexOf`, or a fresh index). */
export interface AxisPositions {
  rowIndexOf(id: string): number
  colIndexOf(id: string): number
}

/** Where each live row and column id is now, read from the document once (merges, validations). */
export function freshPositions(doc: Y.Doc): AxisPositions & { rowIds: string[]; colIds: string[] } {
  const t = sheetTypes(doc)
  const rowIds = liveIds(t.rows, t.removedRows)
  const colIds = liveIds(t.cols, t.removedCols)
  const rows = new Map(rowIds.map((id, i) => [id, i]))
  const cols = new Map(colIds.map((id, i) => [id, i]))
  return {
    rowIds,
    colIds,
    rowIndexOf: (id) => rows.get(id) ?? -1,
    colIndexOf: (id) => cols.get(id) ?? -1,
  }
}

/** Most cells a block is checked one by one for values; larger blocks scan the cell log. */
const DIRECT_CHECK_CELLS = 4096

function overlaps(a: RangePosition, b: RangePosition): boolean {
  return (
    a.start.row <= b.end.row &&
    b.start.row <= a.end.row &&
    a.start.col <= b.end.col &&
    b.start.col <= a.end.col
  )
}

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

/** Rows per bucket of `BlockIndex`. */
const BUCKET_ROWS = 64

/** Blocks by row bucket: which block covers a cell, without scanning every block. */
export class BlockIndex {
  private readonly buckets = new Map<number, MergeBlock[]>()
  readonly all: MergeBlock[] = []

  constructor(blocks: readonly MergeBlock[] = []) {
    for (const b of blocks) this.add(b)
  }

  add(block: MergeBlock): void {
    this.all.push(block)
    const first = Math.floor(block.start.row / BUCKET_ROWS)
    const last = Math.floor(block.end.row / BUCKET_ROWS)
    for (let k = first; k <= last; k++) {
      let list = this.buckets.get(k)
      if (!list) this.buckets.set(k, (list = []))
      list.push(block)
    }
  }

  /** The block covering a cell, or null. */
  at(row: number, col: number): MergeBlock | null {
    const list = this.buckets.get(Math.floor(row / BUCKET_ROWS))
    if (!list) return null
    for (const b of list) {
      if (row >= b.start.row && row <= b.end.row && col >= b.start.col && col <= b.end.col) {
        return b
      }
    }
    return null
  }

  /** Blocks that share a cell with `range`. */
  overlapping(range: RangePosition): MergeBlock[] {
    const seen = new Set<MergeBlock>()
    const first = Math.floor(range.start.row / BUCKET_ROWS)
    const last = Math.floor(range.end.row / BUCKET_ROWS)
    // A huge range (whole columns): fewer blocks than buckets, so look at every block.
    if (last - first > this.all.length) return this.all.filter((b) => overlaps(b, range))
    for (let k = first; k <= last; k++) {
      for (const b of this.buckets.get(k) ?? []) if (overlaps(b, range)) seen.add(b)
    }
    return [...seen]
  }

  anyOverlapping(range: RangePosition): boolean {
    return this.overlapping(range).length > 0
  }

  /** `range` grown until every block it touches lies wholly inside it (Excel's selection). */
  expand(range: RangePosition): RangePosition {
    const r = { start: { ...range.start }, end: { ...range.end } }
    for (;;) {
      let grown = false
      for (const b of this.overlapping(r)) {
        const next = {
          start: {
            row: Math.min(r.start.row, b.start.row),
            col: Math.min(r.start.col, b.start.col),
          },
          end: { row: Math.max(r.end.row, b.end.row), col: Math.max(r.end.col, b.end.col) },
        }
        if (
          next.start.row !== r.start.row ||
          next.start.col !== r.start.col ||
          next.end.row !== r.end.row ||
          next.end.col !== r.end.col
        ) {
          grown = true
          r.start = next.start
          r.end = next.end
        }
      }
      if (!grown) return r
    }
  }
}

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

/**
 * Keeps merges whole when rows or columns are deleted (called inside `deleteAxis`'s
 * transaction, before the ids are removed): a merge whose first or last row (column) goes is
 * re-anchored on the first and last of its rows that stay, as Excel shrinks a merge; a merge
 * left with one cell is removed.
 */
export function shrinkMergesForDelete(
  doc: Y.Doc,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  const map = mergesMap(doc)
  if (map.size === 0) return
  const index = new Map(live.map((id, i) => [id, i]))
  const rewrites: Array<[string, string | null, string]> = []
  for (const [key, value] of map.entries()) {
    const anchor = parseMergeRef(key)
    const corner = parseMergeRef(value)
    if (!anchor || !corner) continue
    const a = axis === 'rows' ? anchor.rowId : anchor.colId
    const c = axis === 'rows' ? corner.rowId : corner.colId
    if (!gone.has(a) && !gone.has(c)) continue
    const i1 = index.get(a)
    const i2 = index.get(c)
    if (i1 === undefined || i2 === undefined) continue
    const kept = live.slice(Math.min(i1, i2), Math.max(i1, i2) + 1).filter((id) => !gone.has(id))
    const other = (ref: { rowId: string; colId: string }): string =>
      axis === 'rows' ? ref.colId : ref.rowId
    if (kept.length === 0) {
      rewrites.push([key, null, ''])
      continue
    }
    const first = kept[0]!
    const last = kept[kept.length - 1]!
    const newAnchor =
      axis === 'rows' ? cellKey(first, other(anchor)) : cellKey(other(anchor), first)
    const newCorner = axis === 'rows' ? cellKey(last, other(corner)) : cellKey(other(corner), last)
    rewrites.push([key, newAnchor === newCorner ? null : newAnchor, newCorner])
  }
  for (const [key, newKey, corner] of rewrites) {
    map.delete(key)
    if (newKey !== null) map.set(newKey, corner)
  }
}

/**
 * Refuses writes into the hidden cells of merged blocks (a REST write, a paste): a cell of a
 * block other than its top-left one cannot take a value while the merge is in effect.
 * Throws BAD_REQUEST naming the first such cell and its block.
 */
export function checkWritesOutsideMerges(
  doc: Y.Doc,
  positions: Iterable<{ row: number; col: number; value: string }>,
): void {
  const state = readMerges(doc)
  if (state.blocks.length === 0) return
  const index = new BlockIndex(state.blocks)
  for (const { row, col, value } of positions) {
    if (value === '') continue
    const b = index.at(row, col)
    if (b && (row !== b.start.row || col !== b.start.col)) {
      throw new CellmateError(
        ERROR_CODES.BAD_REQUEST,
        `${formatRange({ start: { row, col }, end: { row, col } })} is inside the merged cells ${formatRange(b)}; write to ${formatRange({ start: b.start, end: b.start })} or unmerge first`,
      )
    }
  }
}

/** Copies the merges of `source` whose ids are all in `rows`/`cols` (a sheet copy). */
export function copyMerges(
  source: Y.Doc,
  target: Y.Doc,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
): void {
  const to = mergesMap(target)
  for (const [key, value] of mergesMap(source).entries()) {
    const a = parseMergeRef(key)
    const c = parseMergeRef(value)
    if (!a || !c) continue
    if (rows.has(a.rowId) && rows.has(c.rowId) && cols.has(a.colId) && cols.has(c.colId)) {
      to.set(key, value as string)
    }
  }
}
