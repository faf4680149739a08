import { isFormula, tokenize, type Token } from './formulaTokens.js'
import {
  formatA1Reference,
  formatAnchoredReference,
  mapArea,
  quoteSheetName,
  type AnchoredReference,
  type Area,
} from './references.js'
import {
  columnIndex,
  escapeColumn,
  tableHolding,
  tableNamed,
  type FormulaTable,
} from './structuredRefs.js'

/**
 * Formula text as users see it (`=SUM(A1:A10)`) <-> the stored form, where every reference is
 * anchored to row/column/sheet ids (`=SUM({r:ROW1,c:COLA}:{r:ROW10,c:COLA})`). Stored formulas
 * never need rewriting when someone inserts, deletes or moves rows, or renames a sheet: the
 * A1 text is derived from the current layout each time it is shown.
 */

/** Index <-> id for one sheet's current layout. `SheetLayout` from the model satisfies it. */
export interface AxisLookup {
  rowId(index: number): string | undefined
  colId(index: number): string | undefined
  /** -1 when the row is not (or no longer) in the sheet. */
  rowIndexOf(id: string): number
  colIndexOf(id: string): number
}

/** What the conversions need to know about the workbook, seen from one formula's sheet. */
export interface FormulaContext {
  /** The sheet the formula lives on: references without a sheet prefix point here. */
  sheetId: string
  /** The layout of a sheet, or undefined when it is not loaded (or does not exist). */
  layout(sheetId: string): AxisLookup | undefined
  /** A sheet's id by its name, ignoring case as Excel does; undefined when there is none. */
  sheetIdByName(name: string): string | undefined
  /** A sheet's current name; undefined when the sheet is deleted or unknown. */
  sheetName(sheetId: string): string | undefined
  /**
   * The id of the defined name `text` means on sheet `sheetId` (this formula's sheet when
   * omitted): that sheet's own names first, then the workbook's; undefined when there is
   * none. Without it, names stay as typed.
   */
  nameId?(text: string, sheetId?: string): string | undefined
  /** A defined name's current text; undefined when it was deleted (or is unknown). */
  nameText?(id: string): string | undefined
  /** The workbook's tables at their current positions. Without it, tables stay as typed. */
  tables?(): readonly FormulaTable[]
}

/** Where a formula is typed (zero-based), which a bare `[@Amount]` needs to find its table. */
export interface FormulaCell {
  row: number
  col: number
}

/** A resolved reference: the sheet it points at and the area in current positions. */
export interface ResolvedReference {
  sheetId: string
  area: Area<number>
}

/**
 * Where an anchored reference points now, or null when any of its rows, columns or its sheet
 * is gone (the reference shows and evaluates as `#REF!`).
 */
export function resolveReference(
  ref: AnchoredReference,
  hostSheetId: string,
  layout: (sheetId: string) => AxisLookup | undefined,
): ResolvedReference | null {
  const sheetId = ref.sheetId ?? hostSheetId
  const axes = layout(sheetId)
  if (!axes) return null
  const area = mapArea(ref.area, (coord, axis) => {
    const index = axis === 'rows' ? axes.rowIndexOf(coord.at) : axes.colIndexOf(coord.at)
    return index < 0 ? undefined : index
  })
  return area ? { sheetId, area } : null
}

function anchorToken(
  token: Extract<Token, { type: 'ref' }>,
  ctx: FormulaContext,
  explicitSheet: boolean,
): string {
  const { sheet, area } = token.ref
  const sheetId = sheet === null ? (explicitSheet ? ctx.sheetId : null) : ctx.sheetIdByName(sheet)
  // An unknown sheet name or a cell past the sheet's end cannot be anchored: it stays as
  // typed and is read by position (see README, "Stored encoding").
  if (sheetId === undefined) return token.text
  const axes = ctx.layout(sheetId ?? ctx.sheetId)
  if (!axes) return token.text
  const anchored = mapArea(area, (coord, axis) =>
    axis === 'rows' ? axes.rowId(coord.at) : axes.colId(coord.at),
  )
  return anchored ? formatAnchoredReference({ sheetId, area: anchored }) : token.text
}

/**
 * Converts what a user typed into the stored form. Non-formulas are returned untouched.
 * Function names and `TRUE`/`FALSE` are upper-cased as Excel does on entry; string literals
 * and everything the tokenizer does not recognise are kept byte for byte.
 */
export function toStoredFormula(input: string, ctx: FormulaContext, cell?: FormulaCell): string {
  if (!isFormula(input)) return input
  return `=${anchorTokens(input.slice(1), ctx, false, cell)}`
}

/**
 * The stored form of a defined name's formula (`Sheet1!$B$2:$B$9`, `=0.2`, `=SUM(Sales)`; the
 * `=` is optional, as in Excel's Name Manager), read as if on `ctx.sheetId`. Every reference
 * names its sheet explicitly (a name has no sheet of its own to fall back on), as Excel stores
 * names.
 */
export function toStoredNameFormula(input: string, ctx: FormulaContext): string {
  const body = input.trim().replace(/^=/, '')
  return `=${anchorTokens(body, ctx, true)}`
}

/** Next to a `!` or `[` a word is part of a sheet or table reference, not a defined name. */
function isBareName(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1]?.text[0]
  const prev = tokens[i - 1]?.text.at(-1)
  return next !== '!' && next !== '[' && prev !== '!'
}

/**
 * A structured reference anchored to its table's id and its columns' ids; as typed when the
 * table is unknown (a bare one outside any table, or typed before its table exists).
 */
function anchorStructured(
  token: Extract<Token, { type: 'structured' }>,
  ctx: FormulaContext,
  cell: FormulaCell | undefined,
): string {
  if (token.tableId !== null) return token.text
  const tables = ctx.tables?.() ?? []
  const table =
    token.table !== null
      ? tableNamed(tables, token.table)
      : cell && tableHolding(tables, ctx.sheetId, cell.row, cell.col)
  if (!table) return token.text
  const inner = token.parts?.map((part) => {
    if (part.column === undefined) return part.text
    const index = columnIndex(table, part.column)
    return index < 0 ? part.text : `{c:${table.colIds[index] as string}}`
  })
  return `{${token.bare ? 'b' : 't'}:${table.id}}${inner ? `[${inner.join('')}]` : ''}`
}

function anchorTokens(
  body: string,
  ctx: FormulaContext,
  explicitSheet: boolean,
  cell?: FormulaCell,
): string {
  const tokens = tokenize(body, 'a1')
  const out = tokens.map((token, i) => {
    switch (token.type) {
      case 'ref':
        return anchorToken(token, ctx, explicitSheet)
      case 'structured':
        return anchorStructured(token, ctx, cell)
      case 'name': {
        const bare = isBareName(tokens, i)
        const id = bare ? ctx.nameId?.(token.text) : undefined
        const text = id === undefined ? undefined : ctx.nameText?.(id)
        if (id !== undefined && text !== undefined) return `{n:${id}:${text}}`
        // A table's name alone is its data rows (tables and names share one namespace).
        const table = bare && ctx.tables ? tableNamed(ctx.tables(), token.text) : undefined
        return table ? `{t:${table.id}}` : token.text
      }
      case 'sheetName': {
        // `Sheet2!Rate`: the name as seen from Sheet2 (its own first), anchored with the sheet.
        const sheetId = ctx.sheetIdByName(token.sheet)
        const id = sheetId === undefined ? undefined : ctx.nameId?.(token.name, sheetId)
        const text = id === undefined ? undefined : ctx.nameText?.(id)
        return id === undefined || text === undefined
          ? token.text
          : `{s:${sheetId}}!{n:${id}:${text}}`
      }
      case 'func':
      case 'bool':
        return token.text.toUpperCase()
      default:
        return token.text
    }
  })
  return out.join('')
}

function displayToken(ref: AnchoredReference, ctx: FormulaContext): string {
  if (ref.sheetId !== null && ctx.sheetName(ref.sheetId) === undefined) return '#REF!'
  const resolved = resolveReference(ref, ctx.sheetId, (id) => ctx.layout(id))
  if (!resolved) return '#REF!'
  const sheet = ref.sheetId === null ? null : (ctx.sheetName(ref.sheetId) as string)
  return formatA1Reference({ sheet, area: resolved.area })
}

/** A name as shown: its current text (else as written), after its sheet's current name. */
function displayName(token: Extract<Token, { type: 'nameRef' }>, ctx: FormulaContext): string {
  const name = ctx.nameText?.(token.id) ?? token.name
  if (token.sheetId === null) return name
  const sheet = ctx.sheetName(token.sheetId)
  return sheet === undefined ? '#REF!' : `${quoteSheetName(sheet)}!${name}`
}

/** How to show a formula: `file` writes structured references as an XLSX file needs them. */
export interface DisplayOptions {
  /** Qualified by the table's name, `[#This Row],` for `@` (Excel's saved form). */
  file?: boolean
}

/**
 * A structured reference under its table's and columns' current names; `#REF!` when the
 * table or a column was deleted. Not anchored: as typed.
 */
function displayStructured(
  token: Extract<Token, { type: 'structured' }>,
  ctx: FormulaContext,
  options: DisplayOptions,
): string {
  if (token.tableId === null) return token.text
  const table = ctx.tables?.().find((t) => t.id === token.tableId)
  if (!table) return '#REF!'
  if (!token.parts) return table.name
  const rendered: string[] = []
  for (const part of token.parts) {
    if (part.column === undefined || !/^\{c:/.test(part.column)) {
      rendered.push(part.text)
      continue
    }
    const index = columnIndex(table, part.column)
    if (index < 0) return '#REF!'
    rendered.push(escapeColumn(table.columns[index] as string))
  }
  if (!options.file) return `${token.bare ? '' : table.name}[${rendered.join('')}]`
  const inner = rendered.join('').trim()
  if (!inner.startsWith('@')) return `${table.name}[${inner}]`
  const rest = inner.slice(1).trim()
  const spec =
    rest === ''
      ? '[#This Row]'
      : rest.startsWith('[')
        ? `[[#This Row],${rest}]`
        : `[[#This Row],[${rest}]]`
  return `${table.name}${spec}`
}

/**
 * The A1 text of a stored formula for the current layout and sheet names, as shown in the
 * formula bar. A reference whose row, column or sheet was deleted reads `#REF!`.
 */
export function toDisplayFormula(
  stored: string,
  ctx: FormulaContext,
  options: DisplayOptions = {},
): string {
  if (!isFormula(stored)) return stored
  const out = tokenize(stored.slice(1), 'stored').map((token) =>
    token.type === 'anchored'
      ? displayToken(token.ref, ctx)
      : token.type === 'nameRef'
        ? displayName(token, ctx)
        : token.type === 'structured'
          ? displayStructured(token, ctx, options)
          : token.text,
  )
  return `=${out.join('')}`
}

/** Ids of the defined names a stored formula refers to. */
export function referencedNameIds(stored: string): string[] {
  if (!isFormula(stored)) return []
  const ids = new Set<string>()
  for (const token of tokenize(stored.slice(1), 'stored')) {
    if (token.type === 'nameRef') ids.add(token.id)
  }
  return [...ids]
}

/** Ids of the other sheets a stored formula refers to, so a client can load them first. */
export function referencedSheetIds(stored: string): string[] {
  if (!isFormula(stored)) return []
  const ids = new Set<string>()
  for (const token of tokenize(stored.slice(1), 'stored')) {
    if (token.type === 'anchored' && token.ref.sheetId !== null) ids.add(token.ref.sheetId)
  }
  return [...ids]
}
