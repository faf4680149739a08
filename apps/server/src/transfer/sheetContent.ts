import type * as Y from 'yjs'
import {
  isFormula,
  ruleForDisplay,
  sheetFormulaContext,
  type AxisLookup,
  type FormulaContext,
} from '@cellmate/formula'
import {
  SheetLayout,
  cellInputAt,
  cellInputs,
  commentThreads,
  formatsMap,
  getFormat,
  getFrozen,
  hiddenMap,
  parseFormatKey,
  readMerges,
  readConditionalFormats,
  readValidations,
  readTables,
  type ConditionalRule,
  type SheetTable,
  type ValidationRule,
  sheetTypes,
  sheetViewTypes,
  storedSize,
  type CellFormat,
  type FrozenPanes,
  type RangePosition,
} from '@cellmate/model'

/**
 * One cell of a sheet at its position when read: raw input (stored form) and format, and its
 * ids, by which its computed value is looked up later (the layout may have moved meanwhile).
 */
export interface SheetCell {
  row: number
  col: number
  rowId: string
  colId: string
  raw: string
  format: CellFormat
}

/** What an export needs from a sheet document, in current positions. */
export interface SheetContent {
  /** Cells with input (and, with `withFormats`, formatted empty cells), row-major. */
  cells: SheetCell[]
  /** The used range: rows and columns up to the last cell with content. */
  rowCount: number
  colCount: number
  /** True when any cell holds a formula (only then does an export need the evaluator). */
  hasFormulas: boolean
  /** Column widths and row heights in px by 0-based position, where set. */
  colWidths: Array<{ col: number; px: number }>
  rowHeights: Array<{ row: number; px: number }>
  /** Frozen rows and columns (0: none). */
  frozen?: FrozenPanes
  /**
   * Rows and columns hidden by hand, by 0-based position, ascending. Rows a filter hides are
   * the filter's (`filter.ts`) and not among them.
   */
  hiddenRows?: number[]
  hiddenCols?: number[]
  /** Merged blocks in effect, by position (`readMerges`). */
  merges?: RangePosition[]
  /** Conditional formats in priority order (`readConditionalFormats`). */
  conditionalFormats?: ConditionalRule[]
  /** Data validation rules in id order (where they overlap, the last applies). */
  validations?: ValidationRule[]
  /** Excel tables in id order (`readTables`). */
  tables?: SheetTable[]
  /** Comment threads as Excel notes, one text per cell, row-major (`commentNotes`). */
  notes?: CellNote[]
}

/** The comments on one cell as one note's text. */
export interface CellNote {
  row: number
  col: number
  text: string
}

const NO_FORMAT: CellFormat = Object.freeze({})

/** The context a sheet's rules are shown with, given the sheet's own layout. */
export type RuleSheetsContext = (layout: AxisLookup) => FormulaContext

/**
 * Reads the cells of a sheet document as a reader sees them: cells on deleted rows or
 * columns (orphans) are skipped. Without `withFormats` only cells with input count (a CSV
 * has no formats); with it, formatted empty cells are included and extend the used range.
 * Linear in the number of cells: a 500,000-cell sheet is bucketed by row, never sorted whole.
 * `current` is the sheet's layout when the caller has one that is up to date (the
 * evaluator's): indexing a million rows again costs seconds. `others` gives the context that
 * shows list sources on other sheets (`Lists!$A$1:$A$9`); without it they read `#REF!`.
 */
export function readSheetContent(
  doc: Y.Doc,
  withFormats: boolean,
  current?: AxisLookup,
  others?: RuleSheetsContext,
): SheetContent {
  const own = current ? null : new SheetLayout(doc)
  const layout = (current ?? own) as AxisLookup
  try {
    const formats = formatsMap(doc)
    const formatted = formats.size > 0
    const byRow: SheetCell[][] = []
    let colCount = 0
    let hasFormulas = false
    const add = (rowId: string, colId: string, raw: string): void => {
      const row = layout.rowIndexOf(rowId)
      const col = layout.colIndexOf(colId)
      if (row < 0 || col < 0) return
      const format = formatted ? getFormat(doc, rowId, colId) : NO_FORMAT
      if (raw === '' && Object.keys(format).length === 0) return
      ;(byRow[row] ??= []).push({ row, col, rowId, colId, raw, format })
      if (col >= colCount) colCount = col + 1
      if (isFormula(raw)) hasFormulas = true
    }
    const cells = sheetTypes(doc).cells
    for (const [key, raw] of cellInputs(cells)) {
      const sep = key.indexOf(':')
      if (sep > 0 && raw !== '') add(key.slice(0, sep), key.slice(sep + 1), raw)
    }
    if (withFormats && formatted) {
      const seen = new Set<string>()
      for (const key of formats.keys()) {
        const parsed = parseFormatKey(key)
        if (!parsed) continue
        const cellKey = `${parsed.rowId}:${parsed.colId}`
        if (seen.has(cellKey) || cellInputAt(cells, cellKey) !== undefined) continue
        seen.add(cellKey)
        add(parsed.rowId, parsed.colId, '')
      }
    }
    const out: SheetCell[] = []
    for (const row of byRow) {
      if (!row) continue
      if (row.length > 1) row.sort((a, b) => a.col - b.col)
      for (const cell of row) out.push(cell)
    }
    const merges = readMerges(doc).blocks.map((b) => ({ start: b.start, end: b.end }))
    // Rule formulas and list sources in A1 form, as a file holds them.
    const rules = others ? others(layout) : sheetFormulaContext('', layout)
    return {
      cells: out,
      rowCount: byRow.length,
      colCount,
      hasFormulas,
      ...sizes(doc, layout),
      frozen: getFrozen(doc),
      hiddenRows: hiddenPositions(doc, 'rows', layout),
      hiddenCols: hiddenPositions(doc, 'cols', layout),
      merges,
      conditionalFormats: readConditionalFormats(doc).map((r) => ruleForDisplay(r, rules)),
      validations: readValidations(doc, layout).map((r) => ruleForDisplay(r, rules)),
      tables: readTables(doc, layout),
      notes: commentNotes(doc, layout),
    }
  } finally {
    own?.destroy()
  }
}

/**
 * The sheet's comment threads as notes, the way Excel shows a note: each comment on a line of
 * its own as `Name: text`, threads on one cell apart by a blank line, a resolved thread marked
 * so. Excel's threaded comments need a person list and ids Cellmate does not have; a note
 * every spreadsheet reads.
 */
export function commentNotes(doc: Y.Doc, layout: AxisLookup): CellNote[] {
  const byCell = new Map<string, CellNote>()
  for (const t of commentThreads(doc, { resolved: true, layout })) {
    const row = layout.rowIndexOf(t.rowId)
    const col = layout.colIndexOf(t.colId)
    if (row < 0 || col < 0) continue
    const lines = [t, ...t.replies].map((c) => `${c.name || 'Anonymous'}: ${c.text}`)
    if (t.resolved) lines.unshift(`[Resolved${t.resolvedBy ? ` by ${t.resolvedBy}` : ''}]`)
    const key = `${row}:${col}`
    const note = byCell.get(key)
    if (note) note.text += `\n\n${lines.join('\n')}`
    else byCell.set(key, { row, col, text: lines.join('\n') })
  }
  return [...byCell.values()].sort((a, b) => a.row - b.row || a.col - b.col)
}

function sizes(doc: Y.Doc, layout: AxisLookup): Pick<SheetContent, 'colWidths' | 'rowHeights'> {
  const view = sheetViewTypes(doc)
  const colWidths: SheetContent['colWidths'] = []
  for (const colId of view.colWidths.keys()) {
    const col = layout.colIndexOf(colId)
    const px = storedSize(view.colWidths, colId)
    if (col >= 0 && px !== undefined) colWidths.push({ col, px })
  }
  const rowHeights: SheetContent['rowHeights'] = []
  for (const rowId of view.rowHeights.keys()) {
    const row = layout.rowIndexOf(rowId)
    const px = storedSize(view.rowHeights, rowId)
    if (row >= 0 && px !== undefined) rowHeights.push({ row, px })
  }
  return { colWidths, rowHeights }
}

/**
 * Positions of the hidden rows (columns) through `layout`, in the number of hidden ones (a
 * deleted row's leftover flag has no position).
 */
function hiddenPositions(doc: Y.Doc, axis: 'rows' | 'cols', layout: AxisLookup): number[] {
  const out: number[] = []
  for (const [id, flag] of hiddenMap(doc, axis)) {
    const at = axis === 'rows' ? layout.rowIndexOf(id) : layout.colIndexOf(id)
    if (flag === true && at >= 0) out.push(at)
  }
  return out.sort((a, b) => a - b)
}

/** True when any cell of the sheet holds a formula (cheap: no layout is built). */
export function sheetHasFormulas(doc: Y.Doc): boolean {
  for (const [, raw] of cellInputs(sheetTypes(doc).cells)) if (isFormula(raw)) return true
  return false
}
