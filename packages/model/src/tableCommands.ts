import type * as Y from 'yjs'
import type { RangePosition } from './a1.js'
import { freshPositions } from './axisPositions.js'
import { cellInputAt, cellKey, setCell, setCells, sheetTypes, type CellEdit } from './sheet.js'
import {
  MAX_TABLE_COLUMN_CHARS,
  addTable,
  readTables,
  updateTable,
  type SheetTable,
  type TableOptions,
} from './tables.js'

/**
 * What an editor does to tables beyond storing them: Excel's "Format as Table" (the header
 * row's text names the columns, an empty header cell gets its `ColumnN` written in) and
 * auto-expansion (a value typed in the row just under a table makes that row part of it).
 * The web app and the REST routes both use them.
 */

/** The first `Table1`, `Table2`, … not in `taken` (ignoring case), as Excel names new tables. */
export function nextTableName(taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()))
  let n = 1
  while (used.has(`table${n}`)) n++
  return `Table${n}`
}

/** What `formatAsTable` takes: a range; a name (else the next `TableN`) and options. */
export interface FormatAsTableInput extends Partial<TableOptions> {
  range: RangePosition
  name?: string
  columns?: readonly string[]
}

/**
 * Makes a table over `range` (one transaction with `origin`): with a header row, the header
 * cells' text names the columns (a formula's text does not) and every empty header cell is
 * given its column's name, as Excel's "Format as Table" does. `taken`: the workbook's other
 * tables' and defined names. Throws as `addTable` does.
 */
export function formatAsTable(
  doc: Y.Doc,
  input: FormatAsTableInput,
  origin?: unknown,
  taken: Iterable<string> = [],
): SheetTable {
  const takenList = [...taken]
  const { range } = input
  const pos = freshPositions(doc)
  const cells = sheetTypes(doc).cells
  const header = input.headerRow !== false
  const headerRowId = pos.rowIds[range.start.row]
  const texts: string[] = []
  for (let c = range.start.col; c <= range.end.col; c++) {
    const colId = pos.colIds[c]
    const raw =
      header && headerRowId && colId ? (cellInputAt(cells, cellKey(headerRowId, colId)) ?? '') : ''
    texts.push(raw.startsWith('=') ? '' : raw.replace(/^'/, ''))
  }
  const others = readTables(doc).map((t) => t.name)
  const name = input.name ?? nextTableName([...takenList, ...others])
  let table: SheetTable | undefined
  doc.transact(() => {
    table = addTable(doc, { ...input, name, columns: input.columns ?? texts }, origin, takenList)
    if (!header || !headerRowId) return
    const edits: CellEdit[] = []
    table.columns.forEach((column, i) => {
      const colId = pos.colIds[range.start.col + i]
      if (colId && (cellInputAt(cells, cellKey(headerRowId, colId)) ?? '') === '') {
        edits.push({ rowId: headerRowId, colId, value: column })
      }
    })
    if (edits.length > 0) setCells(doc, edits)
  }, origin)
  return table as SheetTable
}

/**
 * Excel's auto-expansion: values written (typed, pasted, filled) over `block` starting in the
 * row just under a table without a totals row, within its columns, make those rows part of it;
 * starting in the column just right of a table, within its rows, those columns. A new column
 * is named by the text in its header cell, else `ColumnN`, written into the empty header cell
 * as Excel does. In the caller's transaction when there is one, so the write and the growth
 * are one undo step. Returns the tables that grew (none when the cells they would take hold
 * merged cells or another table: the values are written, the table stays).
 */
export function growTablesTo(doc: Y.Doc, block: RangePosition, origin?: unknown): SheetTable[] {
  const grown: SheetTable[] = []
  for (const t of readTables(doc)) {
    const { start, end } = t.range
    const rowsCross = block.start.row <= end.row && block.end.row >= start.row
    const colsCross = block.start.col <= end.col && block.end.col >= start.col
    const below = !t.totalsRow && block.start.row === end.row + 1 && colsCross
    const right = block.start.col === end.col + 1 && rowsCross
    if (!below && !right) continue
    const table = growTable(
      doc,
      t,
      {
        start,
        end: {
          row: below ? Math.max(end.row, block.end.row) : end.row,
          col: right ? Math.max(end.col, block.end.col) : end.col,
        },
      },
      origin,
    )
    if (table) grown.push(table)
  }
  return grown
}

/**
 * Excel's table rules for cells written one by one rather than as one block (a REST write of
 * any set of addresses), after the values are written and in the write's transaction. A table
 * without a totals row grows over the rows just under it that a non-empty write reaches
 * within its columns, row after row (a row without one stops it), then over the columns just
 * right of it that a non-empty write reaches within its rows, as `growTablesTo`; then a write
 * into a header cell renames its column (`renameColumnAtHeader`; "" makes it `ColumnN`).
 * Returns the tables that grew.
 */
export function applyWritesToTables(
  doc: Y.Doc,
  writes: ReadonlyArray<{ row: number; col: number; value: string }>,
  origin?: unknown,
): SheetTable[] {
  const grown: SheetTable[] = []
  const tables = readTables(doc)
  if (tables.length === 0) return grown
  const filled = writes.filter((w) => w.value !== '')
  for (const t of tables) {
    const { start, end } = t.range
    const rows = new Set(
      filled.filter((w) => w.col >= start.col && w.col <= end.col).map((w) => w.row),
    )
    let bottom = end.row
    if (!t.totalsRow) while (rows.has(bottom + 1)) bottom++
    const cols = new Set(
      filled.filter((w) => w.row >= start.row && w.row <= bottom).map((w) => w.col),
    )
    let right = end.col
    while (cols.has(right + 1)) right++
    if (bottom === end.row && right === end.col) continue
    const table = growTable(doc, t, { start, end: { row: bottom, col: right } }, origin)
    if (table) grown.push(table)
  }
  const headers = readTables(doc).filter((t) => t.headerRow)
  for (const w of writes) {
    const inHeader = headers.some(
      (t) => w.row === t.range.start.row && w.col >= t.range.start.col && w.col <= t.range.end.col,
    )
    if (inHeader) renameColumnAtHeader(doc, w.row, w.col, w.value, origin)
  }
  return grown
}

/**
 * Grows table `t` to `range` (its own start), naming new columns by their header text or
 * `ColumnN`; undefined when the cells it would take are not free for it (a merge, another
 * table): it stays as it was.
 */
function growTable(
  doc: Y.Doc,
  t: SheetTable,
  range: RangePosition,
  origin: unknown,
): SheetTable | undefined {
  try {
    let table: SheetTable | undefined
    doc.transact(() => {
      table = updateTable(doc, t.id, { range, columns: headerTexts(doc, t, range) }, origin)
      if (t.headerRow) nameNewHeaderCells(doc, table, t.range.end.col + 1, origin)
    }, origin)
    return table
  } catch {
    return undefined
  }
}

/** Names for a table's columns by position: its own, then the header text of new ones. */
function headerTexts(
  doc: Y.Doc,
  table: SheetTable,
  range: RangePosition,
): Array<string | undefined> {
  const names: Array<string | undefined> = [...table.columns]
  if (!table.headerRow) return names
  const pos = freshPositions(doc)
  const rowId = pos.rowIds[range.start.row]
  const cells = sheetTypes(doc).cells
  for (let c = table.range.end.col + 1; c <= range.end.col; c++) {
    const colId = pos.colIds[c]
    const raw = rowId && colId ? (cellInputAt(cells, cellKey(rowId, colId)) ?? '') : ''
    names.push(raw.startsWith('=') ? undefined : raw.replace(/^'/, '') || undefined)
  }
  return names
}

/** Writes the names of a table's columns from `fromCol` on into their empty header cells. */
function nameNewHeaderCells(doc: Y.Doc, table: SheetTable, fromCol: number, origin: unknown) {
  const pos = freshPositions(doc)
  const rowId = pos.rowIds[table.range.start.row]
  const cells = sheetTypes(doc).cells
  const edits: CellEdit[] = []
  for (let c = fromCol; c <= table.range.end.col; c++) {
    const colId = pos.colIds[c]
    const name = table.columns[c - table.range.start.col]
    if (!rowId || !colId || name === undefined) continue
    if ((cellInputAt(cells, cellKey(rowId, colId)) ?? '') === '') {
      edits.push({ rowId, colId, value: name })
    }
  }
  if (edits.length > 0) setCells(doc, edits, origin)
}

/**
 * Excel's header cells: `input` written into a table's header cell (row, col) renames that
 * column — structured references follow, being stored by column id — and the cell shows the
 * name the column took: an empty header becomes `ColumnN` (N its place in the table), a name
 * another column has (ignoring case) gets the first free number (`Amount2`), and a header is
 * text (`'=1+1` for a typed formula, as Excel keeps no formula there). Writes the cell itself,
 * in the caller's transaction when there is one. Returns the column's new name, or null when
 * (row, col) is not a header cell (nothing is written then).
 */
export function renameColumnAtHeader(
  doc: Y.Doc,
  row: number,
  col: number,
  input: string,
  origin?: unknown,
): string | null {
  const table = readTables(doc).find(
    (t) =>
      t.headerRow &&
      row === t.range.start.row &&
      col >= t.range.start.col &&
      col <= t.range.end.col,
  )
  if (!table) return null
  const pos = freshPositions(doc)
  const rowId = pos.rowIds[row]
  const colId = pos.colIds[col]
  if (rowId === undefined || colId === undefined) return null
  const index = col - table.range.start.col
  const typed = input.replace(/^'/, '').trim().slice(0, MAX_TABLE_COLUMN_CHARS)
  const base = typed === '' ? `Column${index + 1}` : typed
  const others = new Set(
    table.columns.filter((_, i) => i !== index).map((name) => name.toLowerCase()),
  )
  let name = base
  for (let n = 2; others.has(name.toLowerCase()); n++) name = `${base}${n}`
  const columns: Array<string | undefined> = []
  columns[index] = name
  doc.transact(() => {
    updateTable(doc, table.id, { columns }, origin)
    setCell(doc, rowId, colId, textInput(name), origin)
  }, origin)
  return name
}

/** A name as a cell input that reads as that text (a `'` before what would not). */
function textInput(name: string): string {
  return /^[=+\-@']|^\d|^(true|false)$/i.test(name) ? `'${name}` : name
}
