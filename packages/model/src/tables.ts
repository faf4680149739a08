import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, isValidId } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { nameProblem } from './definedNames.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import { readMerges } from './mergeState.js'
import { SHEET_ROOTS } from './sheet.js'
import {
  RULE_ID_RE,
  copyIdRangeEntries,
  idRangeOf,
  isIdRange,
  newRuleId,
  parseStoredObject,
  rangeOfIds,
  shrinkIdRangesForDelete,
  type IdRange,
} from './idRange.js'

/**
 * Excel tables ("Format as Table") of a sheet, in its `tables` map: table id -> the table as
 * JSON. Its range is stored as the ids of its first and last row and column, like a merge, so
 * it grows with rows inserted inside it and moves with rows inserted before it; its column
 * names are keyed by column id, so a name stays with its column through inserts, deletes and
 * moves, and a column inserted inside the table reads `ColumnN` until someone names it (Excel's
 * rule). The header cells hold the column names in Excel; Cellmate keeps both and the export
 * writes the names into the header cells.
 *
 * A table's name is unique in the whole workbook, among tables and defined names (Excel's
 * rule): a sheet document cannot see the others, so whoever adds or renames a table passes the
 * names already taken (`taken`). Two tables made at once by two people: the one with the
 * smaller id wins where they overlap (the other is not read), and a name given twice on one
 * sheet is listed with `duplicate`, as defined names are.
 */

/** Most tables one sheet may hold. */
export const MAX_TABLES = 500
/** Longest column name (Excel's limit for a cell's header text that names a column). */
export const MAX_TABLE_COLUMN_CHARS = 255
/** Style names: Excel's built-in ones (`TableStyleMedium2`) or a workbook's own. */
export const TABLE_STYLE_RE = /^[\p{L}\p{N} _.-]{1,100}$/u
/** Excel's default style for a new table. */
export const DEFAULT_TABLE_STYLE = 'TableStyleMedium2'

/** How a table looks: Excel's "Table Style Options". */
export interface TableOptions {
  /** The first row holds the column names. */
  headerRow: boolean
  /** The last row is a totals row. */
  totalsRow: boolean
  /** Style name (`TableStyleMedium2`); '' for none. */
  style: string
  bandedRows: boolean
  bandedCols: boolean
  firstColumn: boolean
  lastColumn: boolean
}

/** A table as a reader sees it: its current range and one name per column, left to right. */
export interface SheetTable extends TableOptions {
  id: string
  name: string
  range: RangePosition
  columns: string[]
  /** Another table on this sheet has the same name (made at once by two people). */
  duplicate?: boolean
}

/** What `addTable` takes: a name and a range; options default as Excel's. */
export interface TableInput extends Partial<TableOptions> {
  name: string
  range: RangePosition
  /** Column names left to right; missing or blank ones become `Column1`, `Column2`, … */
  columns?: readonly string[]
}

/** What is stored per table (JSON). */
interface StoredTable extends TableOptions {
  name: string
  at: IdRange
  /** colId -> column name. */
  columns: Record<string, string>
}

export function tablesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.tables)
}

const FLAGS = [
  'headerRow',
  'totalsRow',
  'bandedRows',
  'bandedCols',
  'firstColumn',
  'lastColumn',
] as const

/** Why options do not hold together, or null. */
function optionsProblem(t: Partial<TableOptions>): string | null {
  for (const flag of FLAGS) {
    if (t[flag] !== undefined && typeof t[flag] !== 'boolean') return `"${flag}" is true or false`
  }
  if (t.style !== undefined && (typeof t.style !== 'string' || !isStyle(t.style))) {
    return 'a table style is a name such as TableStyleMedium2'
  }
  return null
}

function isStyle(style: string): boolean {
  return style === '' || TABLE_STYLE_RE.test(style)
}

/**
 * Why `name` cannot name a new table, or null: Excel's rules for names (`nameProblem`), and
 * not one of `taken` (the workbook's other tables and defined names), ignoring case.
 */
export function tableNameProblem(name: string, taken: Iterable<string> = []): string | null {
  const problem = nameProblem(name)
  if (problem) return problem
  const lower = name.toLowerCase()
  for (const t of taken) {
    if (t.toLowerCase() === lower) return `there is already a table or name "${name}"`
  }
  return null
}

/** The stored JSON of a table, parsed and checked; null for anything a reader must skip. */
function parseStored(value: unknown): StoredTable | null {
  const t = parseStoredObject(value, 200_000) as StoredTable | null
  if (!t) return null
  if (!isIdRange(t.at) || typeof t.name !== 'string' || nameProblem(t.name) !== null) return null
  for (const flag of FLAGS) if (typeof t[flag] !== 'boolean') return null
  if (typeof t.style !== 'string' || !isStyle(t.style)) return null
  const columns: unknown = t.columns
  if (!columns || typeof columns !== 'object' || Array.isArray(columns)) return null
  for (const [colId, name] of Object.entries(columns)) {
    if (!isValidId(colId) || !isColumnName(name)) return null
  }
  return t
}

function isColumnName(name: unknown): name is string {
  return typeof name === 'string' && name.trim() !== '' && name.length <= MAX_TABLE_COLUMN_CHARS
}

/** True when a `tables` entry is well-formed (the server's rule for untrusted updates). */
export function isValidTableEntry(key: string, value: unknown): boolean {
  return RULE_ID_RE.test(key) && parseStored(value) !== null
}

/**
 * Column names for `count` columns from `given` (by position): blank ones become `ColumnN`
 * and a name repeated (ignoring case) gets a number (`Amount2`), as Excel names them.
 */
export function uniqueColumnNames(
  given: ReadonlyArray<string | undefined>,
  count: number,
): string[] {
  const used = new Set<string>()
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const text = given[i]?.trim().slice(0, MAX_TABLE_COLUMN_CHARS)
    let name = text ? text : `Column${i + 1}`
    const base = name
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}${n}`
    used.add(name.toLowerCase())
    out.push(name)
  }
  return out
}

function overlaps(a: RangePosition, b: RangePosition): boolean {
  return (
    a.start.row <= b.end.row &&
    b.start.row <= a.end.row &&
    a.start.col <= b.end.col &&
    b.start.col <= a.end.col
  )
}

/** Where rows and columns are: a `SheetLayout`, or the positions read once (`freshPositions`). */
export type TableLayout = AxisPositions & { colId(index: number): string | undefined }

function freshLayout(doc: Y.Doc): TableLayout & { rowIds: string[]; colIds: string[] } {
  const pos = freshPositions(doc)
  return { ...pos, colId: (i) => pos.colIds[i] }
}

/**
 * The sheet's tables with their current ranges, in id order. A table whose first or last row
 * or column was deleted is skipped, and so is one overlapping a table earlier in id order.
 */
export function readTables(doc: Y.Doc, layout?: TableLayout): SheetTable[] {
  const map = tablesMap(doc)
  if (map.size === 0) return []
  const pos = layout ?? freshLayout(doc)
  const out: SheetTable[] = []
  const ids = [...map.keys()].filter((id) => RULE_ID_RE.test(id)).sort()
  for (const id of ids) {
    const stored = parseStored(map.get(id))
    if (!stored) continue
    const range = rangeOfIds(pos, stored.at)
    if (!range || out.some((t) => overlaps(t.range, range))) continue
    const colIds: string[] = []
    for (let c = range.start.col; c <= range.end.col; c++) colIds.push(pos.colId(c) ?? '')
    const { at: _at, columns, ...rest } = stored
    out.push({
      ...rest,
      id,
      range,
      columns: uniqueColumnNames(
        colIds.map((c) => columns[c]),
        colIds.length,
      ),
    })
  }
  const seen = new Set<string>()
  for (const t of out) {
    const lower = t.name.toLowerCase()
    if (seen.has(lower)) t.duplicate = true
    seen.add(lower)
  }
  return out
}

/** The table that holds a cell, or null. */
export function tableAt(
  tables: readonly SheetTable[],
  row: number,
  col: number,
): SheetTable | null {
  for (const t of tables) {
    const { start, end } = t.range
    if (row >= start.row && row <= end.row && col >= start.col && col <= end.col) return t
  }
  return null
}

/** A new table id: the time first, so ids sort in the order tables were made, then random. */
export function newTableId(): string {
  return Date.now().toString(36).padStart(9, '0') + newRuleId().slice(0, 8)
}

function bad(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.BAD_REQUEST, message)
}

/** The options of `input` with Excel's defaults for a new table. */
function optionsOf(input: Partial<TableOptions>, base?: TableOptions): TableOptions {
  return {
    headerRow: input.headerRow ?? base?.headerRow ?? true,
    totalsRow: input.totalsRow ?? base?.totalsRow ?? false,
    style: input.style ?? base?.style ?? DEFAULT_TABLE_STYLE,
    bandedRows: input.bandedRows ?? base?.bandedRows ?? true,
    bandedCols: input.bandedCols ?? base?.bandedCols ?? false,
    firstColumn: input.firstColumn ?? base?.firstColumn ?? false,
    lastColumn: input.lastColumn ?? base?.lastColumn ?? false,
  }
}

/** Throws BAD_REQUEST when a table cannot have this range and these options. */
function checkPlacement(
  doc: Y.Doc,
  range: RangePosition,
  options: TableOptions,
  others: readonly SheetTable[],
): void {
  const rows = range.end.row - range.start.row + 1
  const needed = (options.headerRow ? 1 : 0) + (options.totalsRow ? 1 : 0) + 1
  if (rows < needed) throw bad(`this table needs at least ${needed} rows`)
  const other = others.find((t) => overlaps(t.range, range))
  if (other) throw bad(`the range overlaps the table ${other.name}`)
  if (readMerges(doc).blocks.some((m) => overlaps(m, range))) {
    throw bad('a table cannot hold merged cells')
  }
}

/**
 * Makes a table over a range of display positions (one transaction with `origin`) and returns
 * it. `taken` are the names of the workbook's tables on other sheets and its defined names.
 * Throws BAD_REQUEST for a bad or taken name, bad options, a range past the sheet, too few
 * rows, or a range overlapping another table or merged cells; LIMIT_EXCEEDED past
 * `MAX_TABLES`.
 */
export function addTable(
  doc: Y.Doc,
  input: TableInput,
  origin?: unknown,
  taken: Iterable<string> = [],
  id: string = newTableId(),
): SheetTable {
  if (!RULE_ID_RE.test(id)) throw bad('bad table id')
  const map = tablesMap(doc)
  if (map.size >= MAX_TABLES) {
    throw new CellmateError(ERROR_CODES.LIMIT_EXCEEDED, `a sheet has at most ${MAX_TABLES} tables`)
  }
  const pos = freshLayout(doc)
  const others = readTables(doc, pos)
  const name = input.name.trim()
  const problem =
    tableNameProblem(name, [...taken, ...others.map((t) => t.name)]) ?? optionsProblem(input)
  if (problem) throw bad(problem)
  const options = optionsOf(input)
  const at = idRangeOf(pos, input.range, 'table range')
  const range = rangeOfIds(pos, at) as RangePosition
  checkPlacement(doc, range, options, others)
  const colIds = pos.colIds.slice(range.start.col, range.end.col + 1)
  const names = uniqueColumnNames(input.columns ?? [], colIds.length)
  const columns: Record<string, string> = {}
  colIds.forEach((c, i) => (columns[c] = names[i] as string))
  const stored: StoredTable = { name, at, ...options, columns }
  doc.transact(() => map.set(id, JSON.stringify(stored)), origin)
  return { id, name, range, ...options, columns: names }
}

/** What `updateTable` may change. */
export interface TableChange extends Partial<TableOptions> {
  name?: string
  /**
   * A new range (display positions): Excel's Resize Table, and a table growing by the row typed
   * under it. Columns keep their names; new ones are named `ColumnN`.
   */
  range?: RangePosition
  /** New names by position in the table (left to right); undefined entries stay. */
  columns?: ReadonlyArray<string | undefined>
}

/**
 * Renames a table, renames its columns, resizes it or changes its options, in one transaction. `taken`
 * as for `addTable` (needed only for a rename). Throws NOT_FOUND for an unknown id and
 * BAD_REQUEST as `addTable` does.
 */
export function updateTable(
  doc: Y.Doc,
  id: string,
  change: TableChange,
  origin?: unknown,
  taken: Iterable<string> = [],
): SheetTable {
  const map = tablesMap(doc)
  const stored = parseStored(map.get(id))
  const pos = freshLayout(doc)
  const tables = readTables(doc, pos)
  const current = tables.find((t) => t.id === id)
  if (!stored || !current) throw new CellmateError(ERROR_CODES.NOT_FOUND, `no table ${id}`)
  const name = change.name?.trim() ?? current.name
  const others = tables.filter((t) => t.id !== id)
  const nameIssue =
    name.toLowerCase() === current.name.toLowerCase()
      ? nameProblem(name)
      : tableNameProblem(name, [...taken, ...others.map((t) => t.name)])
  const problem = nameIssue ?? optionsProblem(change)
  if (problem) throw bad(problem)
  const options = optionsOf(change, stored)
  const at = change.range ? idRangeOf(pos, change.range, 'table range') : stored.at
  const range = change.range ? (rangeOfIds(pos, at) as RangePosition) : current.range
  checkPlacement(doc, range, options, others)
  const colIds = pos.colIds.slice(range.start.col, range.end.col + 1)
  const given = colIds.map((c, i) => change.columns?.[i] ?? stored.columns[c])
  const names = uniqueColumnNames(given, colIds.length)
  const columns: Record<string, string> = {}
  colIds.forEach((c, i) => (columns[c] = names[i] as string))
  const next: StoredTable = { name, at, ...options, columns }
  doc.transact(() => map.set(id, JSON.stringify(next)), origin)
  return { id, name, range, ...options, columns: names }
}

/** Removes a table, keeping its cells (Excel's "Convert to Range"); false when there was none. */
export function deleteTable(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const map = tablesMap(doc)
  if (!map.has(id)) return false
  doc.transact(() => map.delete(id), origin)
  return true
}

/** Keeps tables whole when rows or columns are deleted (see `shrinkIdRangesForDelete`). */
export function shrinkTablesForDelete(
  doc: Y.Doc,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  shrinkIdRangesForDelete(tablesMap(doc), parseStored, axis, live, gone)
}

/**
 * Copies the tables of `source` whose ids are all in `rows`/`cols` (a sheet copy). `rename`
 * gives a copy its name (a duplicated sheet's tables need new ones: names are workbook-wide).
 */
export function copyTables(
  source: Y.Doc,
  target: Y.Doc,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
  rename?: (name: string) => string,
): void {
  const to = tablesMap(target)
  copyIdRangeEntries(tablesMap(source), to, parseStored, rows, cols)
  if (!rename) return
  for (const [id, value] of [...to.entries()]) {
    const stored = parseStored(value)
    if (stored) to.set(id, JSON.stringify({ ...stored, name: rename(stored.name) }))
  }
}
