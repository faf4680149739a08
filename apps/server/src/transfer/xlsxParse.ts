import ExcelJS from 'exceljs'
import type { Cell, Row, Worksheet } from 'exceljs'
import { dateToSerial } from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'
import { numberInput, textInput } from './cellInput.js'
import { badFile, ImportError, tooBig, type ImportLimits, type ParsedSheet } from './parsedSheet.js'
import { cellmateFormat, pointsToPx, widthToPx } from './xlsxStyle.js'
import { checkZipSize } from './zipInspection.js'

/**
 * Reads an .xlsx workbook into sheets (tab order): values typed as Excel stores them,
 * formulas in A1 form (the cached results are dropped: Cellmate recomputes), basic formats,
 * column widths and row heights. Refuses a file that is not a readable workbook, has no
 * worksheet, or is past a limit — naming the sheet and cell when one is.
 */
export async function parseXlsx(bytes: Uint8Array, limits: ImportLimits): Promise<ParsedSheet[]> {
  checkZipSize(bytes, limits.maxUnzippedBytes)
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs types its input as its own `Buffer extends ArrayBuffer`; JSZip reads either.
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    await workbook.xlsx.load(data as Parameters<typeof workbook.xlsx.load>[0])
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw badFile(`this file is not a readable .xlsx workbook (${reason.slice(0, 200)})`)
  }
  const worksheets = workbook.worksheets
  if (worksheets.length === 0)
    throw badFile('this file is not an .xlsx workbook (it has no worksheets)')
  if (worksheets.length > limits.maxSheets) {
    throw tooBig(`the workbook has ${worksheets.length} sheets; the limit is ${limits.maxSheets}`)
  }
  const budget = { cells: 0 }
  try {
    return worksheets.map((ws) => readWorksheet(ws, limits, budget))
  } catch (err) {
    if (err instanceof ImportError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    throw badFile(`the workbook could not be read (${reason.slice(0, 200)})`)
  }
}

function readWorksheet(
  ws: Worksheet,
  limits: ImportLimits,
  budget: { cells: number },
): ParsedSheet {
  const inputs: string[][] = []
  const formats: ParsedSheet['formats'] = []
  const rowHeights: ParsedSheet['rowHeights'] = []
  ws.eachRow({ includeEmpty: false }, (row: Row, rowNumber: number) => {
    const r = rowNumber - 1
    if (r >= limits.maxRows) {
      throw tooBig(
        `sheet "${ws.name}" has data in row ${rowNumber}; a sheet has at most ${limits.maxRows} rows`,
      )
    }
    if (row.height && row.height > 0) rowHeights.push({ row: r, px: pointsToPx(row.height) })
    row.eachCell({ includeEmpty: false }, (cell: Cell, colNumber: number) => {
      const c = colNumber - 1
      if (c >= limits.maxCols) {
        throw tooBig(
          `sheet "${ws.name}" has data in column ${colNumber}; a sheet has at most ${limits.maxCols} columns`,
        )
      }
      const { input, format } = readCell(cell)
      if (input.length > limits.maxCellChars) {
        throw tooBig(
          `cell ${ws.name}!${cell.address} has ${input.length} characters; a cell holds at most ${limits.maxCellChars}`,
        )
      }
      if (input !== '') {
        if (++budget.cells > limits.maxCells) {
          throw tooBig(
            `the workbook has more than ${limits.maxCells} non-empty cells, the import limit`,
          )
        }
        const line = (inputs[r] ??= [])
        while (line.length < c) line.push('')
        line[c] = input
      }
      if (Object.keys(format).length > 0) formats.push({ row: r, col: c, format })
    })
  })
  // Rows without values are holes in a sparse array: make them empty rows.
  const dense = Array.from({ length: inputs.length }, (_, i) => inputs[i] ?? [])
  const colWidths: ParsedSheet['colWidths'] = []
  const columns = ws.columns ?? []
  columns.forEach((column, i) => {
    if (i < limits.maxCols && column?.width && column.width > 0) {
      colWidths.push({ col: i, px: widthToPx(column.width) })
    }
  })
  return { name: ws.name, inputs: dense, formats, colWidths, rowHeights }
}

/** Functions newer than Excel 2007 are saved as `_xlfn.NAME(`; Cellmate knows them by name. */
function stripFuturePrefixes(formula: string): string {
  return formula.replace(/_xlfn\.(?:_xlws\.)?|_xlws\./gi, '')
}

function readCell(cell: Cell): { input: string; format: CellFormat } {
  const format = cellmateFormat(cell.style)
  const value = cell.value
  switch (cell.type) {
    case ExcelJS.ValueType.Number:
      return { input: numberInput(value as number), format }
    case ExcelJS.ValueType.String:
    case ExcelJS.ValueType.SharedString:
      return { input: textInput(String(value)), format }
    case ExcelJS.ValueType.Boolean:
      return { input: value ? 'TRUE' : 'FALSE', format }
    case ExcelJS.ValueType.Error:
      return { input: (value as ExcelJS.CellErrorValue).error, format }
    case ExcelJS.ValueType.Date:
      return { input: dateInput(value as Date), format: { ...format, numFmt: 'date' } }
    case ExcelJS.ValueType.RichText:
      return {
        input: textInput((value as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('')),
        format,
      }
    case ExcelJS.ValueType.Hyperlink:
      return { input: textInput(hyperlinkText(value as ExcelJS.CellHyperlinkValue)), format }
    case ExcelJS.ValueType.Formula: {
      const formula = cell.formula
      if (formula) return { input: `=${stripFuturePrefixes(formula)}`, format }
      return { input: resultInput(cell.result), format }
    }
    default:
      return { input: '', format }
  }
}

function hyperlinkText(value: ExcelJS.CellHyperlinkValue): string {
  const text: unknown = value.text
  if (typeof text === 'string') return text
  if (text && typeof text === 'object' && 'richText' in text) {
    return (text as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('')
  }
  return value.hyperlink
}

/** The input of a formula cell with no formula text (an array formula's other cells). */
function resultInput(result: Cell['result']): string {
  if (result === undefined || result === null) return ''
  if (typeof result === 'number') return numberInput(result)
  if (typeof result === 'boolean') return result ? 'TRUE' : 'FALSE'
  if (typeof result === 'string') return textInput(result)
  if (result instanceof Date) return dateInput(result)
  return (result as ExcelJS.CellErrorValue).error
}

/** A date as its Excel serial (exceljs gives UTC-based Dates), time of day as the fraction. */
function dateInput(date: Date): string {
  if (Number.isNaN(date.getTime())) return ''
  const day = dateToSerial(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
  if (day === null) return textInput(date.toISOString().slice(0, 10))
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()
  return numberInput(day + seconds / 86_400)
}
