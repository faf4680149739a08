import ExcelJS from 'exceljs'
import type { Cell, Row, Worksheet } from 'exceljs'
import {
  MAX_COMMENT_CHARS,
  MAX_CONDITIONAL_RULES,
  parseRange,
  type CellFormat,
} from '@cellmate/model'
import { conditionalFormatsFromXlsx } from './xlsxConditionalFormats.js'
import { numberInput, textInput } from './cellInput.js'
import { badFile, ImportError, tooBig, type ImportLimits, type ParsedSheet } from './parsedSheet.js'
import { sheetFormulas, type FormulaReading, type SheetFormulas } from './xlsxFormulas.js'
import { sanitizeXlsx } from './xlsxSanitize.js'
import { frozenPanesOf, hiddenAxesOf } from './xlsxSheetView.js'
import type { XlsxTable } from './xlsxTables.js'
import { tablesFromXlsx } from './xlsxTableParts.js'
import { rangeNames, type XlsxDefinedName } from './xlsxDefinedNames.js'
import { cellmateFormat, pointsToPx, widthToPx } from './xlsxStyle.js'
import { validationsFromXlsx, type ValidationImportContext } from './xlsxValidations.js'
import { checkZipSize } from './zipInspection.js'

/**
 * Reads an .xlsx workbook into sheets (tab order): values typed as Excel stores them,
 * formulas in A1 form (the cached results are dropped: Cellmate recomputes; shared formulas
 * shifted to each cell; an array formula once, in its top-left cell, to spill as Excel's
 * dynamic arrays do), basic formats, column widths, row heights, merged cells, frozen panes
 * and hidden rows and columns (`xlsxSheetView.ts`). What
 * Cellmate does not keep (drawings, pivots, …) is left out with a notice on the first sheet
 * (`xlsxSanitize.ts`). Refuses a file that is not a readable workbook, has no worksheet, or
 * is past a limit — naming the sheet and cell when one is.
 */
export async function parseXlsx(bytes: Uint8Array, limits: ImportLimits): Promise<ParsedSheet[]> {
  checkZipSize(bytes, limits.maxUnzippedBytes)
  const { data, notices, merges, tables, validations, definedNames, dynamicArrays, filters } =
    await sanitizeXlsx(bytes)
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs types its input as its own `Buffer extends ArrayBuffer`; JSZip reads either.
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
  const budget = { cells: 0, tableRefs: 0 }
  const namedRanges = rangeNames(definedNames)
  const date1904 = workbook.properties.date1904 === true
  const tableNames = new Set<string>()
  try {
    // Which tables are kept is known before any formula is read: structured references to a
    // kept table stay as written (they follow the table), those to a dropped one become ranges.
    const keptBySheet = new Map<string, ReturnType<typeof tablesFromXlsx>>()
    const mergesBySheet = new Map<string, ParsedSheet['merges']>()
    for (const ws of worksheets) {
      const refs = merges.get(ws.name)
      const sheetMerges = refs ? mergedRanges(refs, limits) : undefined
      mergesBySheet.set(ws.name, sheetMerges)
      keptBySheet.set(ws.name, tablesFromXlsx(tables, ws.name, sheetMerges, limits, tableNames))
    }
    const keptNames = new Set(
      [...keptBySheet.values()].flatMap((k) => k.tables.map((t) => t.name.toLowerCase())),
    )
    const dropped = tables.filter((t) => !keptNames.has(t.name.toLowerCase()))
    const sheets = worksheets.map((ws) => {
      const sheet = readWorksheet(ws, limits, budget, date1904, dropped, {
        dynamicArrays: dynamicArrays.get(ws.name),
        rangeNames: namedRanges,
      })
      const sheetMerges = mergesBySheet.get(ws.name)
      if (sheetMerges) sheet.merges = sheetMerges
      const frozen = frozenPanesOf(ws, limits)
      if (frozen) sheet.frozen = frozen
      const filtered = (filters.get(ws.name) ?? []).flatMap((ref) => parseRange(ref) ?? [])
      const hidden = hiddenAxesOf(ws, limits, filtered)
      if (hidden.rows.length > 0) sheet.hiddenRows = hidden.rows
      if (hidden.cols.length > 0) sheet.hiddenCols = hidden.cols
      const kept = keptBySheet.get(ws.name) as ReturnType<typeof tablesFromXlsx>
      if (kept.tables.length > 0) sheet.tables = kept.tables
      if (kept.skipped.length > 0) {
        notices.push(
          `${kept.skipped.length} table(s) on "${ws.name}" are imported as plain cells: ${kept.skipped.join('; ')}.`,
        )
      }
      const cf = conditionalFormatsFromXlsx(
        // exceljs reads them but leaves them out of its types.
        (ws as unknown as { conditionalFormattings?: Array<{ ref: string; rules: unknown[] }> })
          .conditionalFormattings,
        MAX_CONDITIONAL_RULES,
      )
      if (cf.rules.length > 0) sheet.conditionalFormats = cf.rules
      if (cf.iconSets > 0) {
        notices.push(
          `${cf.iconSets} icon set rule(s) on "${ws.name}" were skipped: Cellmate does not draw icon sets.`,
        )
      }
      const others = cf.skipped - cf.iconSets
      if (others > 0) {
        notices.push(
          `${others} conditional format rule(s) on "${ws.name}" were left out (averages by standard deviation, only theme colours, or more than ${MAX_CONDITIONAL_RULES} rules).`,
        )
      }
      const dv = validationsFromXlsx(
        validations.get(ws.name) ?? [],
        validationContext(workbook, definedNames, ws.name, date1904, limits),
      )
      if (dv.rules.length > 0) sheet.validations = dv.rules
      if (dv.skipped.length > 0) {
        notices.push(
          `${dv.skipped.length} data validation rule(s) on "${ws.name}" were left out: ${[...new Set(dv.skipped)].join('; ')}.`,
        )
      }
      return sheet
    })
    if (budget.tableRefs > 0) {
      notices.push(
        `${budget.tableRefs} formula(s) referred to tables imported as plain cells (Sales[Amount]): they read the same cells by address.`,
      )
    }
    if (notices.length > 0 && sheets[0]) sheets[0].notices = notices
    attachNames(sheets, definedNames)
    return sheets
  } catch (err) {
    if (err instanceof ImportError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    throw badFile(`the workbook could not be read (${reason.slice(0, 200)})`)
  }
}

/**
 * What mapping a sheet's data validation needs from the rest of the workbook. Defined names
 * are read from the file's own text (`xlsxDefinedNames.ts`): exceljs keeps only names of
 * cell ranges (`Lists!$A$1:$A$9`), none of whole columns (`Lists!$A:$A`).
 */
function validationContext(
  workbook: ExcelJS.Workbook,
  definedNames: readonly XlsxDefinedName[],
  sheetName: string,
  date1904: boolean,
  limits: ImportLimits,
): ValidationImportContext {
  const sheet = sheetName.toLowerCase()
  return {
    sheetName,
    date1904,
    maxRow: limits.maxRows - 1,
    maxCol: limits.maxCols - 1,
    definedName(name) {
      // A name local to this sheet hides a workbook name, as in Excel; other sheets' do not apply.
      const lower = name.toLowerCase()
      const found = (local: boolean) =>
        definedNames.find(
          (n) =>
            n.name.toLowerCase() === lower &&
            (local ? n.localSheet?.toLowerCase() === sheet : n.localSheet === undefined),
        )
      return (found(true) ?? found(false))?.formula
    },
    hasSheet(name) {
      return workbook.worksheets.some((w) => w.name.toLowerCase() === name.toLowerCase())
    },
  }
}

/** Workbook names go on the first sheet, a sheet's own names on it (by its name in the file). */
function attachNames(sheets: ParsedSheet[], names: readonly XlsxDefinedName[]): void {
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]))
  for (const n of names) {
    const sheet = n.localSheet === undefined ? sheets[0] : byName.get(n.localSheet.toLowerCase())
    if (!sheet) continue
    ;(sheet.names ??= []).push({
      name: n.name,
      formula: n.formula,
      local: n.localSheet !== undefined,
    })
  }
}

/**
 * The merged ranges of a sheet as positions: ranges that do not parse, are a single cell,
 * run past the sheet limits or overlap an earlier one (Excel never writes those) are skipped.
 */
function mergedRanges(refs: readonly string[], limits: ImportLimits): ParsedSheet['merges'] {
  const out: NonNullable<ParsedSheet['merges']> = []
  for (const ref of refs) {
    const r = parseRange(ref)
    if (!r) continue
    if (r.start.row === r.end.row && r.start.col === r.end.col) continue
    if (r.end.row >= limits.maxRows || r.end.col >= limits.maxCols) continue
    const m = { top: r.start.row, left: r.start.col, bottom: r.end.row, right: r.end.col }
    const overlap = out.some(
      (o) => o.top <= m.bottom && m.top <= o.bottom && o.left <= m.right && m.left <= o.right,
    )
    if (!overlap) out.push(m)
  }
  return out
}

function readWorksheet(
  ws: Worksheet,
  limits: ImportLimits,
  budget: { cells: number; tableRefs: number },
  date1904: boolean,
  tables: readonly XlsxTable[],
  reading: FormulaReading,
): ParsedSheet {
  const formulas = sheetFormulas(ws, tables, () => budget.tableRefs++, reading)
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
      const { input, format } = readCell(cell, formulas, date1904)
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
  const notes = readNotes(ws, limits, budget)
  return {
    name: ws.name,
    inputs: dense,
    formats,
    colWidths,
    rowHeights,
    ...(notes.length > 0 ? { notes } : {}),
  }
}

/**
 * The notes (Excel's comments) of a worksheet, empty cells' too. Excel starts a note with its
 * author in bold (`Ana:` and a line break): that becomes the comment's author name. Each note
 * counts against the import's cell budget; text past a comment's limit is cut.
 */
function readNotes(
  ws: Worksheet,
  limits: ImportLimits,
  budget: { cells: number },
): NonNullable<ParsedSheet['notes']> {
  const out: NonNullable<ParsedSheet['notes']> = []
  // exceljs's own `eachRow` skips rows without values, where a note on an empty cell lives.
  const rows = (ws as unknown as { _rows?: Array<Row | undefined> })._rows ?? []
  for (const row of rows) {
    if (!row || row.number > limits.maxRows) continue
    row.eachCell({ includeEmpty: true }, (cell: Cell, colNumber: number) => {
      const note = cell.note
      if (!note || colNumber > limits.maxCols) return
      const runs =
        typeof note === 'string' ? [{ text: note, bold: false }] : noteRuns(note as NoteValue)
      const first = runs[0]
      const named = first?.bold ? /^([^\n:]{1,100}):\s*$/.exec(first.text.trim()) : null
      const text = (named ? runs.slice(1) : runs)
        .map((r) => r.text)
        .join('')
        .trim()
      if (!text) return
      if (++budget.cells > limits.maxCells) {
        throw tooBig(
          `the workbook has more than ${limits.maxCells} non-empty cells, the import limit`,
        )
      }
      out.push({
        row: row.number - 1,
        col: colNumber - 1,
        author: named?.[1]?.trim() ?? '',
        text: text.slice(0, MAX_COMMENT_CHARS),
      })
    })
  }
  return out
}

type NoteValue = { texts?: Array<{ text?: unknown; font?: { bold?: unknown } }> }

function noteRuns(note: NoteValue): Array<{ text: string; bold: boolean }> {
  return (note.texts ?? []).map((t) => ({
    text: typeof t.text === 'string' ? t.text : '',
    bold: t.font?.bold === true,
  }))
}

function readCell(
  cell: Cell,
  formulas: SheetFormulas,
  date1904: boolean,
): { input: string; format: CellFormat } {
  const format = cellmateFormat(cell.style)
  // A cell an array formula spills over holds a cached value, which would block the spill.
  if (formulas.inArray(cell)) return { input: '', format }
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
      return dateCell(value as Date, cell.numFmt, format, date1904)
    case ExcelJS.ValueType.RichText:
      return {
        input: textInput((value as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('')),
        format,
      }
    case ExcelJS.ValueType.Hyperlink: {
      // Links are removed before reading (`xlsxSanitize.ts`); a cell exceljs still reads as
      // one keeps its formula or its text.
      const link = value as ExcelJS.CellHyperlinkValue
      const text: unknown = link.text
      if (typeof text === 'string') return { input: textInput(text), format }
      return { input: formulas.formulaAt({ value: text } as Cell) ?? '', format }
    }
    case ExcelJS.ValueType.Formula: {
      const formula = formulas.formulaAt(cell)
      if (formula !== undefined) return { input: formula, format }
      return { input: resultInput(cell.result, date1904), format }
    }
    default:
      return { input: '', format }
  }
}

/** The input of a formula cell with no formula text of its own. */
function resultInput(result: Cell['result'], date1904: boolean): string {
  if (result === undefined || result === null) return ''
  if (typeof result === 'number') return numberInput(result)
  if (typeof result === 'boolean') return result ? 'TRUE' : 'FALSE'
  if (typeof result === 'string') return textInput(result)
  if (result instanceof Date) return numberInput(fileSerial(result, date1904))
  return (result as ExcelJS.CellErrorValue).error
}

const MS_PER_DAY = 86_400_000
/** Serial of 1970-01-01 in each date system, as exceljs converts serials to Dates. */
const EPOCH_1900 = 25_569
const EPOCH_1904 = 24_107

/** The serial a cell holds in the file's own date system (exceljs gave it as a Date). */
function fileSerial(date: Date, date1904: boolean): number {
  const days = date.getTime() / MS_PER_DAY + (date1904 ? EPOCH_1904 : EPOCH_1900)
  // Back to the stored decimal: a Date is whole milliseconds.
  return Math.round(days * 1e10) / 1e10
}

/** A format that shows a time or a duration but no date (`h:mm`, `[h]:mm:ss`, `mm:ss`). */
function isTimeOnly(code: string | undefined): boolean {
  if (!code) return false
  const section = (code.split(';')[0] ?? '').replace(/"[^"]*"|\\.|\[(?!h\]|m\]|s\])[^\]]*\]/gi, '')
  return /[hs]/i.test(section) && !/[yd]/i.test(section)
}

/** Number formats that show a number as a date or time. */
const DATE_FORMATS: ReadonlySet<CellFormat['numFmt']> = new Set([
  'date',
  'time',
  'datetime',
  'duration',
  'custom',
])

/**
 * A date-formatted cell. A date keeps its meaning: its serial in Cellmate's 1900 system
 * (a 1904 workbook's serials are 1,462 days smaller for the same date). A time or duration
 * keeps its number (0.5 is noon; 1.5 under `[h]:mm` is 36 hours), in either system. Both keep
 * the file's own code (`cellmateNumFmt`: `h:mm`, `dd mmm yyyy` as custom formats), or show as
 * a date when the code could not be kept.
 */
function dateCell(
  date: Date,
  code: string | undefined,
  format: CellFormat,
  date1904: boolean,
): { input: string; format: CellFormat } {
  if (Number.isNaN(date.getTime())) return { input: '', format }
  const serial = fileSerial(date, isTimeOnly(code) ? date1904 : false)
  const shown: CellFormat = DATE_FORMATS.has(format.numFmt) ? format : { ...format, numFmt: 'date' }
  return { input: numberInput(serial), format: shown }
}
