import {
  format as numfmtFormat,
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

/**
 * The Excel format code of one of Cellmate's preset number formats (`numFmt` and `decimals` of
 * a cell); undefined for General without decimals. Decimals on a General cell mean Number, as
 * the "increase decimals" button does in Google Sheets. The grid renders with this code and
 * the XLSX export writes it, so a cell reads the same in Cellmate and in Excel.
 */
export function presetFormatCode(
  numFmt: NumFmt | undefined,
  decimals?: number,
): string | undefined {
  const d = decimals ?? PRESET_DECIMALS
  switch (numFmt) {
    case 'percent':
      return `0${fraction(d)}%`
    case 'currency':
      return `"$"#,##0${fraction(d)}`
    case 'date':
      return 'yyyy-mm-dd'
    case 'number':
      return `#,##0${fraction(d)}`
    default:
      return decimals === undefined ? undefined : `#,##0${fraction(d)}`
  }
}
