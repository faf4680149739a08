import type { DetailedCellError } from 'hyperformula'
import { colToLetters } from '@cellmate/model'
import { resolveReference, type AxisLookup } from './anchoredFormula.js'
import { parseErrorMessage } from './formulaSyntax.js'
import { cellError, ERROR_CODES, isCellError, type CellValue, type ErrorCode } from './cellValue.js'
import { isFormula, tokenize, type Token } from './formulaTokens.js'
import { convertByShape, type EngineContent, type OwnPoint } from './engineFormulaShape.js'
import { isRegisteredFunction } from './excelFunctionPlugin.js'
import { ENGINE_SYNONYMS } from './excelFunctions.js'
import {
  axisAnchor,
  definedNameAnchor,
  INDIRECT_ANCHOR,
  NAME_ANCHOR,
  positionalAnchor,
  sheetAnchor,
  TABLE_ANCHOR,
} from './formulaIndex.js'
import { inferValue } from './inputValue.js'
import { rewriteAtOperators } from './implicitIntersection.js'
import { rewriteLambdaCalls } from './lambdaCalls.js'
import { formatArea, normaliseArea, type Area, type Span } from './references.js'
import {
  resolveStructured,
  specOf,
  tableHolding,
  tableNamed,
  type FormulaTable,
} from './structuredRefs.js'

/**
 * Stored cell input -> what HyperFormula is given, and HyperFormula's values -> `CellValue`.
 * HyperFormula names each sheet by its id, so a rename never touches the engine.
 */

/** The engine's view of the workbook while converting one formula. */
export interface EngineSheets {
  /** The HyperFormula sheet name of a sheet, undefined while it is not in the engine. */
  engineName(sheetId: string): string | undefined
  /** Current layout of a sheet in the engine. */
  layout(sheetId: string): AxisLookup | undefined
  /** Sheet id by (case-insensitive) name, for references that could not be anchored. */
  sheetIdByName(name: string): string | undefined
  /** True while the sheet is in the workbook's list (loaded or not). */
  isListed(sheetId: string): boolean
  /**
   * The engine's name for the defined name with `id` (a `{n:…}` token), or else the one `text`
   * means on sheet `host`; undefined when there is none (the formula reads `#NAME?`).
   */
  definedName?(text: string, id: string | null, host: string): string | undefined
  /**
   * The stored formula (`=LAMBDA(x,x+1)`) and scope of the defined name `text` means on sheet
   * `host` when that name holds a LAMBDA: a custom function, inlined where it is used.
   */
  lambdaName?(text: string, host: string): { formula: string; scope: string | null } | undefined
  /** The tables of the sheets in the engine, at their current positions. */
  tables?(): readonly FormulaTable[]
  /**
   * Asks for every listed sheet not in the engine (`onMissingSheet`): a table that is not
   * found may be on one of them.
   */
  requestAllSheets?(): void
}

/**
 * How to convert: a defined name's formula takes absolute references only; `cell` is where
 * the formula is (a bare or `#This Row` structured reference needs it).
 */
export interface EngineFormulaOptions {
  absolute?: boolean
  cell?: { row: number; col: number }
}

const quote = (name: string): string => `'${name.replace(/'/g, "''")}'`

/** HyperFormula reads no exponents (`1E3`): spell such literals out in full. */
function plainNumber(text: string): string {
  if (!/[eE]/.test(text)) return text
  const n = Number(text)
  if (!Number.isFinite(n)) return text
  return n.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 17 })
}

/**
 * Excel escapes a quote inside a string as `""`; HyperFormula reads neither that nor a
 * backslash as Excel does (it treats `\"` as an escape). Such literals are spelled as a
 * concatenation with CHAR(34) / CHAR(92), which means the same in both.
 */
function plainString(text: string): string {
  if (text.length < 2 || !text.endsWith('"') || !/""|\\/.test(text.slice(1, -1))) return text
  const parts = text
    .slice(1, -1)
    .split('""')
    .map((part) =>
      part
        .split('\\')
        .map((p) => `"${p}"`)
        .join('&CHAR(92)&'),
    )
  return `(${parts.join('&CHAR(34)&')})`
}

function absoluteArea(area: Area<number>): Area<number> {
  const out: Area<number> = { isRange: area.isRange }
  for (const axis of ['rows', 'cols'] as const) {
    const span = area[axis]
    if (span) {
      out[axis] = { start: { at: span.start.at, abs: true }, end: { at: span.end.at, abs: true } }
    }
  }
  return out
}

function areaText(
  sheetId: string,
  host: string,
  area: Area<number>,
  sheets: EngineSheets,
  options: EngineFormulaOptions,
): string {
  const body = formatArea(normaliseArea(options.absolute ? absoluteArea(area) : area))
  // A defined name's expression always names its sheet: HyperFormula's names have no host.
  const own = sheetId === host && !options.absolute
  return own ? body : `${quote(sheets.engineName(sheetId) as string)}!${body}`
}

/** The anchors of a span's ends (one for a single row or column: built once per formula cell). */
function addSpanAnchors(
  anchors: Set<string>,
  sheetId: string,
  axis: 'rows' | 'cols',
  span: Span<string>,
): void {
  anchors.add(axisAnchor(sheetId, axis, span.start.at))
  if (span.end.at !== span.start.at) anchors.add(axisAnchor(sheetId, axis, span.end.at))
}

/**
 * What `convertToken` makes of an anchored reference to one cell of the formula's own sheet
 * (not absolute: a defined name's expression is not converted by shape), without building the
 * token's area and its resolved copy. The shape tests check that both agree.
 */
function convertOwnPoint(
  point: OwnPoint,
  host: string,
  sheets: EngineSheets,
  anchors: Set<string>,
): string {
  anchors.add(axisAnchor(host, 'rows', point.row))
  anchors.add(axisAnchor(host, 'cols', point.col))
  if (sheets.engineName(host) === undefined) return '#REF!'
  const axes = sheets.layout(host)
  const row = axes ? axes.rowIndexOf(point.row) : -1
  const col = axes ? axes.colIndexOf(point.col) : -1
  if (row < 0 || col < 0) return '#REF!'
  return `${point.colAbs ? '$' : ''}${colToLetters(col)}${point.rowAbs ? '$' : ''}${row + 1}`
}

function convertToken(
  token: Token,
  host: string,
  sheets: EngineSheets,
  anchors: Set<string>,
  options: EngineFormulaOptions,
): string {
  switch (token.type) {
    case 'anchored': {
      const target = token.ref.sheetId ?? host
      if (target !== host) anchors.add(sheetAnchor(target))
      const { rows, cols } = token.ref.area
      if (rows) addSpanAnchors(anchors, target, 'rows', rows)
      if (cols) addSpanAnchors(anchors, target, 'cols', cols)
      if (sheets.engineName(target) === undefined) return '#REF!'
      const resolved = resolveReference(token.ref, host, (id) => sheets.layout(id))
      return resolved ? areaText(resolved.sheetId, host, resolved.area, sheets, options) : '#REF!'
    }
    case 'ref': {
      // Not anchored: read by position, and by sheet name when it has one.
      if (token.ref.sheet === null) {
        anchors.add(positionalAnchor(host))
        return options.absolute ? '#REF!' : token.text
      }
      anchors.add(NAME_ANCHOR)
      const target = sheets.sheetIdByName(token.ref.sheet)
      if (target === undefined || sheets.engineName(target) === undefined) return '#REF!'
      anchors.add(positionalAnchor(target))
      return areaText(target, host, token.ref.area, sheets, options)
    }
    case 'nameRef': {
      // Re-converted when a name with either text comes or goes (deleted: read by its text).
      // Qualified by a sheet (`Sheet2!Rate`), it is read as on that sheet, #REF! without it.
      const scope = token.sheetId ?? host
      if (token.sheetId !== null) {
        anchors.add(NAME_ANCHOR)
        if (!sheets.isListed(token.sheetId)) return '#REF!'
      }
      const current = sheets.definedName?.(token.name, token.id, scope)
      anchors.add(definedNameAnchor(token.name))
      return current ?? convertName(token.name, scope, sheets, anchors)
    }
    case 'structured':
      return convertStructured(token, host, sheets, anchors, options)
    case 'sheetName': {
      // Typed before its name existed: found by the sheet's and the name's current texts.
      anchors.add(NAME_ANCHOR)
      const scope = sheets.sheetIdByName(token.sheet)
      return scope === undefined ? '#REF!' : convertName(token.name, scope, sheets, anchors)
    }
    case 'number':
      return plainNumber(token.text)
    case 'string':
      return plainString(token.text)
    case 'error':
      // `Sheet1!#REF!` is just `#REF!` to the engine.
      return token.text.slice(token.text.lastIndexOf('#'))
    case 'func': {
      // Files saved by Excel prefix newer functions (`_xlfn.XLOOKUP`, `_xlfn._xlws.SORT`).
      const name = token.text.replace(/^(?:_xl(?:fn|ws)\.)+/i, '')
      if (name.toUpperCase() === 'INDIRECT') {
        // Reads sheets by name at run time: re-evaluated after renames, settled after edits.
        anchors.add(NAME_ANCHOR)
        anchors.add(INDIRECT_ANCHOR)
      }
      return ENGINE_SYNONYMS[name.toUpperCase()] ?? name
    }
    default:
      return token.text
  }
}

/**
 * Array constants whose rows differ in length (`{1,2;3}`) become `#VALUE!`: Excel refuses
 * them, and HyperFormula accepts them but then fails to evaluate any range over that cell.
 */
function dropRaggedArrays(tokens: Token[], out: string[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.text !== '{' || tokens[i]?.type !== 'brace') continue
    const widths = [1]
    let end = i + 1
    for (; end < tokens.length && tokens[end]?.text !== '}'; end++) {
      const t = tokens[end] as Token
      if (t.type === 'sep' && t.text === ';') widths.push(1)
      else if (t.type === 'sep') widths[widths.length - 1] = (widths.at(-1) as number) + 1
    }
    if (end < tokens.length && widths.some((w) => w !== widths[0])) {
      out.splice(i, end - i + 1, '#VALUE!', ...new Array<string>(end - i).fill(''))
    }
    i = end
  }
}

/**
 * A structured reference as the range its table has now (re-converted whenever a table
 * changes: `TABLE_ANCHOR`): an unknown table name is `#NAME?`, a deleted table or column
 * `#REF!`, as in Excel.
 */
function convertStructured(
  token: Extract<Token, { type: 'structured' }>,
  host: string,
  sheets: EngineSheets,
  anchors: Set<string>,
  options: EngineFormulaOptions,
): string {
  anchors.add(TABLE_ANCHOR)
  const tables = sheets.tables?.() ?? []
  const { cell } = options
  const table =
    token.tableId !== null
      ? tables.find((t) => t.id === token.tableId)
      : token.table !== null
        ? tableNamed(tables, token.table)
        : cell && tableHolding(tables, host, cell.row, cell.col)
  if (!table) {
    if (token.tableId !== null || token.table !== null) sheets.requestAllSheets?.()
    return token.tableId === null && token.table !== null ? '#NAME?' : '#REF!'
  }
  return tableRangeText(table, token.parts ? specOf(token.parts) : null, host, sheets, options)
}

function tableRangeText(
  table: FormulaTable,
  spec: ReturnType<typeof specOf> | null,
  host: string,
  sheets: EngineSheets,
  options: EngineFormulaOptions,
): string {
  if (table.sheetId !== host && sheets.engineName(table.sheetId) === undefined) return '#REF!'
  // `#This Row` from outside the table reads the formula's own row number, as Excel's
  // implicit intersection does.
  const wanted = spec ?? { items: [], first: null, last: null }
  const target = resolveStructured(wanted, table, options.cell?.row ?? null)
  if ('error' in target) return target.error
  return areaText(table.sheetId, host, target.area, sheets, options)
}

/** A defined name written as text: the engine's name for it, or the text (`#NAME?`). */
function convertName(text: string, host: string, sheets: EngineSheets, anchors: Set<string>) {
  anchors.add(definedNameAnchor(text))
  const name = sheets.definedName?.(text, null, host)
  if (name !== undefined) return name
  // A table's name alone is its data rows (typed before the table existed, or not anchored).
  anchors.add(TABLE_ANCHOR)
  const table = sheets.tables ? tableNamed(sheets.tables(), text) : undefined
  return table ? tableRangeText(table, null, host, sheets, {}) : text
}

/** True for a function the engine computes (built in or one of Cellmate's plugins). */
function isEngineFunction(name: string): boolean {
  const plain = name.replace(/^(?:_xl(?:fn|ws)\.)+/i, '').toUpperCase()
  return isRegisteredFunction(ENGINE_SYNONYMS[plain] ?? plain)
}

/** How deep named LAMBDAs may call other named LAMBDAs; deeper (or recursion) is #VALUE!. */
const MAX_LAMBDA_DEPTH = 8

/** `tokens` converted one by one; names that hold a LAMBDA are inlined (tokens and out stay aligned). */
function convertTokens(
  tokens: Token[],
  host: string,
  sheets: EngineSheets,
  anchors: Set<string>,
  options: EngineFormulaOptions,
  expanding: readonly string[],
): { out: string[]; lambdas: boolean } {
  let lambdas = false
  const out = tokens.map((token, i) => {
    if (token.type !== 'name' || !sheets.definedName) {
      return convertToken(token, host, sheets, anchors, options)
    }
    // Next to `!` or `[` a word is part of a sheet or table reference.
    const next = tokens[i + 1]?.text[0]
    const prev = tokens[i - 1]?.text.at(-1)
    if (next === '!' || next === '[' || prev === '!') return token.text
    return convertName(token.text, host, sheets, anchors)
  })
  if (!sheets.lambdaName) return { out, lambdas }
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] as Token
    const text =
      token.type === 'func'
        ? isEngineFunction(token.text)
          ? undefined
          : token.text
        : token.type === 'name'
          ? token.text
          : token.type === 'nameRef' && token.sheetId === null
            ? token.name
            : undefined
    if (text === undefined) continue
    // Re-converted when a name with this text comes, goes or changes its definition.
    anchors.add(definedNameAnchor(text))
    const named = sheets.lambdaName(text, host)
    if (!named) continue
    const key = text.toLowerCase()
    let inner: Token[]
    let innerOut: string[]
    if (expanding.includes(key) || expanding.length >= MAX_LAMBDA_DEPTH) {
      // A LAMBDA that calls itself cannot be inlined: an in-place LAMBDA with no parameters,
      // which a call with arguments turns into #VALUE!.
      inner = tokenize('LAMBDA(#VALUE!)', 'stored')
      innerOut = inner.map((t) => t.text)
    } else {
      inner = tokenize(named.formula.slice(1), 'stored')
      const scope = named.scope ?? host
      const converted = convertTokens(inner, scope, sheets, anchors, { absolute: true }, [
        ...expanding,
        key,
      ])
      innerOut = converted.out
    }
    tokens.splice(i, 1, ...inner)
    out.splice(i, 1, ...innerOut)
    lambdas = true
  }
  return { out, lambdas }
}

/**
 * Tokens whose conversion depends on their text alone: a shape's template holds them
 * converted (`convertByShape`). Not names, tables, unanchored references or LAMBDAs.
 */
function convertsByText(token: Token): boolean {
  switch (token.type) {
    case 'number':
    case 'string':
    case 'bool':
    case 'error':
    case 'op':
    case 'paren':
    case 'sep':
    case 'space':
      return true
    case 'func':
      return isEngineFunction(token.text)
    default:
      return false
  }
}

/** A stored formula in HyperFormula syntax, plus the anchors it depends on. */
export function toEngineFormula(
  stored: string,
  host: string,
  sheets: EngineSheets,
  options: EngineFormulaOptions = {},
): EngineContent {
  if (!options.absolute) {
    const shaped = convertByShape(
      stored,
      convertsByText,
      (token, anchors) => convertToken(token, host, sheets, anchors, options),
      (point, anchors) => convertOwnPoint(point, host, sheets, anchors),
    )
    if (shaped) return shaped
  }
  const anchors = new Set<string>()
  const tokens = tokenize(stored.slice(1), 'stored')
  const { out, lambdas } = convertTokens(tokens, host, sheets, anchors, options, [])
  if (stored.includes('{')) dropRaggedArrays(tokens, out)
  if (lambdas || /lambda\s*\(/i.test(stored)) rewriteLambdaCalls(tokens, out)
  if (stored.includes('@')) rewriteAtOperators(tokens, out)
  return { content: `=${out.join('')}`, anchors: [...anchors] }
}

/**
 * What HyperFormula is given for a stored input. Values are inferred here, not by
 * HyperFormula, so `"1,234.5"` and `"2026-01-31"` mean the same in the engine as in the grid;
 * text is passed with a leading apostrophe so HyperFormula does not re-interpret it.
 */
export function toEngineContent(
  raw: string | undefined,
  host: string,
  sheets: EngineSheets,
  cell?: { row: number; col: number },
): EngineContent {
  if (raw === undefined || raw === '') return { content: null, anchors: [] }
  if (isFormula(raw)) return toEngineFormula(raw, host, sheets, cell ? { cell } : {})
  const { value } = inferValue(raw)
  if (typeof value === 'string') return { content: `'${value}`, anchors: [] }
  if (isCellError(value)) return { content: value.error, anchors: [] }
  return { content: value, anchors: [] }
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

function fromEngineError(err: DetailedCellError): CellValue {
  switch (err.value) {
    case '#CYCLE!':
      // Excel has no cycle error; Google Sheets shows #REF! with this explanation.
      return cellError('#REF!', 'Circular reference: this formula depends on its own value.')
    case '#ERROR!':
      return cellError('#ERROR!', parseErrorMessage(err.message))
    default:
      return CODES.has(err.value)
        ? cellError(err.value as ErrorCode, err.message)
        : cellError('#VALUE!', err.message)
  }
}

/** A HyperFormula cell value as a `CellValue`. */
export function fromEngineValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : cellError('#NUM!')
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'object' && 'value' in value && 'type' in value) {
    return fromEngineError(value as DetailedCellError)
  }
  return cellError('#VALUE!', 'The result is not a single value.')
}
