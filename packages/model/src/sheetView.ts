import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import { SHEET_ROOTS } from './sheet.js'

/**
 * Column widths, row heights and freeze panes of a sheet. Sizes are keyed by row/column id,
 * so a resized column keeps its width when someone inserts columns before it; a missing key
 * is the default size. Freeze panes are counts (the first N rows/columns stay in view), as
 * in every spreadsheet: inserting a row above the freeze line keeps N rows frozen.
 */
export interface SheetViewTypes {
  /** Column id -> px. Read through `storedSize`, which skips a value that is not a size. */
  colWidths: Y.Map<unknown>
  rowHeights: Y.Map<unknown>
  /** `frozenRows`, `frozenCols` -> counts. Read through `getFrozen`. */
  view: Y.Map<unknown>
}

/** Largest width or height a row or column can be given, in px. */
export const MAX_AXIS_SIZE = 2000

export function sheetViewTypes(doc: Y.Doc): SheetViewTypes {
  return {
    colWidths: doc.getMap<unknown>(SHEET_ROOTS.colWidths),
    rowHeights: doc.getMap<unknown>(SHEET_ROOTS.rowHeights),
    view: doc.getMap<unknown>(SHEET_ROOTS.view),
  }
}

function checkSize(px: number | null): void {
  if (px === null) return
  if (!Number.isFinite(px) || px < 0 || px > MAX_AXIS_SIZE) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `size must be between 0 and ${MAX_AXIS_SIZE} px`,
    )
  }
}

function setSizes(map: Y.Map<unknown>, ids: readonly string[], px: number | null): void {
  const value = px === null ? null : Math.round(px)
  for (const id of ids) {
    if (value === null) {
      if (map.has(id)) map.delete(id)
    } else if (map.get(id) !== value) {
      map.set(id, value)
    }
  }
}

/** Gives columns a width in px (`null`: back to the default), as one transaction. */
export function setColWidths(
  doc: Y.Doc,
  colIds: readonly string[],
  px: number | null,
  origin?: unknown,
): void {
  checkSize(px)
  doc.transact(() => setSizes(sheetViewTypes(doc).colWidths, colIds, px), origin)
}

/** Gives rows a height in px (`null`: back to the default), as one transaction. */
export function setRowHeights(
  doc: Y.Doc,
  rowIds: readonly string[],
  px: number | null,
  origin?: unknown,
): void {
  checkSize(px)
  doc.transact(() => setSizes(sheetViewTypes(doc).rowHeights, rowIds, px), origin)
}

/** A stored width/height, or undefined for the default (or a value no reader should trust). */
export function storedSize(map: Y.Map<unknown>, id: string): number | undefined {
  const v: unknown = map.get(id)
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_AXIS_SIZE ? v : undefined
}

/** Frozen rows and columns of a sheet. */
export interface FrozenPanes {
  rows: number
  cols: number
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0
}

export function getFrozen(doc: Y.Doc): FrozenPanes {
  const { view } = sheetViewTypes(doc)
  return { rows: count(view.get('frozenRows')), cols: count(view.get('frozenCols')) }
}

/** Freezes the first `rows` rows and `cols` columns (0 unfreezes), as one transaction. */
export function setFrozen(doc: Y.Doc, panes: FrozenPanes, origin?: unknown): void {
  for (const n of [panes.rows, panes.cols]) {
    if (!Number.isInteger(n) || n < 0) {
      throw new CellmateError(
        ERROR_CODES.BAD_REQUEST,
        'frozen rows and columns must be whole numbers',
      )
    }
  }
  const { view } = sheetViewTypes(doc)
  doc.transact(() => {
    if (count(view.get('frozenRows')) !== panes.rows) view.set('frozenRows', panes.rows)
    if (count(view.get('frozenCols')) !== panes.cols) view.set('frozenCols', panes.cols)
  }, origin)
}
