import type * as Y from 'yjs'
import { liveIds, sheetTypes } from './sheet.js'

/**
 * Positions of row and column ids, one lookup per axis. Everything stored by ids (merges,
 * validations, conditional formats, filters, tables) turns them into display positions through
 * this interface, fed either by a `SheetLayout` the caller keeps up to date or by a fresh read
 * of the document.
 */

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
