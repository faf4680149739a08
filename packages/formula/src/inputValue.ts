import { cellError, parseErrorCode, type CellValue } from './cellValue.js'
import { dateToSerial } from './dateSerial.js'
import type { NumberFormat } from './numberFormat.js'

/** A typed input: the value it stands for and, when the way it was typed says so, a format. */
export interface InputValue {
  value: CellValue
  /** The format Excel would give the cell on entry (`"12%"` -> percent); absent = general. */
  format?: NumberFormat
}

// A plain number: digits with correctly grouped thousands (1,234,567) or none, a fraction,
// an exponent. "12,34" is not a number in en-US Excel, it is text.
const NUMBER = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/
const ISO_DATE = /^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$/
const US_DATE = /^([0-9]{1,2})\/([0-9]{1,2})\/([0-9]{4}|[0-9]{2})$/

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

function parseDate(text: string): number | null {
  const iso = ISO_DATE.exec(text)
  if (iso) return dateToSerial(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const us = US_DATE.exec(text)
  if (!us) return null
  let year = Number(us[3])
  // Excel's two-digit-year window: 00–29 is 2000–2029, 30–99 is 1930–1999.
  if ((us[3] as string).length === 2) year += year < 30 ? 2000 : 1900
  return dateToSerial(year, Number(us[1]), Number(us[2]))
}

/**
 * What a non-formula input means, as en-US Excel infers it on entry: `"1,234.5"` -> 1234.5,
 * `"12%"` -> 0.12 (percent), `"$1,200"` -> 1200 (currency), `"2026-01-31"` or `"1/31/2026"`
 * -> a date serial (date), `"TRUE"`/`"false"` -> boolean, `"#N/A"` -> that error, `""` ->
 * empty. A leading apostrophe forces text (`"'007"` -> `"007"`). Anything else is text.
 * Never throws.
 */
export function inferValue(input: string): InputValue {
  if (input === '') return { value: null }
  if (input.startsWith("'")) return { value: input.slice(1) }
  const text = input.trim()
  if (text === '') return { value: input }
  const upper = text.toUpperCase()
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE' }
  const code = parseErrorCode(text)
  if (code) return { value: cellError(code, 'Typed as an error value.') }
  const number = parseNumber(text)
  if (number) return number
  const serial = parseDate(text)
  if (serial !== null) return { value: serial, format: 'date' }
  return { value: input }
}
