import type * as Y from 'yjs'
import {
  SheetLayout,
  cellInputs,
  deleteTable,
  listNames,
  setCells,
  sheetTypes,
  type CellEdit,
} from '@cellmate/model'
import type { AxisLookup, FormulaCell, FormulaContext } from './anchoredFormula.js'
import { workbookFormulaContext } from './formulaContext.js'
import { isFormula, tokenize, type Token } from './formulaTokens.js'
import { setNameFormulas, type NameFormulaEdit } from './rangeSnapping.js'
import { formatAnchoredReference, mapArea } from './references.js'
import { splitCellKey } from './sheetMirror.js'
import { resolveStructured, specOf, tableHolding, type StructuredSpec } from './structuredRefs.js'

/**
 * Excel's "Convert to Range": every structured reference to the table becomes the plain range
 * it names at that moment (`Sales[Amount]` -> `$B$2:$B$5`, `[@Amount]` -> `$B2`, from another
 * sheet `Data!$B$2:$B$5`), in cells on every sheet and in defined names, so nothing reads
 * `#REF!` once the table is gone. Columns and all rows but `#This Row`'s are absolute, as
 * Excel writes them. Data validation and conditional formats hold A1 text, and Excel refuses
 * structured references there, so they have nothing to convert.
 */

/**
 * The stored formula with every reference to table `tableId` written as an anchored range (or
 * the error it gives: `#REF!`, `#VALUE!`); unchanged when it has none. References are found
 * by the table's id and, typed before the table existed (not anchored), by its name or, bare
 * (`[@Qty]`), by the formula's cell being in it. `ctx` is the formula's own sheet, `cell`
 * where it is (null: a defined name); `explicitSheet` names the sheet even on the table's own
 * sheet (a defined name's formula).
 */
export function inlineTableReferences(
  stored: string,
  ctx: FormulaContext,
  tableId: string,
  cell: FormulaCell | null,
  explicitSheet = false,
): string {
  if (!isFormula(stored)) return stored
  const table = ctx.tables?.().find((t) => t.id === tableId)
  const axes = table && ctx.layout(table.sheetId)
  if (!table || !axes) return stored
  const named = (text: string | null) => text?.toLowerCase() === table.name.toLowerCase()
  const holds =
    cell !== null &&
    table.sheetId === ctx.sheetId &&
    tableHolding([table], ctx.sheetId, cell.row, cell.col) !== undefined
  const rangeText = (spec: StructuredSpec | null): string => {
    if (!spec) return '#REF!'
    const target = resolveStructured(spec, table, cell?.row ?? null)
    if ('error' in target) return target.error
    const area = mapArea(target.area, (coord, axis) =>
      axis === 'rows' ? axes.rowId(coord.at) : axes.colId(coord.at),
    )
    if (!area) return '#REF!'
    const sheetId = explicitSheet || table.sheetId !== ctx.sheetId ? table.sheetId : null
    return formatAnchoredReference({ sheetId, area })
  }
  const tokens = tokenize(stored.slice(1), 'stored')
  let changed = false
  const out = tokens.map((token, i) => {
    if (token.type === 'structured') {
      const ours =
        token.tableId === tableId ||
        (token.tableId === null && (token.table === null ? holds : named(token.table)))
      if (!ours) return token.text
      changed = true
      return rangeText(token.parts ? specOf(token.parts) : DATA_ROWS)
    }
    // The table's name alone, not anchored: its data rows.
    if (token.type === 'name' && named(token.text) && isBareWord(tokens, i)) {
      changed = true
      return rangeText(DATA_ROWS)
    }
    return token.text
  })
  return changed ? `=${out.join('')}` : stored
}

const DATA_ROWS: StructuredSpec = { items: [], first: null, last: null }

/** Not next to a `!` or `[` (a sheet's name or part of another reference). */
function isBareWord(tokens: readonly Token[], i: number): boolean {
  return (
    tokens[i + 1]?.text[0] !== '!' &&
    tokens[i + 1]?.text[0] !== '[' &&
    tokens[i - 1]?.text.at(-1) !== '!'
  )
}

/** The writes that convert a table to a range: cell formulas per sheet, defined names. */
export interface TableConversion {
  cells: Map<string, CellEdit[]>
  names: NameFormulaEdit[]
}

/**
 * What converting table `tableId` to a range rewrites, read while the table still exists:
 * formulas in the sheet documents `sheets` (by sheet id) and the workbook's defined names.
 * `layout` gives a sheet's current layout when the caller has one (else it is read here).
 */
export function planTableConversion(
  workbook: Y.Doc,
  sheets: ReadonlyMap<string, Y.Doc>,
  tableId: string,
  layout: (sheetId: string) => AxisLookup | undefined = () => undefined,
): TableConversion {
  const read = new Map<string, SheetLayout>()
  const layoutOf = (id: string): AxisLookup | undefined => {
    const known = layout(id)
    if (known) return known
    let made = read.get(id)
    const doc = sheets.get(id)
    if (!made && doc) read.set(id, (made = new SheetLayout(doc)))
    return made
  }
  const contextOf = (id: string) =>
    workbookFormulaContext(workbook, id, layoutOf, (s) => sheets.get(s))
  const plan: TableConversion = { cells: new Map(), names: [] }
  const anchor = `:${tableId}}`
  try {
    const table = contextOf(anySheet(sheets))
      .tables?.()
      .find((t) => t.id === tableId)
    if (!table) return plan
    const name = table.name.toLowerCase()
    // Cheap: formulas that cannot name the table are not tokenized.
    const mayName = (raw: string) =>
      isFormula(raw) &&
      (raw.includes(anchor) || raw.includes('[') || raw.toLowerCase().includes(name))
    for (const [sheetId, doc] of sheets) {
      const edits: CellEdit[] = []
      let ctx: FormulaContext | null = null
      for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
        if (!mayName(raw)) continue
        ctx ??= contextOf(sheetId)
        const { rowId, colId } = splitCellKey(key)
        const row = ctx.layout(sheetId)?.rowIndexOf(rowId) ?? -1
        const col = ctx.layout(sheetId)?.colIndexOf(colId) ?? -1
        const cell = row < 0 || col < 0 ? null : { row, col }
        const value = inlineTableReferences(raw, ctx, tableId, cell)
        if (value !== raw) edits.push({ rowId, colId, value })
      }
      if (edits.length > 0) plan.cells.set(sheetId, edits)
    }
    for (const n of listNames(workbook)) {
      if (!mayName(n.formula)) continue
      // A name is read as on its own sheet, or (workbook-wide) on the table's sheet.
      const ctx = contextOf(n.scope ?? table.sheetId)
      const formula = inlineTableReferences(n.formula, ctx, tableId, null, true)
      if (formula !== n.formula) plan.names.push({ id: n.id, formula })
    }
  } finally {
    for (const made of read.values()) made.destroy()
  }
  return plan
}

/** Any sheet id: a workbook-wide name's references all name their sheet. */
function anySheet(sheets: ReadonlyMap<string, Y.Doc>): string {
  return sheets.keys().next().value ?? ''
}

/**
 * Excel's "Convert to Range" over the documents loaded (`sheets`, by sheet id, including
 * `sheetId`, the table's): every structured reference to the table is written as its range
 * (see `planTableConversion`), then the table is removed; the table's sheet in one
 * transaction with `origin`, each other document in one of its own (`together` may bundle
 * them into one undo step). Returns false when the table was not there.
 */
export function convertTableToRange(
  workbook: Y.Doc,
  sheets: ReadonlyMap<string, Y.Doc>,
  sheetId: string,
  tableId: string,
  origin?: unknown,
  layout?: (sheetId: string) => AxisLookup | undefined,
): boolean {
  const target = sheets.get(sheetId)
  if (!target) throw new RangeError(`sheet ${sheetId} is not open`)
  const plan = planTableConversion(workbook, sheets, tableId, layout)
  let removed = false
  target.transact(() => {
    setCells(target, plan.cells.get(sheetId) ?? [], origin)
    removed = deleteTable(target, tableId, origin)
  }, origin)
  for (const [id, edits] of plan.cells) {
    const doc = sheets.get(id)
    if (id !== sheetId && doc) setCells(doc, edits, origin)
  }
  setNameFormulas(workbook, plan.names, origin)
  return removed
}
