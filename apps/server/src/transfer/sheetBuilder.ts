import * as Y from 'yjs'
import {
  DEFAULT_SHEET_COLS,
  DEFAULT_SHEET_ROWS,
  FORMAT_ATTRS,
  SHEET_ROOTS,
  SheetLayout,
  addComment,
  formatKey,
  formatsMap,
  cellKey,
  initSheet,
  isValidFormatValue,
  mergesMap,
  addConditionalFormat,
  addTable,
  replaceValidations,
  findName,
  setCells,
  setFrozen,
  setHidden,
  type CellEdit,
  type SheetLimits,
} from '@cellmate/model'
import {
  isFormula,
  ruleForStorage,
  toStoredFormula,
  toStoredNameFormula,
  type FormulaContext,
  type FormulaTable,
} from '@cellmate/formula'
import type { ParsedSheet } from './parsedSheet.js'

/** An imported sheet with the id and name it gets in the workbook. */
export interface PlannedSheet {
  id: string
  name: string
  parsed: ParsedSheet
}

/**
 * A defined name an import creates: its id is chosen before the sheets are built, so their
 * formulas anchor to it; `stored` is its formula in stored form, set by `buildSheetDocs`.
 */
export interface PlannedName {
  id: string
  name: string
  /** The sheet id a local name belongs to; null for a workbook name. */
  scope: string | null
  /** Its formula as the file has it (A1, sheets by their names in the file). */
  text: string
  stored?: string
}

/** The author session of comments read from a file's notes. */
const IMPORT_AUTHOR = 'import'

/** Widths and heights beyond this many px are clamped (as the model's sheet view allows). */
const MAX_AXIS_PX = 2000

/**
 * Builds the documents of imported sheets in memory: rows and columns (at least a default
 * sheet's 1000 x 26, more when the data needs it), cells (formulas converted from A1 to the
 * stored, id-anchored form), formats, column/row sizes, frozen panes, hidden rows and
 * columns, merges, rules and tables. Formulas naming another sheet of
 * the same file by its name in the file are anchored to that sheet, even when it had to be
 * renamed to fit the workbook; names the file does not have stay as typed (read by position).
 * Defined names (`names`) are anchored in cell formulas, and their own formulas are converted
 * into `stored` against the built sheets.
 */
export function buildSheetDocs(
  sheets: readonly PlannedSheet[],
  limits: SheetLimits,
  names: PlannedName[] = [],
): Map<string, Y.Doc> {
  const docs = new Map<string, Y.Doc>()
  const layouts = new Map<string, SheetLayout>()
  for (const { id, parsed } of sheets) {
    const doc = new Y.Doc()
    // Loops, not Math.max(...spread): a million-cell sheet would overflow the call stack.
    let width = 0
    let height = parsed.inputs.length
    for (const row of parsed.inputs) width = Math.max(width, row.length)
    for (const f of parsed.formats) {
      width = Math.max(width, f.col + 1)
      height = Math.max(height, f.row + 1)
    }
    for (const m of parsed.merges ?? []) {
      width = Math.max(width, m.right + 1)
      height = Math.max(height, m.bottom + 1)
    }
    for (const n of parsed.notes ?? []) {
      width = Math.max(width, n.col + 1)
      height = Math.max(height, n.row + 1)
    }
    for (const t of parsed.tables ?? []) {
      width = Math.max(width, t.range.end.col + 1)
      height = Math.max(height, t.range.end.row + 1)
    }
    initSheet(doc, {
      rows: Math.max(height, Math.min(DEFAULT_SHEET_ROWS, limits.maxRows)),
      cols: Math.max(width, Math.min(DEFAULT_SHEET_COLS, limits.maxCols)),
    })
    docs.set(id, doc)
    layouts.set(id, new SheetLayout(doc))
  }
  const byFileName = new Map(sheets.map((s) => [s.parsed.name.toLowerCase(), s.id]))
  const sheetNames = new Map(sheets.map((s) => [s.id, s.name]))
  const defined = names.map((n) => ({ ...n, formula: '' }))
  // Tables first (the parser kept only those that fit, `tablesFromXlsx`), so formulas anchor
  // their structured references to them; a table renamed on import (`renameTakenTables`) is
  // found under the name the file's formulas use.
  const tables: FormulaTable[] = []
  for (const { id, parsed } of sheets) {
    const doc = docs.get(id) as Y.Doc
    for (const table of parsed.tables ?? []) {
      const added = addTable(doc, table)
      const layout = layouts.get(id) as SheetLayout
      const colIds: string[] = []
      for (let c = added.range.start.col; c <= added.range.end.col; c++) {
        colIds.push(layout.colId(c) as string)
      }
      tables.push({ ...added, name: table.fileName ?? added.name, sheetId: id, colIds })
    }
  }
  const context = (id: string): FormulaContext => ({
    sheetId: id,
    layout: (sheetId) => layouts.get(sheetId),
    sheetIdByName: (name) => byFileName.get(name.toLowerCase()),
    sheetName: (sheetId) => sheetNames.get(sheetId),
    nameId: (text, scope = id) => findName(defined, text, scope)?.id,
    nameText: (nameId) => defined.find((n) => n.id === nameId)?.name,
    tables: () => tables,
  })
  try {
    for (const { id, parsed } of sheets) {
      fillSheet(docs.get(id) as Y.Doc, layouts.get(id) as SheetLayout, parsed, context(id))
    }
    const first = sheets[0]?.id
    for (const n of names) {
      const host = n.scope ?? first
      if (host !== undefined) n.stored = toStoredNameFormula(n.text, context(host))
    }
  } finally {
    for (const layout of layouts.values()) layout.destroy()
  }
  return docs
}

function fillSheet(
  doc: Y.Doc,
  layout: SheetLayout,
  parsed: ParsedSheet,
  ctx: FormulaContext,
): void {
  const edits: CellEdit[] = []
  parsed.inputs.forEach((row, r) => {
    const rowId = layout.rowId(r) as string
    row.forEach((input, c) => {
      if (input === '') return
      const value = isFormula(input) ? toStoredFormula(input, ctx, { row: r, col: c }) : input
      edits.push({ rowId, colId: layout.colId(c) as string, value })
    })
  })
  doc.transact(() => {
    setCells(doc, edits)
    const formats = formatsMap(doc)
    for (const { row, col, format } of parsed.formats) {
      const rowId = layout.rowId(row) as string
      const colId = layout.colId(col) as string
      for (const attr of FORMAT_ATTRS) {
        const value = format[attr]
        if (value !== undefined && isValidFormatValue(attr, value)) {
          formats.set(formatKey(rowId, colId, attr), value)
        }
      }
    }
    const colWidths = doc.getMap<number>(SHEET_ROOTS.colWidths)
    for (const { col, px } of parsed.colWidths) {
      const colId = layout.colId(col)
      if (colId !== undefined) colWidths.set(colId, Math.min(Math.round(px), MAX_AXIS_PX))
    }
    const rowHeights = doc.getMap<number>(SHEET_ROOTS.rowHeights)
    for (const { row, px } of parsed.rowHeights) {
      const rowId = layout.rowId(row)
      if (rowId !== undefined) rowHeights.set(rowId, Math.min(Math.round(px), MAX_AXIS_PX))
    }
    // Rows and columns past the sheet (hidden to the sheet's end, as Excel hides the unused
    // rest) have no id: the sheet ends before them anyway.
    const ids = (at: readonly number[], id: (i: number) => string | undefined): string[] =>
      at.flatMap((i) => id(i) ?? [])
    setHidden(
      doc,
      'rows',
      ids(parsed.hiddenRows ?? [], (r) => layout.rowId(r)),
      true,
    )
    setHidden(
      doc,
      'cols',
      ids(parsed.hiddenCols ?? [], (c) => layout.colId(c)),
      true,
    )
    if (parsed.frozen) {
      setFrozen(doc, {
        rows: Math.min(parsed.frozen.rows, layout.rowCount),
        cols: Math.min(parsed.frozen.cols, layout.colCount),
      })
    }
    const merges = mergesMap(doc)
    for (const m of parsed.merges ?? []) {
      const top = layout.rowId(m.top)
      const left = layout.colId(m.left)
      const bottom = layout.rowId(m.bottom)
      const right = layout.colId(m.right)
      if (top && left && bottom && right) merges.set(cellKey(top, left), cellKey(bottom, right))
    }
    for (const { range, spec } of parsed.conditionalFormats ?? []) {
      // A rule on whole columns (A:A) reaches past the sheet: it applies to the rows there are.
      const clipped = {
        start: range.start,
        end: {
          row: Math.min(range.end.row, layout.rowCount - 1),
          col: Math.min(range.end.col, layout.colCount - 1),
        },
      }
      if (clipped.start.row > clipped.end.row || clipped.start.col > clipped.end.col) continue
      addConditionalFormat(doc, clipped, ruleForStorage(spec, ctx, clipped.start))
    }
    addValidations(doc, layout, parsed.validations ?? [], ctx)
    // Notes become comment threads nobody's session wrote: only the owner may delete them.
    for (const note of parsed.notes ?? []) {
      const rowId = layout.rowId(note.row)
      const colId = layout.colId(note.col)
      if (!rowId || !colId) continue
      addComment(
        doc,
        { rowId, colId },
        { text: note.text, author: { id: IMPORT_AUTHOR, name: note.author || 'Imported note' } },
      )
    }
  })
}

/**
 * The file's data validation rules, cut to the sheet's rows and columns (a rule on whole
 * columns applies to the rows there are). Where rules overlap the file's first applies, as
 * the newest rule does in Cellmate: ids sort in the reverse of file order.
 */
function addValidations(
  doc: Y.Doc,
  layout: SheetLayout,
  rules: NonNullable<ParsedSheet['validations']>,
  ctx: FormulaContext,
): void {
  const base = `${Date.now().toString(36).padStart(9, '0')}x`
  const placed = rules.flatMap(({ range, criteria }, i) => {
    const end = {
      row: Math.min(range.end.row, layout.rowCount - 1),
      col: Math.min(range.end.col, layout.colCount - 1),
    }
    if (range.start.row > end.row || range.start.col > end.col) return []
    const id = base + String(rules.length - i).padStart(6, '0')
    const stored = ruleForStorage(criteria, ctx, range.start)
    return [{ ...stored, id, range: { start: range.start, end } }]
  })
  if (placed.length > 0) replaceValidations(doc, placed)
}

/**
 * Names for imported sheets that fit the workbook: Excel's forbidden characters replaced,
 * and `Name (2)`, `Name (3)`… when the name is taken (ignoring case).
 */
export function uniqueSheetNames(wanted: readonly string[], taken: Iterable<string>): string[] {
  const used = new Set([...taken].map((n) => n.toLowerCase()))
  return wanted.map((raw) => {
    const base =
      raw
        .replace(/[[\]*?/\\:]/g, ' ')
        .trim()
        .slice(0, 90) || 'Sheet'
    let name = base
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`
    used.add(name.toLowerCase())
    return name
  })
}
