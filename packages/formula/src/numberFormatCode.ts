import {
  format as numfmtFormat,
  formatColor as numfmtFormatColor,
  getFormatInfo,
  isDateFormat,
  isValidFormat,
  tokenize,
} from 'numfmt'
import type { NumFmt } from '@cellmate/model'
import { roundHalfAway, toExcelPrecision } from './excelRounding.js'
import { formatGeneral } from './generalFormat.js'

/**
 * Excel's number-format language (ECMA-376 Part 1, 18.8.31 numFmts; Microsoft's "Number format
 * codes"): sections `positive;negative;zero;text`, `[Red]` colours, `[>100]` conditions,
 * `#,##0.00`, `0%`, `0.00E+00`, fractions `# ?/?`, dates and times, elapsed `[h]:mm`, `\`
 * and `"…"` literals, `@`, `_` and `*` padding. The rendering is numfmt's (MIT, by Borgar
 * Þorsteinsson), which is written to reproduce Excel; it passed the Excel-documented table in
 * `numberFormatCode.test.ts` where SheetJS `ssf` did not. This module is the only place that
 * calls it: `TEXT`, `DOLLAR`, `FIXED`, the grid and the exports all come through here.
 */

/** en-US, as the engine's parser (`localeLang: 'en-US'`); Excel's calendar limits. */
const OPTIONS = {
  locale: 'en-US',
  leap1900: true,
  dateSpanLarge: false,
  nbsp: false,
  throws: true,
  dateErrorThrows: true,
  dateErrorNumber: false,
} as const

/** Serial of 10000-01-01: Excel's calendar ends the day before. */
const END_OF_CALENDAR = 2_958_466

/** What to do with a date or time outside Excel's calendar (before 1900, after 9999). */
export type DateOverflow =
  /** Show the number as General, so it stays recognisable (the grid, exports). */
  | 'general'
  /** Give up (`null`): `TEXT(-1,"yyyy")` is `#VALUE!` in Excel. */
  | 'fail'

/** What formatting needs to know about a code, worked out once per code. */
interface CodeInfo {
  valid: boolean
  /** A date or time code whose negative numbers have no section of their own. */
  dateOnly: boolean
  /**
   * Decimals and scale (`%` 100, each trailing `,` 1/1000) shared by every numeric section,
   * when they agree: the value is rounded there first, on its decimal digits (see
   * `roundHalfAway`), since numfmt rounds the binary value (1.005 -> "1.00").
   */
  rounding: { decimals: number; scale: number } | null
}

const ROUNDED_TYPES = new Set(['number', 'grouped', 'percent', 'currency'])
/** Codes come from cells and formulas; keep the memo small and let it refill. */
const MAX_MEMO = 2000
const memo = new Map<string, CodeInfo>()

function sections(code: string): string[] {
  const out = ['']
  for (const token of tokenize(code)) {
    if (token.type === 'break') out.push('')
    else out[out.length - 1] += token.raw
  }
  return out
}

function analyse(code: string): CodeInfo {
  if (!isValidFormat(code)) return { valid: false, dateOnly: false, rounding: null }
  const parts = sections(code)
  const infos = parts.slice(0, 3).map((p) => getFormatInfo(p))
  const numeric = infos.filter((i) => i.type !== 'text' && i.type !== 'general')
  const first = numeric[0]
  const shared =
    first !== undefined &&
    numeric.every(
      (i) =>
        ROUNDED_TYPES.has(i.type) && i.maxDecimals === first.maxDecimals && i.scale === first.scale,
    )
  return {
    valid: true,
    dateOnly: isDateFormat(code) && parts.length === 1,
    rounding: shared ? { decimals: first.maxDecimals, scale: first.scale } : null,
  }
}

function infoOf(code: string): CodeInfo {
  let info = memo.get(code)
  if (!info) {
    if (memo.size >= MAX_MEMO) memo.clear()
    info = analyse(code)
    memo.set(code, info)
  }
  return info
}

function isGeneralCode(code: string): boolean {
  const c = code.trim().toLowerCase()
  return c === 'general' || c === ''
}

/**
 * The text of `value` under an Excel format code, or null when the code is not valid (or, with
 * `dateOverflow: 'fail'`, when a date code meets a number outside Excel's calendar). A plain
 * `General` code is Cellmate's General (`formatGeneral`), the same rule as an unformatted cell.
 * Numbers are read as the 15 significant digits Excel keeps and rounded half away from zero.
 * Text goes through the code's text section (`@`), or stays as is when it has none; booleans
 * are `TRUE`/`FALSE`.
 */
export function formatWithCode(
  value: number | string | boolean,
  code: string,
  dateOverflow: DateOverflow = 'general',
): string | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null
  if (typeof value === 'number' && isGeneralCode(code)) return formatGeneral(value)
  const info = infoOf(code)
  if (!info.valid) return null
  let input = value
  if (typeof value === 'number') {
    if (info.dateOnly && (value < 0 || value >= END_OF_CALENDAR)) {
      return dateOverflow === 'general' ? formatGeneral(value) : null
    }
    input = toExcelPrecision(value)
    if (info.rounding) {
      const { decimals, scale } = info.rounding
      input = roundHalfAway(input * scale, decimals) / scale
    }
  }
  try {
    return numfmtFormat(code, input, OPTIONS)
  } catch {
    // A date past 9999 in a sectioned code: numfmt refuses it as Excel does.
    return dateOverflow === 'general' && typeof value === 'number' ? formatGeneral(value) : null
  }
}

function fraction(decimals: number): string {
  return decimals > 0 ? `.${'0'.repeat(decimals)}` : ''
}

/** Decimals of a preset format when the cell sets none, as Excel's Number/Currency/Percent. */
export const PRESET_DECIMALS = 2

/** Excel's built-in accounting format (number format 44) with `decimals` places. */
function accountingCode(decimals: number): string {
  const n = `#,##0${fraction(decimals)}`
  const dashes = decimals > 0 ? `"-"${'?'.repeat(decimals)}` : '"-"'
  return `_("$"* ${n}_);_("$"* \\(${n}\\);_("$"* ${dashes}_);_(@_)`
}

/**
 * The Excel format code of a cell's number format (`numFmt`, `decimals` and, for `custom`,
 * `numFmtCode`); undefined for General without decimals, and for `custom` without a code.
 * Decimals on a General cell mean Number, as the "increase decimals" button does in Google
 * Sheets; dates, times, durations and fractions have none. The grid renders with this code
 * and the XLSX export writes it, so a cell reads the same in Cellmate and in Excel.
 */
export function presetFormatCode(
  numFmt: NumFmt | undefined,
  decimals?: number,
  numFmtCode?: string,
): string | undefined {
  const d = decimals ?? PRESET_DECIMALS
  switch (numFmt) {
    case 'percent':
      return `0${fraction(d)}%`
    case 'currency':
      return `"$"#,##0${fraction(d)}`
    case 'accounting':
      return accountingCode(d)
    case 'scientific':
      return `0${fraction(d)}E+00`
    case 'fraction':
      return '# ?/?'
    case 'date':
      return 'yyyy-mm-dd'
    case 'time':
      return 'h:mm:ss AM/PM'
    case 'datetime':
      return 'yyyy-mm-dd h:mm:ss'
    case 'duration':
      return '[h]:mm:ss'
    case 'custom':
      return numFmtCode
    case 'number':
      return `#,##0${fraction(d)}`
    default:
      return decimals === undefined ? undefined : `#,##0${fraction(d)}`
  }
}

/** True for a code Excel's number-format language accepts (the custom format dialog asks). */
export function isValidFormatCode(code: string): boolean {
  return code.trim() !== '' && infoOf(code).valid
}

/**
 * The colour a code's section gives `value` (`[Red]` in `#,##0;[Red]-#,##0`) as `#rrggbb`, or
 * null when the section names none (or the code is not valid).
 */
export function formatCodeColor(value: number, code: string): string | null {
  if (!Number.isFinite(value) || !infoOf(code).valid) return null
  const color = numfmtFormatColor(code, value, OPTIONS)
  return typeof color === 'string' ? (CODE_COLORS[color.toLowerCase()] ?? null) : null
}

/** Excel's eight named format colours, as its default palette draws them. */
const CODE_COLORS: Record<string, string> = {
  black: '#000000',
  blue: '#0000ff',
  cyan: '#00ffff',
  green: '#00ff00',
  magenta: '#ff00ff',
  red: '#ff0000',
  white: '#ffffff',
  yellow: '#ffff00',
}

const DIGIT_TOKENS = new Set(['zero', 'hash', 'qmark'])
const NO_DECIMALS = new Set(['datetime', 'duration', 'slash', 'ampm', 'general', 'text'])

/**
 * A code with one decimal place more (`step` 1) or fewer (-1) in each numeric section, as the
 * toolbar's decimals buttons do to a custom format in Excel: `#,##0.00;[Red](#,##0.00)` ->
 * `#,##0.000;[Red](#,##0.000)`, `0%` -> `0.0%`, `0.0E+00` -> `0E+00`. Sections with dates,
 * times, fractions or text are left alone. Null when nothing changes or the code is not valid.
 */
export function stepFormatCodeDecimals(code: string, step: 1 | -1): string | null {
  if (!isValidFormatCode(code)) return null
  const sectionsOf: string[][] = [[]]
  for (const token of tokenize(code)) {
    if (token.type === 'break') sectionsOf.push([])
    else (sectionsOf[sectionsOf.length - 1] as string[]).push(`${token.type}\u0000${token.raw}`)
  }
  let changed = false
  const out = sectionsOf.map((section) => {
    const types = section.map((t) => t.slice(0, t.indexOf('\u0000')))
    const raws = section.map((t) => t.slice(t.indexOf('\u0000') + 1))
    if (types.some((t) => NO_DECIMALS.has(t))) return raws.join('')
    const exp = types.indexOf('exp')
    const end = exp === -1 ? types.length : exp
    const point = types.slice(0, end).indexOf('point')
    let lastDigit = -1
    for (let i = 0; i < end; i++) if (DIGIT_TOKENS.has(types[i] as string)) lastDigit = i
    if (lastDigit === -1) return raws.join('')
    if (step === 1) {
      raws.splice(lastDigit + 1, 0, point === -1 ? '.0' : '0')
      changed = true
    } else if (point !== -1 && lastDigit > point) {
      const onlyOne = lastDigit === point + 1
      raws.splice(lastDigit, 1)
      if (onlyOne) raws.splice(point, 1)
      changed = true
    }
    return raws.join('')
  })
  return changed ? out.join(';') : null
}
