import type ExcelJS from 'exceljs'
import {
  formatRange,
  tableNameProblem,
  uniqueColumnNames,
  type RangePosition,
  type SheetTable,
  type TableInput,
} from '@cellmate/model'
import type { ImportLimits, ParsedSheet } from './parsedSheet.js'
import type { SheetCell } from './sheetContent.js'
import type { XlsxTable } from './xlsxTables.js'
import { addToCommitPart, writerZip } from './xlsxCommitParts.js'

/**
 * Excel tables in and out of .xlsx. On import a table part (`xlsxTables.ts` reads it) becomes a
 * Cellmate table; on export each table is written as Excel's own part
 * (`xl/tables/tableN.xml`, a relationship from its sheet, `<tableParts>` in the sheet and a
 * content type), which the streamed exceljs writer Cellmate uses cannot write itself. Excel
 * repairs a file whose table does not agree with its sheet, so the export keeps its rules:
 * header cells hold the column names as text, names are unique in the workbook (among tables
 * and defined names) and columns unique in their table.
 */

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const TABLE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table'
const TABLE_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml'

function overlaps(a: RangePosition, b: RangePosition): boolean {
  return (
    a.start.row <= b.end.row &&
    b.start.row <= a.end.row &&
    a.start.col <= b.end.col &&
    b.start.col <= a.end.col
  )
}

/**
 * The file's tables on sheet `sheet` as Cellmate tables, and why any was left out (past the
 * sheet's limits, too few rows, over merged cells, a name Excel would not take). `taken`
 * holds the names used so far in the file (ignoring case) and gains these.
 */
export function tablesFromXlsx(
  tables: readonly XlsxTable[],
  sheet: string,
  merges: ParsedSheet['merges'],
  limits: Pick<ImportLimits, 'maxRows' | 'maxCols'>,
  taken: Set<string>,
): { tables: TableInput[]; skipped: string[] } {
  const out: TableInput[] = []
  const skipped: string[] = []
  for (const t of tables) {
    if (t.sheet !== sheet) continue
    const range = {
      start: { row: t.top - 1, col: t.left - 1 },
      end: { row: t.bottom - 1, col: t.right - 1 },
    }
    const rows = t.bottom - t.top + 1
    const merged = (merges ?? []).some((m) =>
      overlaps(range, { start: { row: m.top, col: m.left }, end: { row: m.bottom, col: m.right } }),
    )
    const problem =
      range.end.row >= limits.maxRows || range.end.col >= limits.maxCols
        ? 'it runs past the sheet'
        : rows < t.headerRows + t.totalsRows + 1
          ? 'it has no data row'
          : merged
            ? 'it holds merged cells'
            : out.some((o) => overlaps(o.range, range))
              ? 'it overlaps another table'
              : tableNameProblem(t.name, taken)
    if (problem) {
      skipped.push(`${t.name} (${problem})`)
      continue
    }
    taken.add(t.name.toLowerCase())
    out.push({
      name: t.name,
      range,
      headerRow: t.headerRows > 0,
      totalsRow: t.totalsRows > 0,
      style: t.style,
      bandedRows: t.bandedRows,
      bandedCols: t.bandedCols,
      firstColumn: t.firstColumn,
      lastColumn: t.lastColumn,
      columns: t.columns,
    })
  }
  return { tables: out, skipped }
}

/**
 * Renames imported tables whose names the workbook already uses (`taken`: its defined names
 * and its sheets' tables), as `Sales_2`; answers a notice per renamed table. `fileName` keeps
 * the name the file's formulas use, so their structured references find it.
 */
export function renameTakenTables(
  sheets: readonly ParsedSheet[],
  taken: Iterable<string>,
): string[] {
  const used = new Set([...taken].map((n) => n.toLowerCase()))
  if (used.size === 0) return []
  const notices: string[] = []
  for (const sheet of sheets) {
    for (const table of sheet.tables ?? []) {
      if (!used.has(table.name.toLowerCase())) {
        used.add(table.name.toLowerCase())
        continue
      }
      let name = table.name
      for (let n = 2; used.has(name.toLowerCase()); n++) name = `${table.name}_${n}`
      used.add(name.toLowerCase())
      notices.push(
        `Table ${table.name} on "${sheet.name}" is named ${name}: the workbook uses its name already.`,
      )
      table.fileName ??= table.name
      table.name = name
    }
  }
  return notices
}

/** A table as the export writes it: its name in the file and its column names. */
export interface TableToWrite {
  table: SheetTable
  name: string
  columns: string[]
}

/**
 * The sheet's tables as the export writes them, and its cells with each header cell holding
 * its column's name as text (Excel's rule), header cells the sheet leaves empty added. A
 * header cell with text keeps it as the column's name; an empty one, or one repeating an
 * earlier name, takes the table's name for it. Names already `used` in the workbook (lower
 * case; defined names and earlier sheets' tables) make a table's name `Name_2`; `used` gains
 * the names given here.
 */
export function tablesToWrite(
  tables: readonly SheetTable[],
  cells: readonly SheetCell[],
  used: Set<string>,
  headerText: (cell: SheetCell) => string,
): { tables: TableToWrite[]; cells: readonly SheetCell[] } {
  if (tables.length === 0) return { tables: [], cells }
  const headerRows = new Set(tables.filter((t) => t.headerRow).map((t) => t.range.start.row))
  const byPos = new Map<string, SheetCell>()
  for (const cell of cells) if (headerRows.has(cell.row)) byPos.set(`${cell.row}:${cell.col}`, cell)
  const headers = new Map<string, SheetCell>()
  const out: TableToWrite[] = tables.map((table) => {
    let name = table.name
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${table.name}_${n}`
    used.add(name.toLowerCase())
    if (!table.headerRow) return { table, name, columns: table.columns }
    const { start, end } = table.range
    const texts = table.columns.map((stored, i) => {
      const cell = byPos.get(`${start.row}:${start.col + i}`)
      const text = cell ? headerText(cell).trim() : ''
      return text === '' ? stored : text
    })
    const columns = uniqueColumnNames(texts, end.col - start.col + 1)
    columns.forEach((column, i) => {
      const col = start.col + i
      const cell = byPos.get(`${start.row}:${col}`)
      headers.set(`${start.row}:${col}`, {
        row: start.row,
        col,
        rowId: cell?.rowId ?? '',
        colId: cell?.colId ?? '',
        raw: `'${column}`,
        format: cell?.format ?? {},
      })
    })
    return { table, name, columns }
  })
  const kept = cells.filter((c) => !headers.has(`${c.row}:${c.col}`))
  const merged = [...kept, ...headers.values()].sort((a, b) => a.row - b.row || a.col - b.col)
  return { tables: out, cells: merged }
}

function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r?\n/g, '_x000a_')
}

/** A table part's XML; `id` is unique in the workbook. */
export function tablePartXml(t: TableToWrite, id: number): string {
  const { table } = t
  const ref = formatRange(table.range)
  const filterEnd = {
    row: table.range.end.row - (table.totalsRow ? 1 : 0),
    col: table.range.end.col,
  }
  const flag = (on: boolean): string => (on ? '1' : '0')
  const attrs = [
    `xmlns="${MAIN_NS}"`,
    `id="${id}"`,
    `name="${escapeAttr(t.name)}"`,
    `displayName="${escapeAttr(t.name)}"`,
    `ref="${ref}"`,
    table.headerRow ? '' : 'headerRowCount="0"',
    table.totalsRow ? 'totalsRowCount="1"' : 'totalsRowShown="0"',
  ].filter(Boolean)
  const filter = table.headerRow
    ? `<autoFilter ref="${formatRange({ start: table.range.start, end: filterEnd })}"/>`
    : ''
  const columns = t.columns
    .map((c, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(c)}"/>`)
    .join('')
  const style =
    `<tableStyleInfo${table.style ? ` name="${escapeAttr(table.style)}"` : ''}` +
    ` showFirstColumn="${flag(table.firstColumn)}" showLastColumn="${flag(table.lastColumn)}"` +
    ` showRowStripes="${flag(table.bandedRows)}" showColumnStripes="${flag(table.bandedCols)}"/>`
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table ${attrs.join(' ')}>${filter}` +
    `<tableColumns count="${t.columns.length}">${columns}</tableColumns>${style}</table>`
  )
}

interface SheetInternals {
  _sheetRelsWriter?: { addRelationship(rel: { Type: string; Target: string }): string }
  _writeLegacyData?: () => void
  stream?: { write(text: string): void }
}

/**
 * Writes tables into a streamed workbook. `addSheet` is called for each worksheet before its
 * `commit`, `finish` once before the workbook's `commit`.
 */
export class XlsxTableWriter {
  private parts: string[] = []

  constructor(private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter) {}

  addSheet(ws: ExcelJS.Worksheet, tables: readonly TableToWrite[]): void {
    if (tables.length === 0) return
    const zip = writerZip(this.workbook)
    const sheet = ws as unknown as SheetInternals
    const legacy = sheet._writeLegacyData
    if (!sheet._sheetRelsWriter || typeof legacy !== 'function') {
      throw new Error('exceljs changed: its streamed worksheet has no relations or legacy step')
    }
    const ids = tables.map((t) => {
      const n = this.parts.length + 1
      const path = `xl/tables/table${n}.xml`
      this.parts.push(path)
      zip.append(tablePartXml(t, n), { name: path })
      return sheet._sheetRelsWriter?.addRelationship({
        Type: TABLE_REL,
        Target: `../tables/table${n}.xml`,
      })
    })
    // `<tableParts>` comes after `<legacyDrawing>` in a worksheet (ECMA-376 CT_Worksheet).
    sheet._writeLegacyData = () => {
      legacy.call(sheet)
      const parts = ids.map((id) => `<tablePart r:id="${id}"/>`).join('')
      sheet.stream?.write(`<tableParts count="${ids.length}">${parts}</tableParts>`)
    }
  }

  /** Lists the table parts in `[Content_Types].xml`, which exceljs writes at commit. */
  finish(): void {
    if (this.parts.length === 0) return
    const overrides = this.parts
      .map((p) => `<Override PartName="/${p}" ContentType="${TABLE_TYPE}"/>`)
      .join('')
    addToCommitPart(this.workbook, 'addContentTypes', '</Types>', overrides)
  }
}
