import type * as Y from 'yjs'
import { newId } from './ids.js'
import { CELL_ENTRIES_ROOT, SheetCells } from './cellStore.js'
import { cellEntry, parseCellEntry } from './cellEntries.js'
import { IdPositions } from './idPositions.js'

/**
 * Root names of a sheet document (`sheet:<workbookId>:<sheetId>`). Positions are never stored: `rows` and
 * `cols` hold ids in display order, and every keyed map is keyed by those ids, so an edit
 * always says *which* row, never *which index*, and concurrent inserts cannot misplace it.
 */
export const SHEET_ROOTS = {
  rows: 'rows',
  cols: 'cols',
  /** Ids of deleted rows/columns: a delete beats a concurrent move of the same row. */
  removedRows: 'removedRows',
  removedCols: 'removedCols',
  /** The cells: a key-value log of `rowId:colId:input` strings (`SheetCells`). */
  cells: CELL_ENTRIES_ROOT,
  /**
   * Where cells lived before (a Y.Map `rowId:colId` -> input). The server still takes writes
   * to it from tabs and offline copies of older versions, and moves them into `cells`
   * (`migrateLegacyCells`); nothing else reads it.
   */
  legacyCells: 'cells',
  formats: 'formats',
  colWidths: 'colWidths',
  rowHeights: 'rowHeights',
  comments: 'comments',
  /** Sheet-wide view settings everyone shares: `frozenRows`, `frozenCols` (numbers). */
  view: 'view',
  /** Merged cells: `anchorRowId:anchorColId` -> `cornerRowId:cornerColId` (mergeEntries.ts). */
  merges: 'merges',
  /** Hidden rows/columns: id -> true, for everyone (hiddenAxes.ts). */
  hiddenRows: 'hiddenRows',
  hiddenCols: 'hiddenCols',
  /** Data validation: rule id -> the rule as JSON, its range by ids (validations.ts). */
  validations: 'validations',
  /** Conditional formats: rule id -> the rule as JSON, its range by ids (conditionalFormats.ts). */
  conditionalFormats: 'conditionalFormats',
  /** The shared filter: `range` and `col:<colId>` -> criteria JSON (filter.ts). */
  filter: 'filter',
  /** Excel tables: table id -> the table as JSON, its range by ids (tables.ts). */
  tables: 'tables',
} as const

/**
 * The Yjs types of one sheet document. Stored values are typed `unknown` where a reader must
 * check them: the server refuses other values, but a document stored before a check existed
 * (or by a foreign client) may hold a number where a string belongs, and a reader skips it
 * rather than fail (`cellInputAt`, `cellInputs`, `liveIds`; `repairSheet` removes it).
 */
export interface SheetTypes {
  /** Row ids in display order. Read through `liveIds`, which skips entries that are not ids. */
  rows: Y.Array<string>
  cols: Y.Array<string>
  removedRows: Y.Map<boolean>
  removedCols: Y.Map<boolean>
  /** `rowId:colId` -> raw input string; an absent key is an empty cell. */
  cells: SheetCells
}

/** Default size of a new sheet, like Google Sheets. */
export const DEFAULT_SHEET_ROWS = 1000
export const DEFAULT_SHEET_COLS = 26

/** The typed roots of a sheet document (creating them on first access, as Yjs does). */
export function sheetTypes(doc: Y.Doc): SheetTypes {
  return {
    rows: doc.getArray<string>(SHEET_ROOTS.rows),
    cols: doc.getArray<string>(SHEET_ROOTS.cols),
    removedRows: doc.getMap<boolean>(SHEET_ROOTS.removedRows),
    removedCols: doc.getMap<boolean>(SHEET_ROOTS.removedCols),
    cells: SheetCells.of(doc),
  }
}

/** The raw input stored under a cell key; undefined when the cell is empty. */
export function cellInputAt(cells: SheetCells, key: string): string | undefined {
  return cells.get(key)
}

/** Every `[cellKey, raw input]` of a sheet's non-empty cells. */
export function cellInputs(cells: SheetCells): Generator<[string, string]> {
  return cells.entries()
}

/**
 * Moves cells written to the old layout (the `cells` Y.Map) into the cell log, in one
 * transaction, and empties the map: a value found there was written after the move began (a
 * tab of an older version, or its offline copy), so it replaces the cell's current value.
 * Values that are not text and keys that are not cell keys are dropped. Returns how many
 * map entries it removed (0: nothing to do, nothing written).
 */
export function migrateLegacyCells(doc: Y.Doc, origin?: unknown): number {
  const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
  if (legacy.size === 0) return 0
  const cells = SheetCells.of(doc)
  const keys = [...legacy.keys()]
  doc.transact(() => {
    const writes: Array<[string, string]> = []
    for (const key of keys) {
      const value = legacy.get(key)
      const valid = typeof value === 'string' && parseCellEntry(cellEntry(key, value))?.key === key
      if (valid && cells.get(key) !== value) writes.push([key, value])
      legacy.delete(key)
    }
    cells.setMany(writes)
  }, origin)
  return keys.length
}

/** The key of a cell in `cells`. */
export function cellKey(rowId: string, colId: string): string {
  return `${rowId}:${colId}`
}

/** Makes `count` fresh ids for rows or columns. */
export function newIds(doc: Y.Doc, count: number): string[] {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(newId(doc))
  return ids
}

/**
 * Gives an empty sheet document its first rows and columns. Only the creator of a sheet calls
 * this (the server for a new workbook); it is a no-op on a sheet that already has rows.
 */
export function initSheet(
  doc: Y.Doc,
  size: { rows: number; cols: number } = { rows: DEFAULT_SHEET_ROWS, cols: DEFAULT_SHEET_COLS },
  origin?: unknown,
): void {
  const { rows, cols } = sheetTypes(doc)
  if (rows.length > 0 || cols.length > 0) return
  doc.transact(() => {
    rows.push(newIds(doc, size.rows))
    cols.push(newIds(doc, size.cols))
  }, origin)
}

/** Raw input of a cell (`""` when empty). */
export function getCell(doc: Y.Doc, rowId: string, colId: string): string {
  return cellInputAt(sheetTypes(doc).cells, cellKey(rowId, colId)) ?? ''
}

/** One cell edit: the ids it lands on and the raw input (`""` clears the cell). */
export interface CellEdit {
  rowId: string
  colId: string
  value: string
}

/**
 * Sets (or, with `""`, clears) one cell in its own transaction. Writing the value a cell
 * already holds is skipped, so it creates no history and no network traffic.
 */
export function setCell(
  doc: Y.Doc,
  rowId: string,
  colId: string,
  value: string,
  origin?: unknown,
): void {
  setCells(doc, [{ rowId, colId, value }], origin)
}

/** Applies many cell edits as one transaction: one undo step, one network update. */
export function setCells(doc: Y.Doc, edits: readonly CellEdit[], origin?: unknown): void {
  const { cells } = sheetTypes(doc)
  const writes = new Map<string, string>()
  for (const { rowId, colId, value } of edits) {
    const key = cellKey(rowId, colId)
    writes.delete(key)
    writes.set(key, value)
  }
  for (const [key, value] of writes) if ((cells.get(key) ?? '') === value) writes.delete(key)
  if (writes.size === 0) return
  cells.setMany(writes, origin)
}

/**
 * Appends rows and columns until the sheet has at least the given size, so an edit addressed
 * past the current end (a REST write to Z5000) has ids to land on.
 */
export function ensureSheetSize(
  doc: Y.Doc,
  size: { rows: number; cols: number },
  origin?: unknown,
): void {
  const t = sheetTypes(doc)
  const { rows, cols } = t
  const addRows = size.rows - liveIds(rows, t.removedRows).length
  const addCols = size.cols - liveIds(cols, t.removedCols).length
  if (addRows <= 0 && addCols <= 0) return
  doc.transact(() => {
    if (addRows > 0) rows.push(newIds(doc, addRows))
    if (addCols > 0) cols.push(newIds(doc, addCols))
  }, origin)
}

/**
 * Ids in display order as readers see them: first occurrence kept, removed ids and entries
 * that are not strings skipped.
 */
export function liveIds(ids: Y.Array<string>, removed: Y.Map<boolean>): string[] {
  return liveIdPositions(ids, removed).ids
}

/**
 * `liveIds` with each one's index among them (`IdPositions`). Removed ids are looked up in a
 * set of their own, and only when there are any: `Y.Map.has` for each of a 1,000,000-row
 * sheet's ids took longer than placing them.
 */
export function liveIdPositions(ids: Y.Array<string>, removed: Y.Map<boolean>): IdPositions {
  const gone = removed.size > 0 ? new Set(removed.keys()) : null
  return new IdPositions(ids.toArray(), gone ? (id) => gone.has(id) : undefined)
}
