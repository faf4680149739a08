import type * as Y from 'yjs'
import { isValidId } from '@cellmate/protocol'
import { SHEET_ROOTS } from './sheet.js'

/**
 * Merged cells, as stored. A merge is stored in the sheet's `merges` map as
 * `anchorRowId:anchorColId` -> `cornerRowId:cornerColId`: the ids of its first and last cell,
 * never positions. The merged block is the rectangle between the two cells' current positions,
 * so rows inserted inside a merge (by anyone, at any time) widen it and rows inserted around it
 * move it, as in Excel.
 *
 * This file holds the stored form: the root, parsing and validating an entry, and copying the
 * entries with a sheet. What a reader sees is `readMerges` (mergeState.ts); merging and
 * unmerging are mergeCommands.ts; deleted rows and columns are mergeAxisDeletes.ts.
 */

/** The root of a sheet document holding merges. */
export const MERGES_ROOT = SHEET_ROOTS.merges

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
