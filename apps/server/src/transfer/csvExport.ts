import Papa from 'papaparse'
import { inferValue, isFormula, type CellValue, type ShownFormat } from '@cellmate/formula'
import { cellText } from './cellText.js'
import type { SheetCell, SheetContent } from './sheetContent.js'

/**
 * Characters that make a spreadsheet program read a CSV field as a formula (OWASP "CSV
 * Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/

/** About this many characters per chunk handed to the response. */
const CHUNK_CHARS = 64 * 1024

/**
 * A field safe to open in Excel or Google Sheets: a text value that starts with a formula
 * trigger gets a leading `'`, which both show as plain text (and Cellmate imports back as
 * the same text). Numbers are never touched: `-5` stays the number -5.
 */
export function neutralizeField(text: string, value: CellValue): string {
  return typeof value === 'string' && FORMULA_TRIGGER.test(text) ? `'${text}` : text
}

/**
 * Fields a CSV of the sheet spans: its used range, rows x columns, blank padding included. A
 * lone cell at XFD1048576 spans 17 billion, which is what an export must refuse up front.
 */
export function csvFieldCount(content: SheetContent): number {
  return content.rowCount * content.colCount
}

/**
 * The sheet's used range as CSV (RFC 4180: `,`, `"` quoting, CRLF), each cell as the grid
 * shows it, formulas as their computed values (`formulaValue`), in chunks of about 64 KB.
 * Lazy, one row at a time: memory is a row of the used range, never the whole range, so the
 * caller can stream it with backpressure.
 */
export function* csvChunks(
  content: SheetContent,
  formulaValue: (cell: SheetCell) => CellValue,
  shownFormat: (cell: SheetCell) => ShownFormat | null = () => null,
): Generator<string> {
  const { cells, rowCount, colCount } = content
  const blankLine = ','.repeat(Math.max(0, colCount - 1))
  let next = 0
  let chunk = ''
  for (let row = 0; row < rowCount; row++) {
    let line = blankLine
    if ((cells[next] as SheetCell | undefined)?.row === row) {
      const fields = new Array<string>(colCount).fill('')
      for (; next < cells.length && (cells[next] as SheetCell).row === row; next++) {
        const cell = cells[next] as SheetCell
        if (cell.raw === '') continue
        const value = isFormula(cell.raw) ? formulaValue(cell) : inferValue(cell.raw).value
        // A typed value shows as typed; a formula's number in the format it inherits.
        const format = isFormula(cell.raw) ? { ...shownFormat(cell), ...cell.format } : cell.format
        fields[cell.col] = neutralizeField(cellText(cell.raw, value, format), value)
      }
      line = Papa.unparse([fields], { newline: '\r\n' })
    }
    chunk += row === 0 ? line : `\r\n${line}`
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}
