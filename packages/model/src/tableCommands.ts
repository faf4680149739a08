import type * as Y from 'yjs'
import type { RangePosition } from './a1.js'
import { freshPositions } from './merges.js'
import { cellInputAt, cellKey, setCells, sheetTypes, type CellEdit } from './sheet.js'
import { addTable, readTables, updateTable, type SheetTable, type TableOptions } from './tables.js'

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
 * Excel's auto-expansion: when a value is typed at (row, col) in the row just under a table
 * without a totals row, within its columns, the table grows to take that row (in the caller's
 * transaction when there is one, so the write and the growth are one undo step). Returns the
 * grown table, or null when nothing grew (no such table, or the row holds merged cells or
 * another table).
 */
export function growTableBelow(
  doc: Y.Doc,
  row: number,
  col: number,
  origin?: unknown,
): SheetTable | null {
  const table = readTables(doc).find(
    (t) =>
      !t.totalsRow &&
      row === t.range.end.row + 1 &&
      col >= t.range.start.col &&
      col <= t.range.end.col,
  )
  if (!table) return null
  try {
    const range = { start: table.range.start, end: { row, col: table.range.end.col } }
    return updateTable(doc, table.id, { range }, origin)
  } catch {
    return null // the row below is not free for it: the value is typed, the table stays
  }
}
