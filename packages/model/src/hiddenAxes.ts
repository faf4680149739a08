import type * as Y from 'yjs'
import { liveIds, SHEET_ROOTS, sheetTypes } from './sheet.js'
import type { Axis } from './structure.js'

/**
 * Hidden rows and columns, stored by id (`hiddenRows`, `hiddenCols`: id -> true) so a hidden
 * row stays hidden wherever inserts, deletes, moves and sorts take it, and hiding and showing
 * different rows at once merge. Hidden for everyone, as in Google Sheets and Excel (a filter
 * hides rows by its own rule and does not write here). Deleting a row leaves its flag, which
 * no reader looks at (the row is not in `rows`).
 */

/** The map of hidden ids of one axis. */
export function hiddenMap(doc: Y.Doc, axis: Axis): Y.Map<unknown> {
  return doc.getMap<unknown>(axis === 'rows' ? SHEET_ROOTS.hiddenRows : SHEET_ROOTS.hiddenCols)
}

/** Whether a row (column) id is hidden; only a stored `true` counts. */
export function isHidden(doc: Y.Doc, axis: Axis, id: string): boolean {
  return hiddenMap(doc, axis).get(id) === true
}

/** Display positions of the hidden rows (columns) in the current order, ascending. */
export function hiddenIndexes(doc: Y.Doc, axis: Axis): number[] {
  const map = hiddenMap(doc, axis)
  if (map.size === 0) return []
  const t = sheetTypes(doc)
  const ids = axis === 'rows' ? liveIds(t.rows, t.removedRows) : liveIds(t.cols, t.removedCols)
  const out: number[] = []
  ids.forEach((id, i) => {
    if (map.get(id) === true) out.push(i)
  })
  return out
}

/**
 * Hides (or, with `hidden = false`, shows) rows or columns by id, in one transaction: one
 * undo step. Ids already in that state are not written.
 */
export function setHidden(
  doc: Y.Doc,
  axis: Axis,
  ids: readonly string[],
  hidden: boolean,
  origin?: unknown,
): void {
  const map = hiddenMap(doc, axis)
  const change = ids.filter((id) => (map.get(id) === true) !== hidden)
  if (change.length === 0) return
  doc.transact(() => {
    for (const id of change) {
      if (hidden) map.set(id, true)
      else map.delete(id)
    }
  }, origin)
}

/** Hides or shows the rows (columns) at display positions `at`..`at+count-1`. */
export function setHiddenAt(
  doc: Y.Doc,
  axis: Axis,
  at: number,
  count: number,
  hidden: boolean,
  origin?: unknown,
): void {
  const t = sheetTypes(doc)
  const ids = axis === 'rows' ? liveIds(t.rows, t.removedRows) : liveIds(t.cols, t.removedCols)
  setHidden(doc, axis, ids.slice(Math.max(0, at), Math.max(0, at + count)), hidden, origin)
}
