import type { Writable } from 'node:stream'
import { setImmediate } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import {
  appliesOperatorToRange,
  formulaSyntaxError,
  inferValue,
  isCellError,
  isFormula,
  legacyArrayOf,
  tokenize,
  toDisplayFormula,
  toXlsxFormula,
  type AxisLookup,
  type CellValue,
  type FormulaTable,
  type ShownFormat,
  withImplicitIntersection,
} from '@cellmate/formula'
import {
  formatRange,
  type DefinedName,
  type RangePosition,
  type ValidationRule,
} from '@cellmate/model'
import { excelDefinedNames, setWorkbookDefinedNames } from './xlsxDefinedNames.js'
import { writeConditionalFormats } from './xlsxConditionalFormats.js'
import { validationsXml } from './xlsxValidationXml.js'
import { XlsxTableWriter, tablesToWrite } from './xlsxTableParts.js'
import { XlsxDynamicArrayWriter } from './xlsxDynamicArrays.js'
import { xlsxValidationsOf } from './xlsxValidations.js'
import type { CellNote, SheetCell, SheetContent } from './sheetContent.js'
import { exportFormats } from './shownFormats.js'
import { excelStyle, pxToPoints } from './xlsxStyle.js'
import { frozenViews, writeColumns, writeEmptyHiddenRows } from './xlsxSheetView.js'

/** One sheet to write: how to read it and how to evaluate its formulas. */
export interface SheetToWrite {
  id: string
  name: string
  /** Reads the sheet when its turn comes, so one sheet's cells are in memory at a time. */
  read: () => Promise<SheetContent>
  /** A formula cell's computed value. */
  formulaValue: (cell: SheetCell) => CellValue
  /** The area a formula cell's array result spills over (null: a single value). */
  formulaSpill?: (cell: SheetCell) => { rows: number; cols: number } | null
}

/** Cells written between two pauses (see `pace`). */
const PACE_CELLS = 2000

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
  // Excel has no #ERROR! (a formula that does not parse, or one reading such a cell): no
  // cached value, Excel computes its own.
  if (isCellError(value) && value.error === '#ERROR!') return undefined
  if (isCellError(value)) return { error: value.error as ExcelJS.CellErrorValue['error'] }
  return value
}

function excelValue(value: CellValue): ExcelValue {
  if (isCellError(value)) return { error: value.error as ExcelJS.CellErrorValue['error'] }
  return value
}

/**
 * Writes the workbook as an .xlsx file to `out`: sheets in tab order; typed values (numbers,
 * booleans, text, errors; dates as serials with a date format); formulas in A1 form for the
 * current layout with their computed results cached, so Excel shows them before
 * recalculating; basic formats, column widths, row heights, frozen panes, rows and columns
 * hidden by hand (`xlsxSheetView.ts`; a filter's rows are not), merged cells and tables
 * (`xlsxTableParts.ts`). `layout` gives each sheet's
 * current positions (for formulas that refer to other sheets); `names` are the workbook's
 * defined names, written to the workbook part (a sheet's own ones local to it); `tables` every
 * sheet's tables, which structured references are written against (`Sales[[#This Row],[Qty]]`,
 * under the name the table gets in the file).
 *
 * Streams with exceljs' WorkbookWriter, one row at a time over the cells that exist (never a
 * rows x columns grid), pausing every few thousand cells until `out` has drained, so memory
 * stays a few chunks whatever the sheet's size and a slow reader slows the writer. Rejects
 * if `out` is destroyed (the client went away) before the file is complete.
 */
export async function writeWorkbookXlsx(
  out: Writable,
  title: string,
  sheets: readonly SheetToWrite[],
  layout: (sheetId: string) => AxisLookup | undefined,
  definedNames: readonly DefinedName[] = [],
  tables: readonly FormulaTable[] = [],
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
  })
  workbook.creator = 'Cellmate'
  workbook.title = title
  const tableWriter = new XlsxTableWriter(workbook)
  const arrayWriter = new XlsxDynamicArrayWriter(workbook)
  // Table names share one namespace with defined names in Excel.
  const usedNames = new Set(definedNames.map((n) => n.name.toLowerCase()))
  const names = excelSheetNames(sheets.map((s) => s.name))
  const nameById = new Map(sheets.map((s, i) => [s.id, names[i] as string]))
  const fileTables = tablesAsNamedInFile(tables, sheets, usedNames)
  const context = (sheetId: string): Parameters<typeof toDisplayFormula>[1] => ({
    sheetId,
    layout,
    sheetIdByName: () => undefined,
    sheetName: (id: string) => nameById.get(id),
    nameText: (id: string) => definedNames.find((n) => n.id === id)?.name,
    tables: () => fileTables,
  })
  for (const [i, sheet] of sheets.entries()) {
    const content = await sheet.read()
    const ws = workbook.addWorksheet(names[i] as string, {
      views: frozenViews(content.frozen ?? { rows: 0, cols: 0 }),
    })
    const legacyArrays = arrayWriter.addSheet(ws)
    const ctx = context(sheet.id)
    const shownOf = exportFormats(content, (stored) => toDisplayFormula(stored, ctx))
    // Column widths go out with the sheet's header, before its first row is committed.
    writeColumns(ws, content.colWidths, content.hiddenCols ?? [])
    writeEmptyHiddenRows(ws)
    const heights = new Map(content.rowHeights.map((h) => [h.row, h.px]))
    const hiddenRows = content.hiddenRows ?? []
    const tables = tablesToWrite(content.tables ?? [], content.cells, usedNames, (cell) =>
      headerText(cell, sheet),
    )
    let row: ExcelJS.Row | null = null
    let hidden = 0
    // Rows go out in order: hidden rows without cells between the rows that have some.
    const openRow = (r: number): ExcelJS.Row => {
      row?.commit()
      const next = rowAt(ws, r + 1)
      const px = heights.get(r)
      if (px !== undefined) next.height = pxToPoints(px)
      for (; hidden < hiddenRows.length && (hiddenRows[hidden] as number) <= r; hidden++) {
        if (hiddenRows[hidden] === r) next.hidden = true
      }
      return (row = next)
    }
    let written = 0
    for (const { cell, note } of withNotes(tables.cells, content.notes ?? [])) {
      if (row === null || row.number !== cell.row + 1) {
        while (hidden < hiddenRows.length && (hiddenRows[hidden] as number) < cell.row) {
          openRow(hiddenRows[hidden] as number)
        }
        row = openRow(cell.row)
      }
      const target = row.getCell(cell.col + 1)
      if (writeCell(target, cell, sheet, ctx, shownOf(cell)) === 'legacy array') {
        legacyArrays.add(target.address)
      }
      if (note !== undefined) {
        target.note = note
        // The streamed writer skips a row with no values and no height, and a cell with no
        // value and no style: Excel still shows such a note, but other readers (exceljs, and
        // so Cellmate's own import) only see notes on cells the sheet lists. Excel's default
        // alignment as an explicit style lists it, and looks the same.
        if (cell.raw === '' && !target.style.alignment) target.alignment = { vertical: 'bottom' }
        if (!row.hasValues && !row.height) row.height = DEFAULT_ROW_POINTS
      }
      if (++written % PACE_CELLS === 0) await pace(out)
    }
    while (hidden < hiddenRows.length) openRow(hiddenRows[hidden] as number)
    // A sheet without rows still needs its `<cols>`, written with the first row.
    ;(row ?? rowAt(ws, 1)).commit()
    addMerges(ws, content.merges ?? [])
    writeConditionalFormats(ws, content.conditionalFormats ?? [])
    writeValidations(ws, content.validations ?? [])
    tableWriter.addSheet(ws, tables.tables)
    ws.commit()
    await pace(out)
  }
  setWorkbookDefinedNames(
    workbook,
    excelDefinedNames(
      definedNames,
      sheets.map((s) => s.id),
      (stored, sheetId) => toXlsxFormula(toDisplayFormula(stored, context(sheetId)).slice(1)),
    ),
  )
  tableWriter.finish()
  arrayWriter.finish()
  await workbook.commit()
}

/**
 * The tables under the names `tablesToWrite` gives them in the file (`Sales_2` where a defined
 * name has `Sales`): the same rule in the same order, sheet by sheet, without reading cells.
 * `used` is left as it was.
 */
function tablesAsNamedInFile(
  tables: readonly FormulaTable[],
  sheets: readonly SheetToWrite[],
  used: ReadonlySet<string>,
): FormulaTable[] {
  const taken = new Set(used)
  return sheets.flatMap((sheet) =>
    tables
      .filter((t) => t.sheetId === sheet.id)
      .map((t) => {
        let name = t.name
        for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${t.name}_${n}`
        taken.add(name.toLowerCase())
        return { ...t, name }
      }),
  )
}

/** The text a table's header cell shows, which Excel takes as its column's name. */
function headerText(cell: SheetCell, sheet: SheetToWrite): string {
  const value = isFormula(cell.raw) ? sheet.formulaValue(cell) : inferValue(cell.raw).value
  if (value === null || isCellError(value)) return ''
  return String(value)
}

/** Excel's default row height (points), given to a row that holds only a note. */
const DEFAULT_ROW_POINTS = 15

/**
 * The cells to write with the notes on them, row-major: both lists are row-major, so one
 * merge pass; a note on an empty cell comes as an empty cell.
 */
function* withNotes(
  cells: readonly SheetCell[],
  notes: readonly CellNote[],
): Generator<{ cell: SheetCell; note?: string }> {
  let n = 0
  const before = (a: { row: number; col: number }, b: { row: number; col: number }): boolean =>
    a.row < b.row || (a.row === b.row && a.col < b.col)
  for (const cell of cells) {
    for (; n < notes.length && before(notes[n] as CellNote, cell); n++) {
      yield { cell: emptyCell(notes[n] as CellNote), note: (notes[n] as CellNote).text }
    }
    const note = notes[n]
    if (note && note.row === cell.row && note.col === cell.col) {
      n++
      yield { cell, note: note.text }
    } else yield { cell }
  }
  for (; n < notes.length; n++) {
    yield { cell: emptyCell(notes[n] as CellNote), note: (notes[n] as CellNote).text }
  }
}

function emptyCell(at: { row: number; col: number }): SheetCell {
  return { row: at.row, col: at.col, rowId: '', colId: '', raw: '', format: {} }
}

/**
 * Row `n` of a streamed worksheet whose earlier rows are all committed. exceljs keeps the
 * uncommitted rows in an array indexed from the first uncommitted row number and commits by
 * `shift()`ing through it, so asking for row 1,048,576 right after row 1 builds a million-slot
 * sparse array whose commit is quadratic (it never finishes). With nothing uncommitted, the
 * array may as well start at `n`.
 */
function rowAt(ws: ExcelJS.Worksheet, n: number): ExcelJS.Row {
  const internals = ws as unknown as { _rows?: unknown[] | null; _rowZero?: number }
  if (internals._rows?.length === 0 && typeof internals._rowZero === 'number') {
    internals._rowZero = n
  }
  return ws.getRow(n)
}

/**
 * Lists merged ranges for the worksheet's `<mergeCells>`. The streaming writer's own
 * `mergeCells` marks every covered cell of rows it may already have committed (and fails on
 * them); the list it writes at commit is all Excel needs: each entry is written as
 * `<mergeCell ref="${entry}"/>`. Cellmate's blocks never overlap (`readMerges`).
 */
function addMerges(ws: ExcelJS.Worksheet, merges: readonly RangePosition[]): void {
  const internals = ws as unknown as { _merges?: unknown[] }
  if (!Array.isArray(internals._merges)) {
    throw new Error('exceljs changed: its streamed worksheet keeps no list of merges')
  }
  for (const m of merges) {
    const ref = formatRange(m)
    internals._merges.push({ toString: () => ref })
  }
}

/**
 * Writes the sheet's `<dataValidations>` (`xlsxValidations.ts`) in the place the schema
 * gives it, right after `<conditionalFormatting>`: the streamed worksheet writes its own
 * there at commit, but cannot write `showDropDown` and re-splits ranges cell by cell, so
 * that step writes this XML instead.
 */
function writeValidations(ws: ExcelJS.Worksheet, rules: readonly ValidationRule[]): void {
  if (rules.length === 0) return
  const internals = ws as unknown as {
    _writeDataValidations?: () => void
    stream?: { write(text: string): void }
  }
  if (typeof internals._writeDataValidations !== 'function') {
    throw new Error('exceljs changed: its streamed worksheet has no _writeDataValidations step')
  }
  const xml = validationsXml(xlsxValidationsOf(rules).rules)
  internals._writeDataValidations = () => internals.stream?.write(xml)
}

/**
 * Lets the event loop run (zlib, the socket, other requests), then waits while `out` has more
 * buffered than it wants. Throws once `out` is destroyed: nobody reads the rest.
 */
async function pace(out: Writable): Promise<void> {
  await setImmediate()
  while (out.writableNeedDrain && !out.destroyed) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        out.off('drain', done)
        out.off('close', done)
        resolve()
      }
      out.on('drain', done)
      out.on('close', done)
    })
  }
  if (out.destroyed) throw new Error('the export was abandoned: its reader went away')
}

/**
 * How a formula goes into the file: a legacy array formula (`ARRAYFIT`) as Excel's `{=…}`
 * over its range; a spilling one as a dynamic array over its spill area; one a reader without
 * dynamic arrays would read differently (an operator applied to a range, a range where a value
 * is taken: `withImplicitIntersection` would add `@`) as a one-cell dynamic array; any other
 * as a plain formula, without the `@`s such a reader puts back by itself.
 */
function formulaToWrite(
  text: string,
  spill: { rows: number; cols: number } | null,
): { body: string; array: 'legacy' | 'dynamic' | null; size: { rows: number; cols: number } } {
  const legacy = legacyArrayOf(text)
  if (legacy) {
    const size = { rows: legacy.rows, cols: legacy.cols }
    return { body: toXlsxFormula(legacy.body), array: 'legacy', size }
  }
  const body = text.slice(1)
  if (spill) return { body: toXlsxFormula(body), array: 'dynamic', size: spill }
  const bare = withoutAtOperators(body)
  const one = { rows: 1, cols: 1 }
  if (withImplicitIntersection(bare) === body) {
    return { body: toXlsxFormula(bare), array: null, size: one }
  }
  const dynamic = appliesOperatorToRange(body) || withImplicitIntersection(body) !== body
  return { body: toXlsxFormula(body), array: dynamic ? 'dynamic' : null, size: one }
}

/** The formula body without its `@` operators (a `[@Col]` structured reference is kept). */
function withoutAtOperators(body: string): string {
  if (!body.includes('@')) return body
  return tokenize(body, 'a1')
    .filter((t) => !(t.type === 'op' && t.text === '@'))
    .map((t) => t.text)
    .join('')
}

/** True when a cell's formula, as typed, does not read as one (`formulaSyntaxError`). */
function unparsed(raw: string, ctx: Parameters<typeof toDisplayFormula>[1]): boolean {
  return formulaSyntaxError(toDisplayFormula(raw, ctx)) !== null
}

function writeCell(
  target: ExcelJS.Cell,
  cell: SheetCell,
  sheet: SheetToWrite,
  ctx: Parameters<typeof toDisplayFormula>[1],
  shown: ShownFormat | null,
): 'legacy array' | undefined {
  let written: 'legacy array' | undefined
  const value = isFormula(cell.raw) ? sheet.formulaValue(cell) : null
  if (isCellError(value) && value.error === '#ERROR!' && unparsed(cell.raw, ctx)) {
    // A formula that does not parse (`=A1+`): Excel refuses one as a formula ("There's a
    // problem with this formula") and reports the file damaged, so it goes as the text typed.
    target.value = toDisplayFormula(cell.raw, ctx)
  } else if (isFormula(cell.raw)) {
    const text = toDisplayFormula(cell.raw, ctx, { file: true })
    const result = excelResult(value)
    const { body: formula, array, size } = formulaToWrite(text, sheet.formulaSpill?.(cell) ?? null)
    const ref =
      array &&
      formatRange({
        start: { row: cell.row, col: cell.col },
        end: { row: cell.row + size.rows - 1, col: cell.col + size.cols - 1 },
      })
    target.value = (
      ref ? { formula, result, shareType: 'array', ref } : { formula, result }
    ) as ExcelJS.CellValue
    if (array === 'legacy') written = 'legacy array'
  } else if (cell.raw !== '') {
    target.value = excelValue(inferValue(cell.raw).value)
  }
  // "12%", "2026-01-31" or "2:30 PM" typed into a General cell, or `=B1+1` over a date,
  // shows that way in the grid: keep that in Excel.
  const style = excelStyle({ ...shown, ...cell.format })
  if (Object.keys(style).length > 0) target.style = style
  return written
}
