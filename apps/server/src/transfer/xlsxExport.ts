import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import {
  inferValue,
  isCellError,
  isFormula,
  toDisplayFormula,
  type AxisLookup,
  type CellValue,
} from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'
import type { SheetContent } from './sheetContent.js'
import { excelStyle, pxToPoints, pxToWidth } from './xlsxStyle.js'

/** One sheet to write: its content and how to evaluate and display its formulas. */
export interface SheetToWrite {
  id: string
  name: string
  content: SheetContent
  /** A formula cell's computed value at a position. */
  valueAt: (row: number, col: number) => CellValue
}

/** Excel's sheet names: at most 31 characters, unique ignoring case. */
const EXCEL_NAME_CHARS = 31

/** Sheet names Excel accepts, in order (shortened and numbered where needed). */
export function excelSheetNames(names: readonly string[]): string[] {
  const used = new Set<string>()
  return names.map((name) => {
    let candidate = name.slice(0, EXCEL_NAME_CHARS)
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      const suffix = ` (${n})`
      candidate = `${name.slice(0, EXCEL_NAME_CHARS - suffix.length)}${suffix}`
    }
    used.add(candidate.toLowerCase())
    return candidate
  })
}

type ExcelValue = ExcelJS.CellValue

function excelResult(value: CellValue): ExcelJS.CellFormulaValue['result'] {
  if (value === null) return undefined
  if (isCellError(value)) return { error: value.error as ExcelJS.CellErrorValue['error'] }
  return value
}

function excelValue(value: CellValue): ExcelValue {
  if (isCellError(value)) return { error: value.error as ExcelJS.CellErrorValue['error'] }
  return value
}

/**
 * The workbook as an .xlsx file: sheets in tab order; typed values (numbers, booleans, text,
 * errors; dates as serials with a date format); formulas in A1 form for the current layout
 * with their computed results cached, so Excel shows them before recalculating; basic formats,
 * column widths and row heights. `layout` gives each sheet's current positions (for formulas
 * that refer to other sheets). Written with exceljs' streaming writer, row by row, which is
 * several times faster than building the whole workbook in memory.
 */
export async function workbookToXlsx(
  title: string,
  sheets: readonly SheetToWrite[],
  layout: (sheetId: string) => AxisLookup | undefined,
): Promise<Buffer> {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve)
    stream.on('error', reject)
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  })
  workbook.creator = 'Cellmate'
  workbook.title = title
  const names = excelSheetNames(sheets.map((s) => s.name))
  const nameById = new Map(sheets.map((s, i) => [s.id, names[i] as string]))
  sheets.forEach((sheet, i) => {
    const ws = workbook.addWorksheet(names[i] as string)
    const ctx = {
      sheetId: sheet.id,
      layout,
      sheetIdByName: () => undefined,
      sheetName: (id: string) => nameById.get(id),
    }
    // Column widths go out with the sheet's header, before its first row is committed.
    for (const { col, px } of sheet.content.colWidths) ws.getColumn(col + 1).width = pxToWidth(px)
    const heights = new Map(sheet.content.rowHeights.map((h) => [h.row, h.px]))
    let row: ExcelJS.Row | null = null
    const commitRow = (): void => {
      if (row) row.commit()
      row = null
    }
    for (const cell of sheet.content.cells) {
      if (row === null || row.number !== cell.row + 1) {
        commitRow()
        row = ws.getRow(cell.row + 1)
        const px = heights.get(cell.row)
        if (px !== undefined) row.height = pxToPoints(px)
      }
      writeCell(row.getCell(cell.col + 1), cell, sheet, ctx)
    }
    commitRow()
    ws.commit()
  })
  await workbook.commit()
  await finished
  return Buffer.concat(chunks)
}

function writeCell(
  target: ExcelJS.Cell,
  cell: SheetContent['cells'][number],
  sheet: SheetToWrite,
  ctx: Parameters<typeof toDisplayFormula>[1],
): void {
  let hint: CellFormat = {}
  if (isFormula(cell.raw)) {
    const formula = toDisplayFormula(cell.raw, ctx).slice(1)
    target.value = { formula, result: excelResult(sheet.valueAt(cell.row, cell.col)) }
  } else if (cell.raw !== '') {
    const typed = inferValue(cell.raw)
    target.value = excelValue(typed.value)
    // "12%" or "2026-01-31" typed into a General cell shows as typed: keep that in Excel.
    if (typed.format === 'date') hint = { numFmt: 'date' }
    else if (typed.format && typed.format !== 'general') {
      hint = { numFmt: typed.format, decimals: /\.([0-9]+)/.exec(cell.raw)?.[1]?.length ?? 0 }
    }
  }
  const style = excelStyle({ ...hint, ...cell.format })
  if (Object.keys(style).length > 0) target.style = style
}
