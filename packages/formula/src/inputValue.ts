import { cellError, parseErrorCode, type CellValue } from './cellValue.js'
import { dateToSerial } from './dateSerial.js'
import type { NumberFormat } from './numberFormat.js'

/** A typed input: the value it stands for and, when the way it was typed says so, a format. */
export interface InputValue {
  value: CellValue
  /** The format Excel would give the cell on entry (`"12%"` -> percent); absent = general. */
  format?: NumberFormat
  /**
   * For a time or a date typed with words, the Excel code it was typed in (`"2:30 PM"` ->
   * `h:mm AM/PM`, `"9-Mar-2026"` -> `d-mmm-yyyy`), which an export gives the cell.
   */
  code?: string
}

// A plain number: digits with correctly grouped thousands (1,234,567) or none, a fraction,
// an exponent. "12,34" is not a number in en-US Excel, it is text.
const NUMBER = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/
const ISO_DATE = /^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$/
const US_DATE = /^([0-9]{1,2})\/([0-9]{1,2})\/([0-9]{4}|[0-9]{2})$/
/** Digits, a minus and a fraction only: what `Number` reads exactly as `parseNumber` does. */
/** First letters (lower case) of what `inferValue` reads as more than text: TRUE, FALSE, months. */
const READ_INITIALS: ReadonlySet<number> = new Set([...'tfjmasond'].map((c) => c.charCodeAt(0)))
const PLAIN_NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/

function parseUnsigned(text: string): number | null {
  if (text === '' || text === '.' || !/[0-9]/.test(text.replace(/[eE].*$/, ''))) return null
  if (!NUMBER.test(text)) return null
  const n = Number(text.replace(/,/g, ''))
  return Number.isFinite(n) ? n : null
}

/**
 * `-1,234.5`, `(12)`, `$1,200`, `-$5`, `$-5`, `12%` -> number and format hint, or null.
 * Parentheses mean negative, as accountants (and Excel) write it.
 */
function parseNumber(text: string): InputValue | null {
  let s = text
  let negative = false
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true
    s = s.slice(1, -1).trim()
  }
  const sign = /^[+-]/.exec(s)
  if (sign) {
    if (negative) return null
    negative = sign[0] === '-'
    s = s.slice(1).trimStart()
  }
  let format: NumberFormat | undefined
  if (s.startsWith('$')) {
    format = 'currency'
    s = s.slice(1).trimStart()
    const inner = /^[+-]/.exec(s)
    if (inner) {
      if (sign || negative) return null
      negative = inner[0] === '-'
      s = s.slice(1)
    }
  }
  let scale = 1
  if (s.endsWith('%') && format === undefined) {
    format = 'percent'
    scale = 100
    s = s.slice(0, -1).trimEnd()
  }
  const n = parseUnsigned(s)
  if (n === null) return null
  // Dividing (not multiplying by 0.01) keeps 12% exactly 0.12.
  const value = (negative ? -n : n) / scale
  if (format === undefined && /,/.test(s)) format = 'number'
  return format === undefined ? { value } : { value, format }
}

// 14:30, 2:30 PM, 2:30:15.5 am, 36:00 (a duration). Excel reads `a`/`p` as AM/PM too.
const TIME = /^([0-9]{1,4}):([0-5]?[0-9])(?::([0-5]?[0-9](?:\.[0-9]+)?))?(?:\s*([AaPp])[Mm]?)?$/
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
// 9-Mar-2026, 9 March 2026, 9-Mar-26
const DAY_MONTH_YEAR = /^([0-9]{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]\s*([0-9]{4}|[0-9]{2})$/
// Mar 9, 2026; March 9 2026
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.? ([0-9]{1,2}),? ([0-9]{4})$/
const SECONDS_PER_DAY = 86_400

/** A time of day (or, past 24 hours, a duration) as a fraction of a day, with its code. */
function parseTime(text: string): { value: number; code: string; format: NumberFormat } | null {
  const m = TIME.exec(text)
  if (!m) return null
  let hours = Number(m[1])
  const minutes = Number(m[2])
  const seconds = m[3] === undefined ? 0 : Number(m[3])
  const half = m[4]?.toLowerCase()
  if (half !== undefined) {
    if (hours < 1 || hours > 12) return null
    hours = (hours % 12) + (half === 'p' ? 12 : 0)
  } else if (hours > 9999) {
    return null
  }
  const value = (hours * 3600 + minutes * 60 + seconds) / SECONDS_PER_DAY
  const withSeconds = m[3] === undefined ? '' : ':ss'
  if (half === undefined && hours >= 24) {
    return { value, code: `[h]:mm${withSeconds}`, format: 'duration' }
  }
  return { value, code: `h:mm${withSeconds}${half === undefined ? '' : ' AM/PM'}`, format: 'time' }
}

/** `Mar`, `march`, `Sept` -> the month's number; a word that is not a month -> null. */
function monthNumber(name: string): number | null {
  const lower = name.toLowerCase()
  const index = MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3)))
  if (index === -1) return null
  return (MONTHS[index] as string).startsWith(lower) || (lower === 'sept' && index === 8)
    ? index + 1
    : null
}

/** `9-Mar-2026`, `9 March 2026`, `Mar 9, 2026` -> serial and the code Excel gives it. */
function parseNamedDate(text: string): { value: number; code: string } | null {
  const dmy = DAY_MONTH_YEAR.exec(text)
  if (dmy) {
    const month = monthNumber(dmy[2] as string)
    if (month === null) return null
    const serial = dateToSerial(fullYear(dmy[3] as string), month, Number(dmy[1]))
    return serial === null ? null : { value: serial, code: 'd-mmm-yyyy' }
  }
  const mdy = MONTH_DAY_YEAR.exec(text)
  if (mdy) {
    const month = monthNumber(mdy[1] as string)
    if (month === null) return null
    const serial = dateToSerial(Number(mdy[3]), month, Number(mdy[2]))
    return serial === null ? null : { value: serial, code: 'mmm d, yyyy' }
  }
  return null
}

/** Excel's two-digit-year window: 00–29 is 2000–2029, 30–99 is 1930–1999. */
function fullYear(text: string): number {
  const year = Number(text)
  if (text.length !== 2) return year
  return year + (year < 30 ? 2000 : 1900)
}

/** `2026-03-09 14:30`, `3/9/2026 2:30 PM` -> date serial plus the time of day. */
function parseDateTime(text: string): InputValue | null {
  const space = text.indexOf(' ')
  if (space === -1) return null
  const serial = parseDate(text.slice(0, space))
  const time = parseTime(text.slice(space + 1).trim())
  if (serial === null || time === null || time.value >= 1) return null
  const datePart = ISO_DATE.test(text.slice(0, space)) ? 'yyyy-mm-dd' : 'm/d/yyyy'
  return { value: serial + time.value, format: 'datetime', code: `${datePart} ${time.code}` }
}

function parseDate(text: string): number | null {
  const iso = ISO_DATE.exec(text)
  if (iso) return dateToSerial(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const us = US_DATE.exec(text)
  if (!us) return null
  return dateToSerial(fullYear(us[3] as string), Number(us[1]), Number(us[2]))
}

/**
 * What a non-formula input means, as en-US Excel infers it on entry: `"1,234.5"` -> 1234.5,
 * `"12%"` -> 0.12 (percent), `"$1,200"` -> 1200 (currency), `"2026-01-31"`, `"1/31/2026"`,
 * `"31-Jan-2026"` or `"Jan 31, 2026"` -> a date serial (date), `"14:30"` or `"2:30 PM"` -> a
 * fraction of a day (time; `"36:00"` a duration), `"2026-01-31 14:30"` -> both (datetime),
 * `"TRUE"`/`"false"` -> boolean, `"#N/A"` -> that error, `""` ->
 * empty. A leading apostrophe forces text (`"'007"` -> `"007"`). Anything else is text.
 * Never throws.
 */
export function inferValue(input: string): InputValue {
  // Most inputs of a big sheet: read as `parseNumber` reads them, without its steps.
  if (PLAIN_NUMBER.test(input)) return { value: Number(input) }
  // Text that starts with a letter no boolean or month name starts with: every other reading
  // starts with a digit, a sign, `(`, `.`, `$`, `#` or `'` (trying each on `v123` took ~0.2 s of
  // reading a 1,000,000-cell sheet for the formula engine).
  const first = input.charCodeAt(0) | 32
  if (first >= 97 && first <= 122 && !READ_INITIALS.has(first)) return { value: input }
  if (input === '') return { value: null }
  if (input.startsWith("'")) return { value: input.slice(1) }
  const text = input.trim()
  if (text === '') return { value: input }
  const upper = text.toUpperCase()
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE' }
  // Every error code starts with `#` (asked of every input of a sheet as it loads).
  const code = text.startsWith('#') ? parseErrorCode(text) : null
  // `#ERROR!` is only what a formula that does not parse reads: typed, it is text, as in Excel
  // (which has no such error, so an XLSX cell may not hold one).
  if (code && code !== '#ERROR!') return { value: cellError(code, 'Typed as an error value.') }
  const number = parseNumber(text)
  if (number) return number
  const serial = parseDate(text)
  if (serial !== null) {
    // `1/31/2026` keeps its style wherever the date travels (a formula over it, an export).
    return ISO_DATE.test(text)
      ? { value: serial, format: 'date' }
      : { value: serial, format: 'date', code: 'm/d/yyyy' }
  }
  const time = parseTime(text)
  if (time !== null) return time
  const named = parseNamedDate(text)
  if (named !== null) return { ...named, format: 'date' }
  return parseDateTime(text) ?? { value: input }
}
