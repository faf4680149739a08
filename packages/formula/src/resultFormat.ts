import type { NumFmt } from '@cellmate/model'
import { isFormula, tokenize, type Token } from './formulaTokens.js'
import type { CellValue } from './cellValue.js'
import { inferValue } from './inputValue.js'
import { cellFormatCode, isNumberFormat } from './numberFormat.js'
import { normaliseArea, type A1Reference } from './references.js'

/** A number format as cells store it (`@cellmate/model`'s number format attributes). */
export interface ShownFormat {
  numFmt: NumFmt
  decimals?: number
  numFmtCode?: string
}

/**
 * What `shownFormat` reads of a workbook. `sheet` is a sheet's name as a formula writes it,
 * or null for the sheet the question started on; positions are zero-based.
 */
export interface FormatSource {
  /** The input at a position, formulas in A1 form; `''` when empty, null for an unknown sheet. */
  input(sheet: string | null, row: number, col: number): string | null
  /** The cell's own format attributes (`{}` when it has none). */
  format(
    sheet: string | null,
    row: number,
    col: number,
  ): {
    numFmt?: unknown
    decimals?: unknown
    numFmtCode?: unknown
  }
}

/** How deep a chain of formulas over formulas is followed before giving up (General). */
const MAX_DEPTH = 6
/** How many formulas one question reads at most (a formula over many formulas over …). */
const MAX_FORMULAS = 32
/** How many cells of a range are looked at for the first one that says how it is shown. */
const RANGE_PROBE = 10

const DATE_FUNCTIONS = new Set([
  'DATE',
  'DATEVALUE',
  'EDATE',
  'EOMONTH',
  'TODAY',
  'WORKDAY',
  'WORKDAY.INTL',
])
/** Date functions whose first argument is a date. */
const DATE_ARGUMENT_FUNCTIONS = new Set(['EDATE', 'EOMONTH', 'WORKDAY', 'WORKDAY.INTL'])
const TIME_FUNCTIONS = new Set(['TIME', 'TIMEVALUE'])
/** Functions whose result is one of their arguments' values, or made from them alike. */
const ALL_ARGUMENTS = new Set([
  'SUM',
  'MIN',
  'MAX',
  'MINA',
  'MAXA',
  'AVERAGE',
  'AVERAGEA',
  'MEDIAN',
  'MODE',
  'MODE.SNGL',
  'ABS',
  'INT',
  'TRUNC',
  'ROUND',
  'ROUNDUP',
  'ROUNDDOWN',
  'MROUND',
  'FLOOR',
  'FLOOR.MATH',
  'FLOOR.PRECISE',
  'CEILING',
  'CEILING.MATH',
  'CEILING.PRECISE',
  'LARGE',
  'SMALL',
])
/** Functions whose result comes from some of their arguments (zero-based positions). */
const SOME_ARGUMENTS: ReadonlyMap<string, (count: number) => number[]> = new Map([
  ['IF', () => [1, 2]],
  ['IFERROR', () => [0, 1]],
  ['IFNA', () => [0, 1]],
  ['IFS', (n: number) => range(1, n, 2)],
  ['SWITCH', (n: number) => range(2, n, 2).concat(n % 2 === 0 ? [n - 1] : [])],
  ['CHOOSE', (n: number) => range(1, n, 1)],
  ['INDEX', () => [0]],
  ['XLOOKUP', () => [2]],
  ['SUMIF', (n: number) => (n > 2 ? [2] : [0])],
  ['AVERAGEIF', (n: number) => (n > 2 ? [2] : [0])],
  ['SUMIFS', () => [0]],
  ['AVERAGEIFS', () => [0]],
  ['MINIFS', () => [0]],
  ['MAXIFS', () => [0]],
])
/** SUBTOTAL/AGGREGATE codes whose result is a value of the data (not a count or spread). */
const VALUE_AGGREGATES = new Set([1, 4, 5, 9, 12, 14, 15, 101, 104, 105, 109])

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let i = from; i < to; i += step) out.push(i)
  return out
}

type Kind = 'date' | 'time' | 'datetime' | 'money' | 'other'

/** What a format shows a number as, for the arithmetic rules below. */
function kindOf(format: ShownFormat): Kind {
  switch (format.numFmt) {
    case 'date':
      return 'date'
    case 'time':
    case 'duration':
      return 'time'
    case 'datetime':
      return 'datetime'
    case 'currency':
    case 'accounting':
    case 'number':
      return 'money'
    case 'custom': {
      const code = (format.numFmtCode ?? '').replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
      const date = /[yd]/i.test(code)
      const time = /[hs]/i.test(code)
      if (date && time) return 'datetime'
      if (date) return 'date'
      if (time) return 'time'
      return /[$€£¥]|#,##/.test(format.numFmtCode ?? '') ? 'money' : 'other'
    }
    default:
      return 'other'
  }
}

/** `a + b`: a date plus days stays a date, money plus a number stays money, as in Excel. */
function added(a: ShownFormat | null, b: ShownFormat | null): ShownFormat | null {
  if (a === null || b === null) return a ?? b
  const kinds = [kindOf(a), kindOf(b)].sort().join('+')
  return kinds === 'date+time' ? { numFmt: 'datetime' } : a
}

/**
 * `a - b`: a date minus days is a date, but the days between two dates are a number (as
 * Google Sheets shows it; Excel's date of day 30 is the classic surprise); a time minus a
 * time is a time (how long a shift was).
 */
function subtracted(a: ShownFormat | null, b: ShownFormat | null): ShownFormat | null {
  const ka = a === null ? null : kindOf(a)
  const kb = b === null ? null : kindOf(b)
  const dated = (k: Kind | null): boolean => k === 'date' || k === 'datetime'
  if (dated(kb)) return null
  if (a === null) return kb === 'money' ? b : null
  if (ka === 'time' && kb !== null && kb !== 'time') return null
  // How long between two times of day: a duration, not a time of day (`8:30`, not `8:30 AM`).
  if (
    ka === 'time' &&
    kb === 'time' &&
    (a.numFmt === 'time' || /AM\/PM/i.test(a.numFmtCode ?? ''))
  ) {
    return { numFmt: 'duration' }
  }
  return a
}

/**
 * `a * b`, `a / b`: money times a plain number stays money; anything else is a plain number
 * (`=A1*24` turns a time into hours, which Excel would still show as a time).
 */
function scaled(a: ShownFormat | null, b: ShownFormat | null): ShownFormat | null {
  if (a !== null && b !== null) return null
  const one = a ?? b
  return one !== null && kindOf(one) === 'money' ? one : null
}

/** What an operator whose result carries no format makes of its operands. */
const plain = (): null => null

/**
 * Reads formula tokens as an expression and tells the format its result inherits. Precedence
 * as Excel's: comparison < `&` < `+ -` < `* /` < `^` < unary sign < `%`.
 */
class Reader {
  private pos = 0

  constructor(
    private readonly tokens: Token[],
    private readonly operand: (token: Token) => ShownFormat | null,
  ) {}

  read(): ShownFormat | null {
    const result = this.comparison()
    return this.pos === this.tokens.length ? result : null
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek()
    return t !== undefined && t.type === 'op' && ops.includes(t.text)
  }

  /** One precedence level: `next` operands joined by `ops`, their formats by `combine`. */
  private level(
    ops: readonly string[],
    next: () => ShownFormat | null,
    combine: (op: string, a: ShownFormat | null, b: ShownFormat | null) => ShownFormat | null,
  ): ShownFormat | null {
    let result = next()
    while (this.isOp(...ops)) {
      const op = (this.tokens[this.pos++] as Token).text
      result = combine(op, result, next())
    }
    return result
  }

  // A comparison, a join of texts or a power is a plain value whatever its operands show.
  private comparison(): ShownFormat | null {
    return this.level(['=', '<>', '<', '>', '<=', '>='], () => this.concat(), plain)
  }

  private concat(): ShownFormat | null {
    return this.level(['&'], () => this.additive(), plain)
  }

  private additive(): ShownFormat | null {
    return this.level(
      ['+', '-'],
      () => this.multiplicative(),
      (op, a, b) => (op === '+' ? added(a, b) : subtracted(a, b)),
    )
  }

  private multiplicative(): ShownFormat | null {
    return this.level(
      ['*', '/'],
      () => this.power(),
      (_op, a, b) => scaled(a, b),
    )
  }

  private power(): ShownFormat | null {
    return this.level(['^'], () => this.unary(), plain)
  }

  private unary(): ShownFormat | null {
    if (this.isOp('+', '-')) {
      this.pos++
      return this.unary()
    }
    const result = this.primary()
    if (this.isOp('%')) {
      this.pos++
      return null
    }
    return result
  }

  private primary(): ShownFormat | null {
    const token = this.peek()
    if (token === undefined) throw new SyntaxError('unexpected end')
    this.pos++
    if (token.type === 'paren' && token.text === '(') {
      const inner = this.comparison()
      this.expect(')')
      return inner
    }
    if (token.type === 'func') return this.call(token.text)
    if (token.type === 'brace') {
      // An array constant: skip to its end; its numbers carry no format.
      let depth = 1
      while (depth > 0 && this.peek() !== undefined) {
        const t = this.tokens[this.pos++] as Token
        if (t.type === 'brace') depth += t.text === '{' ? 1 : -1
      }
      return null
    }
    if (token.type === 'paren' || token.type === 'sep' || token.type === 'op') {
      throw new SyntaxError(`unexpected ${token.text}`)
    }
    return this.operand(token)
  }

  private expect(text: string): void {
    const t = this.peek()
    if (t === undefined || t.text !== text) throw new SyntaxError(`expected ${text}`)
    this.pos++
  }

  private call(rawName: string): ShownFormat | null {
    this.expect('(')
    const args: (ShownFormat | null)[] = []
    const firsts: (Token | undefined)[] = []
    if (this.peek()?.text !== ')') {
      for (;;) {
        const t = this.peek()
        firsts.push(t)
        // An omitted argument (`IF(A1,,B1)`) is empty.
        args.push(t?.type === 'sep' || t?.text === ')' ? null : this.comparison())
        if (this.peek()?.type !== 'sep') break
        this.pos++
      }
    }
    this.expect(')')
    const name = rawName.toUpperCase().replace(/^_XLFN\.(_XLWS\.)?/, '')
    if (DATE_FUNCTIONS.has(name)) {
      // A month or workdays after a date keeps that date's style.
      const from = DATE_ARGUMENT_FUNCTIONS.has(name) ? args[0] : null
      return from && kindOf(from) === 'date' ? from : { numFmt: 'date' }
    }
    if (name === 'NOW') return { numFmt: 'datetime' }
    if (TIME_FUNCTIONS.has(name)) return { numFmt: 'time' }
    if (ALL_ARGUMENTS.has(name)) return args.find((a) => a !== null) ?? null
    if (name === 'SUBTOTAL' || name === 'AGGREGATE') {
      const code = firsts[0]?.type === 'number' ? Number(firsts[0].text) : NaN
      if (!VALUE_AGGREGATES.has(code)) return null
      return args.slice(name === 'SUBTOTAL' ? 1 : 2).find((a) => a !== null) ?? null
    }
    const positions = SOME_ARGUMENTS.get(name)?.(args.length)
    if (positions === undefined) return null
    for (const at of positions) {
      const format = args[at]
      if (format) return format
    }
    return null
  }
}

/** The format a cell's own attributes set, null for General; undefined when it sets none. */
function ownFormat(attrs: ReturnType<FormatSource['format']>): ShownFormat | null | undefined {
  const code = cellFormatCode(attrs)
  if (code === undefined) return isNumberFormat(attrs.numFmt) ? null : undefined
  const numFmt = isNumberFormat(attrs.numFmt) ? attrs.numFmt : 'number'
  const out: ShownFormat = { numFmt }
  if (typeof attrs.decimals === 'number') out.decimals = attrs.decimals
  if (numFmt === 'custom') out.numFmtCode = code
  return out
}

/** The format a typed value shows in (`12.5%`, `$1,200.00`, `1/31/2026`), null for General. */
function typedFormat(input: string): ShownFormat | null {
  const typed = inferValue(input)
  if (typeof typed.value !== 'number' || typed.format === undefined) return null
  if (typed.code !== undefined) return { numFmt: 'custom', numFmtCode: typed.code }
  if (typed.format === 'general') return null
  if (typed.format === 'date' || typed.format === 'time' || typed.format === 'datetime') {
    return { numFmt: typed.format }
  }
  return { numFmt: typed.format, decimals: /\.([0-9]+)/.exec(input)?.[1]?.length ?? 0 }
}

/**
 * The number format a cell shows its number in, as Excel and Sheets decide it:
 * - the cell's own number format, when it has one (General included);
 * - for a typed value, the format its typing implies (`12%`, `$5`, `1/31/2026`);
 * - for a formula without a format of its own, the format its result inherits: `=DATE(…)`,
 *   `=TODAY()` and `=EDATE(…)` are dates, `=NOW()` a date and time, `=TIME(…)` a time; `=B1+1`
 *   takes B1's format when B1 is a date (or money, a time…); `=SUM(B1:B9)`, `=MAX(…)`,
 *   `=IF(…, B1, …)` take the format of the values they return; the days between two dates are
 *   a plain number.
 * Null for General. Never throws: a formula it cannot read is General.
 */
export function shownFormat(
  source: FormatSource,
  sheet: string | null,
  row: number,
  col: number,
): ShownFormat | null {
  return formatOf({ source, seen: new Map(), formulas: 0 }, sheet, row, col, 0)
}

/** One `shownFormat` question: cells already answered, formulas read so far. */
interface Walk {
  source: FormatSource
  seen: Map<string, ShownFormat | null>
  formulas: number
}

function formatOf(
  walk: Walk,
  sheet: string | null,
  row: number,
  col: number,
  depth: number,
): ShownFormat | null {
  const key = `${row}:${col}:${sheet ?? ''}`
  const known = walk.seen.get(key)
  if (known !== undefined) return known
  // Answered null first: a loop through this cell reads General instead of going round.
  walk.seen.set(key, null)
  const format = readFormat(walk, sheet, row, col, depth)
  walk.seen.set(key, format)
  return format
}

function readFormat(
  walk: Walk,
  sheet: string | null,
  row: number,
  col: number,
  depth: number,
): ShownFormat | null {
  const { source } = walk
  const own = ownFormat(source.format(sheet, row, col))
  if (own !== undefined) return own
  const input = source.input(sheet, row, col)
  if (input === null || input === '') return null
  if (!isFormula(input)) return typedFormat(input)
  // Deep chains and wide fans of formulas read as General rather than cost a repaint.
  if (depth >= MAX_DEPTH || ++walk.formulas > MAX_FORMULAS) return null
  const tokens = tokenize(input.slice(1), 'a1').filter((t) => t.type !== 'space')
  const operand = (token: Token): ShownFormat | null => {
    if (token.type !== 'ref') return null
    return referencedFormat(walk, token.ref, token.ref.sheet ?? sheet, depth + 1)
  }
  try {
    return new Reader(tokens, operand).read()
  } catch {
    return null
  }
}

/** A referenced cell's format; for a range, that of its first cell that holds a value. */
function referencedFormat(
  walk: Walk,
  ref: A1Reference,
  sheet: string | null,
  depth: number,
): ShownFormat | null {
  const area = normaliseArea(ref.area)
  const row = area.rows?.start.at ?? 0
  const col = area.cols?.start.at ?? 0
  if (!ref.area.isRange) return formatOf(walk, sheet, row, col, depth)
  const lastRow = Math.min(area.rows?.end.at ?? row + RANGE_PROBE, row + RANGE_PROBE - 1)
  for (let r = row; r <= lastRow; r++) {
    const input = walk.source.input(sheet, r, col)
    if (input === null) return null
    if (input === '') continue
    if (!isFormula(input) && typeof inferValue(input).value !== 'number') continue
    return formatOf(walk, sheet, r, col, depth)
  }
  return null
}

/**
 * What `shownFormat` reads of one input, as a key: when a cell's input changes but its key
 * stays the same (a number retyped in the same style, text for other text or for nothing),
 * no cell's inherited format changes, only values do. Formulas are their own key.
 */
export function shownFormatKey(input: string): string {
  if (isFormula(input)) return input
  // Text is skipped like an empty cell when a range is probed, and shows no number format.
  if (input === '' || typeof inferValue(input).value !== 'number') return 'text'
  const typed = typedFormat(input)
  return typed === null
    ? 'number'
    : `number ${typed.numFmt} ${typed.decimals ?? ''} ${typed.numFmtCode ?? ''}`
}

/**
 * A cell's format with the number format its number shows in: unchanged when the cell sets
 * one or does not hold a formula's number; otherwise with what `inherited` (usually
 * `shownFormat` of the cell) gives, asked only then.
 */
export function withShownFormat<F extends ReturnType<FormatSource['format']>>(
  raw: string,
  value: CellValue,
  format: F,
  inherited: () => ShownFormat | null,
): F {
  if (typeof value !== 'number' || !isFormula(raw)) return format
  if (cellFormatCode(format) !== undefined || isNumberFormat(format.numFmt)) return format
  const shown = inherited()
  return shown === null ? format : { ...format, ...shown }
}
