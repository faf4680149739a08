import type * as Y from 'yjs'
import { cellKey } from './sheet.js'
import { mergesMap, parseMergeRef } from './mergeEntries.js'

/**
 * How merges follow deleted rows and columns. Inserts need nothing: a merge is stored by the
 * ids of its corner cells, so rows inserted inside it widen it and those around it move it;
 * only deleting a corner's row or column needs the entry rewritten.
 */

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
