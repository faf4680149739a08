import Papa from 'papaparse'
import { inferValue, isFormula, type CellValue } from '@cellmate/formula'
import { cellText } from './cellText.js'
import type { SheetContent } from './sheetContent.js'

/**
 * Characters that make a spreadsheet program read a CSV field as a formula (OWASP "CSV
 * Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/

/**
 * A field safe to open in Excel or Google Sheets: a text value that starts with a formula
 * trigger gets a leading `'`, which both show as plain text (and Cellmate imports back as
 * the same text). Numbers are never touched: `-5` stays the number -5.
 */
export function neutralizeField(text: string, value: CellValue): string {
  return typeof value === 'string' && FORMULA_TRIGGER.test(text) ? `'${text}` : text
}

/**
 * The sheet's used range as CSV (RFC 4180: `,`, `"` quoting, CRLF), each cell as the grid
 * shows it, formulas as their computed values. `valueAt` gives a formula cell's value.
 */
export function sheetToCsv(
  content: SheetContent,
  valueAt: (row: number, col: number) => CellValue,
): string {
  const rows: string[][] = Array.from({ length: content.rowCount }, () =>
    new Array<string>(content.colCount).fill(''),
  )
  for (const cell of content.cells) {
    if (cell.raw === '') continue
    const value = isFormula(cell.raw) ? valueAt(cell.row, cell.col) : inferValue(cell.raw).value
    const text = cellText(cell.raw, value, cell.format)
    ;(rows[cell.row] as string[])[cell.col] = neutralizeField(text, value)
  }
  return Papa.unparse(rows, { newline: '\r\n' })
}
