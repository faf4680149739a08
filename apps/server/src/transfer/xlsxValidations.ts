import {
  dateToSerial,
  quoteSheetName,
  serialToDate,
  shiftFormula,
  toXlsxFormula,
} from '@cellmate/formula'
import {
  MAX_VALIDATION_TEXT,
  colToLetters,
  criteriaProblem,
  formatRange,
  parseListSource,
  parseRange,
  type RangePosition,
  type ValidationCriteria,
  type ValidationOp,
  type ValidationRule,
} from '@cellmate/model'
import type { XlsxValidation } from './xlsxValidationXml.js'
import { stripFuturePrefixes } from './xlsxFormulas.js'

/**
 * Data validation to and from XLSX. Excel's rule types map onto Cellmate's kinds: `list` with
 * literal items (`"a,b,c"`) is a dropdown of items, with a range (`$E$1:$E$9`, whole columns
 * `$A:$A`, on this sheet or another of the file: `Lists!$A:$A`, directly or through a defined
 * name) a dropdown from that range, written back as an absolute reference; `whole`/`decimal`
 * are number rules (`whole` keeps its whole-numbers-only meaning), `date`, `textLength` and
 * `custom` the same kinds. `stop` rejects; `warning` and `information` (and a rule whose error
 * alert is off) keep the value with a warning mark. Cellmate's checkbox is written as the
 * list `"TRUE,FALSE"`, which is what a checkbox allows; that list comes back as a dropdown
 * (nothing in the file says it was a checkbox). What Cellmate cannot hold is left out with a
 * reason for the import's notice, never refused.
 */

/** A rule read from a file: where it applies and what it checks. */
export interface ImportedValidation {
  range: RangePosition
  criteria: ValidationCriteria
}

/** What the mapping needs from the rest of the workbook. */
export interface ValidationImportContext {
  /** This sheet's name in the file. */
  sheetName: string
  /** True when the workbook counts dates from 1904. */
  date1904: boolean
  /** The formula of a defined name this sheet sees (`Lists!$A:$A`), if the file has it. */
  definedName(name: string): string | undefined
  /** True when the file has a sheet of that name (a list may read a range of it). */
  hasSheet(sheetName: string): boolean
  /** The last row and column a range may reach (0-based). */
  maxRow: number
  maxCol: number
}

const OPS: Record<string, ValidationOp> = {
  between: 'between',
  notBetween: 'notBetween',
  equal: 'eq',
  notEqual: 'neq',
  greaterThan: 'gt',
  greaterThanOrEqual: 'gte',
  lessThan: 'lt',
  lessThanOrEqual: 'lte',
}
const OPS_BACK = Object.fromEntries(Object.entries(OPS).map(([k, v]) => [v, k])) as Record<
  ValidationOp,
  string
>

/** Most rules one sheet imports (a rule per range of each `sqref`); the rest are left out. */
export const MAX_IMPORTED_VALIDATIONS = 1000

/** Excel's last row; a range reaching it is a whole column, cut to the sheet's rows. */
const EXCEL_ROWS = 1_048_576
/** Excel's last column (XFD). */
const EXCEL_COLS = 16_384
/** Excel's limits on a rule's texts: past them it repairs the file and drops the rule. */
const EXCEL_ERROR_CHARS = 225
const EXCEL_PROMPT_CHARS = 255
const EXCEL_LIST_CHARS = 255

/** `A1:B5`, `A:A`, `3:3`, `$A$1` -> a range (whole columns and rows to Excel's edges). */
function rangeOf(ref: string): RangePosition | null {
  const plain = ref.replace(/\$/g, '').toUpperCase()
  const cols = /^([A-Z]{1,3}):([A-Z]{1,3})$/.exec(plain)
  if (cols) return parseRange(`${cols[1]}1:${cols[2]}${EXCEL_ROWS}`)
  const rows = /^(\d+):(\d+)$/.exec(plain)
  if (rows) return parseRange(`A${rows[1]}:XFD${rows[2]}`)
  return parseRange(plain)
}

/**
 * `Sheet2!$A$1:$A$5`, `'My list'!A1:A5`, `$A$1:$A$5`, whole columns or rows (`Lists!$A:$A`,
 * `$1:$1`) -> its sheet (if named) and range.
 */
function sheetRef(text: string): { sheet?: string; ref: string } | null {
  const m =
    /^(?:(?:'((?:[^']|'')+)'|([^!'"()]+))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$/.exec(
      text.trim().replace(/^=/, ''),
    )
  if (!m) return null
  const sheet = m[1]?.replace(/''/g, "'") ?? m[2]
  return sheet === undefined ? { ref: m[3] as string } : { sheet, ref: m[3] as string }
}

/** A sheet name that points into another workbook (`[1]Lists`, `[Book2.xlsx]Lists`). */
const EXTERNAL_SHEET = /^(?:.*[\\/])?\[[^\]]+\]/

/**
 * A list source's range as stored: the file's text, a range over every row of Excel's grid
 * (`$A$1:$A$1048576`, which Excel itself shows as `$A:$A`) as whole columns, so that it keeps
 * reading the whole column however many rows the imported sheet has.
 */
function sourceRange(ref: string, range: RangePosition): string {
  const upper = ref.toUpperCase()
  const cells = /^(\$?[A-Z]+)\$?\d+:(\$?[A-Z]+)\$?\d+$/.exec(upper)
  if (!cells || range.start.row !== 0 || range.end.row !== EXCEL_ROWS - 1) return upper
  return `${cells[1]}:${cells[2]}`
}

/** A number bound: a literal, else null (a bound from a cell or a formula). */
function numberBound(text: string | undefined): number | null {
  if (text === undefined) return null
  const t = text.trim()
  if (t === '' || !Number.isFinite(Number(t))) return null
  return Number(t)
}

/** A date bound (`yyyy-mm-dd`) from a serial or `DATE(y,m,d)`; null for anything else. */
function dateBound(text: string | undefined, date1904: boolean): string | null {
  if (text === undefined) return null
  const t = text.trim()
  const call = /^DATE\(\s*(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/i.exec(t)
  let serial: number | null
  if (call) serial = dateToSerial(Number(call[1]), Number(call[2]), Number(call[3]))
  else serial = numberBound(t)
  if (serial === null || serial < 1) return null
  const { year, month, day } = serialToDate(Math.floor(serial) + (call || !date1904 ? 0 : 1462))
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

function texts(v: XlsxValidation): Pick<ValidationCriteria, 'message' | 'inputMessage'> {
  const joined = (title?: string, text?: string): string | undefined => {
    const parts = [title, text].filter((s): s is string => !!s && s.trim() !== '')
    return parts.length === 0 ? undefined : parts.join(': ').slice(0, MAX_VALIDATION_TEXT)
  }
  const out: Pick<ValidationCriteria, 'message' | 'inputMessage'> = {}
  const message = joined(v.errorTitle, v.error)
  if (message) out.message = message
  const input = v.showInputMessage ? joined(v.promptTitle, v.prompt) : undefined
  if (input) out.inputMessage = input
  return out
}

/** The items of a literal list (`"a,b,c"`), or null when the formula is not one. */
function literalItems(formula: string): string[] | null {
  const m = /^"((?:[^"]|"")*)"$/.exec(formula.trim())
  if (!m) return null
  return (m[1] as string)
    .replace(/""/g, '"')
    .split(',')
    .map((i) => i.trim())
    .filter((i) => i !== '')
}

/** Criteria, or why not. */
type Mapped = { criteria: ValidationCriteria } | { skipped: string }

/**
 * A list rule: literal items, or a range of this sheet or of another sheet of the file
 * (`Lists!$A$1:$A$3`, kept as a range source so that the dropdown follows that sheet).
 */
function listCriteria(
  v: XlsxValidation,
  base: ValidationCriteria,
  ctx: ValidationImportContext,
): Mapped {
  const formula = v.formula1 ?? ''
  const dropdown = v.showDropDown ? { showDropdown: false } : {}
  const items = literalItems(formula)
  if (items) return { criteria: { ...base, ...dropdown, kind: 'list', items } }
  const named = /^=?[A-Za-z_\\][\w.\\]*$/.test(formula.trim())
    ? ctx.definedName(formula.trim().replace(/^=/, ''))
    : undefined
  const ref = sheetRef(named ?? formula)
  const range = ref ? rangeOf(ref.ref) : null
  const shown = formula.trim().replace(/^=/, '').slice(0, 40)
  if (!ref || !range) return { skipped: `a list from ${shown}` }
  const source = sourceRange(ref.ref, range)
  if (ref.sheet === undefined || ref.sheet.toLowerCase() === ctx.sheetName.toLowerCase()) {
    return { criteria: { ...base, ...dropdown, kind: 'listRange', source } }
  }
  if (EXTERNAL_SHEET.test(ref.sheet)) {
    return { skipped: `a list from ${shown} (a range in another workbook)` }
  }
  // The sheet's name as the file has it: the import anchors it to that sheet (later in the
  // file or not, renamed or not), as the rule dialog stores a source typed there.
  if (!ctx.hasSheet(ref.sheet)) {
    return { skipped: `a list from ${shown} (the file has no sheet "${ref.sheet}")` }
  }
  return {
    criteria: {
      ...base,
      ...dropdown,
      kind: 'listRange',
      source: `${quoteSheetName(ref.sheet)}!${source}`,
    },
  }
}

/** One Excel rule as Cellmate criteria, or why it is left out. */
export function criteriaOfXlsx(v: XlsxValidation, ctx: ValidationImportContext): Mapped {
  const strict = v.showErrorMessage && (v.errorStyle ?? 'stop') === 'stop'
  const base: ValidationCriteria = { kind: 'custom', strict, ...texts(v) }
  const op = OPS[v.operator ?? 'between']
  const two = op === 'between' || op === 'notBetween'
  let mapped: Mapped
  switch (v.type) {
    case 'list':
      mapped = listCriteria(v, base, ctx)
      break
    case 'whole':
    case 'decimal':
    case 'textLength': {
      const min = numberBound(v.formula1)
      const max = two ? numberBound(v.formula2) : null
      if (!op || min === null || (two && max === null)) {
        mapped = { skipped: 'a bound that is a cell or a formula' }
        break
      }
      const kind = v.type === 'textLength' ? 'textLength' : 'number'
      const whole = v.type === 'whole' ? { integer: true } : {}
      mapped = {
        criteria: { ...base, ...whole, kind, op, min, ...(two ? { max: max as number } : {}) },
      }
      break
    }
    case 'date': {
      const min = dateBound(v.formula1, ctx.date1904)
      const max = two ? dateBound(v.formula2, ctx.date1904) : null
      if (!op || min === null || (two && max === null)) {
        mapped = { skipped: 'a date bound that is a cell or a formula' }
        break
      }
      mapped = {
        criteria: { ...base, kind: 'date', op, min, ...(two ? { max: max as string } : {}) },
      }
      break
    }
    case 'custom':
      mapped = v.formula1
        ? { criteria: { ...base, kind: 'custom', formula: `=${stripFuturePrefixes(v.formula1)}` } }
        : { skipped: 'a custom rule without a formula' }
      break
    case 'time':
      mapped = { skipped: 'time rules (Cellmate has no time rule)' }
      break
    default:
      mapped = { skipped: 'input messages on cells that allow any value' }
  }
  if ('criteria' in mapped) {
    const problem = criteriaProblem(mapped.criteria)
    if (problem) return { skipped: problem }
  }
  return mapped
}

/**
 * The rules of a worksheet as Cellmate rules: one per range of a multi-range `sqref`, a
 * custom formula shifted from the first range's top-left (where Excel anchors it) to each
 * range's. Ranges are cut to the sheet's limits. `skipped` says why rules were left out.
 */
export function validationsFromXlsx(
  rules: readonly XlsxValidation[],
  ctx: ValidationImportContext,
): { rules: ImportedValidation[]; skipped: string[] } {
  const out: ImportedValidation[] = []
  const skipped: string[] = []
  for (const v of rules) {
    const mapped = criteriaOfXlsx(v, ctx)
    if ('skipped' in mapped) {
      skipped.push(mapped.skipped)
      continue
    }
    const ranges = v.sqref
      .split(/\s+/)
      .map(rangeOf)
      .filter((r): r is RangePosition => r !== null)
    const anchor = ranges[0]?.start
    for (const r of ranges) {
      if (r.start.row > ctx.maxRow || r.start.col > ctx.maxCol) continue
      if (out.length >= MAX_IMPORTED_VALIDATIONS) {
        skipped.push(`more than ${MAX_IMPORTED_VALIDATIONS} rules`)
        break
      }
      const range = {
        start: r.start,
        end: { row: Math.min(r.end.row, ctx.maxRow), col: Math.min(r.end.col, ctx.maxCol) },
      }
      const criteria = { ...mapped.criteria }
      if (criteria.formula && anchor) {
        criteria.formula = shiftFormula(
          criteria.formula,
          r.start.row - anchor.row,
          r.start.col - anchor.col,
        )
      }
      out.push({ range, criteria })
    }
  }
  return { rules: out, skipped }
}

const cut = (s: string | undefined, n: number): string | undefined =>
  s === undefined ? undefined : s.length <= n ? s : `${s.slice(0, n - 1)}…`

/** `"a,b"` for Excel, or null when the items cannot be written so (a comma, too long). */
function literalList(items: readonly string[]): string | null {
  if (items.some((i) => i.includes(','))) return null
  const text = items.join(',')
  return text.length > EXCEL_LIST_CHARS ? null : `"${text.replace(/"/g, '""')}"`
}

/**
 * A list source as Excel's absolute reference (`Lists!$A:$A`, `$E$1:$E$9`): Cellmate reads one
 * source for the whole range, while Excel moves a relative one (`Lists!A:A`, as typed in the
 * dialog) with each cell of the rule. A source that does not read as a range (`#REF!`) is
 * written as it is.
 */
function xlsxListSource(source: string): string {
  const parsed = parseListSource(source)
  if (!parsed) return source
  const { start, end } = parsed.range
  const col = (c: number): string => `$${colToLetters(c)}`
  const cell = (p: RangePosition['start']): string => `${col(p.col)}$${p.row + 1}`
  let ref: string
  if (start.row === 0 && end.row === EXCEL_ROWS - 1) ref = `${col(start.col)}:${col(end.col)}`
  else if (start.col === 0 && end.col === EXCEL_COLS - 1) ref = `$${start.row + 1}:$${end.row + 1}`
  else if (start.row === end.row && start.col === end.col) ref = cell(start)
  else ref = `${cell(start)}:${cell(end)}`
  return parsed.sheet === null ? ref : `${quoteSheetName(parsed.sheet)}!${ref}`
}

/** The date `yyyy-mm-dd` as Excel's serial. */
function serialOf(date: string | number | undefined): string {
  const [y, m, d] = String(date).split('-').map(Number)
  return String(dateToSerial(y ?? 0, m ?? 0, d ?? 0) ?? 0)
}

/** Cellmate's rule as an Excel rule on `sqref`, or null when Excel cannot hold it. */
function xlsxRuleOf(
  rule: ValidationRule,
  sqref: string,
  anchor: RangePosition['start'],
): XlsxValidation | null {
  const two = rule.op === 'between' || rule.op === 'notBetween'
  const out: XlsxValidation = {
    type: 'custom',
    showErrorMessage: true,
    showInputMessage: rule.inputMessage !== undefined,
    showDropDown: rule.showDropdown === false,
    sqref,
  }
  if (!rule.strict) out.errorStyle = 'warning'
  const error = cut(rule.message, EXCEL_ERROR_CHARS)
  if (error) out.error = error
  const prompt = cut(rule.inputMessage, EXCEL_PROMPT_CHARS)
  if (prompt) out.prompt = prompt
  const bounds = (f: (v: string | number | undefined) => string): void => {
    out.operator = OPS_BACK[rule.op ?? 'between']
    out.formula1 = f(rule.min)
    if (two) out.formula2 = f(rule.max)
  }
  switch (rule.kind) {
    case 'list': {
      const list = literalList(rule.items ?? [])
      if (list === null) return null
      out.type = 'list'
      out.formula1 = list
      break
    }
    case 'checkbox':
      out.type = 'list'
      out.formula1 = '"TRUE,FALSE"'
      break
    case 'listRange':
      out.type = 'list'
      out.formula1 = xlsxListSource(rule.source ?? '')
      break
    case 'number':
      out.type = rule.integer ? 'whole' : 'decimal'
      bounds(String)
      break
    case 'textLength':
      out.type = 'textLength'
      bounds(String)
      break
    case 'date':
      out.type = 'date'
      bounds(serialOf)
      break
    case 'custom': {
      const shifted = shiftFormula(
        rule.formula ?? '=TRUE',
        anchor.row - rule.range.start.row,
        anchor.col - rule.range.start.col,
      )
      out.formula1 = toXlsxFormula(shifted.slice(1))
      break
    }
  }
  return out
}

/** `a` minus `b`: up to four rectangles. */
function subtract(a: RangePosition, b: RangePosition): RangePosition[] {
  if (
    b.start.row > a.end.row ||
    b.end.row < a.start.row ||
    b.start.col > a.end.col ||
    b.end.col < a.start.col
  ) {
    return [a]
  }
  const out: RangePosition[] = []
  const row = (r1: number, r2: number, c1: number, c2: number): void => {
    if (r1 <= r2 && c1 <= c2) out.push({ start: { row: r1, col: c1 }, end: { row: r2, col: c2 } })
  }
  const top = Math.max(a.start.row, b.start.row)
  const bottom = Math.min(a.end.row, b.end.row)
  row(a.start.row, top - 1, a.start.col, a.end.col)
  row(bottom + 1, a.end.row, a.start.col, a.end.col)
  row(top, bottom, a.start.col, b.start.col - 1)
  row(top, bottom, b.end.col + 1, a.end.col)
  return out
}

/**
 * A sheet's rules as Excel rules. Where Cellmate's rules overlap the newest applies; Excel
 * has no order, so each rule is written only where no newer rule applies (its `sqref` may
 * then list several ranges). Lists Excel cannot hold as a literal (an item with a comma,
 * more than 255 characters) are left out; `omitted` counts them.
 */
export function xlsxValidationsOf(rules: readonly ValidationRule[]): {
  rules: XlsxValidation[]
  omitted: number
} {
  const out: XlsxValidation[] = []
  const covered: RangePosition[] = []
  let omitted = 0
  for (const rule of [...rules].reverse()) {
    let pieces = [rule.range]
    for (const c of covered) pieces = pieces.flatMap((p) => subtract(p, c))
    covered.push(rule.range)
    const first = pieces[0]
    if (!first) continue
    const written = xlsxRuleOf(rule, pieces.map(formatRange).join(' '), first.start)
    if (written) out.push(written)
    else omitted++
  }
  return { rules: out.reverse(), omitted }
}
