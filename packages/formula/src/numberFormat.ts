import { NUM_FMTS, isValidFormatValue, type NumFmt } from '@cellmate/model'
import { isCellError, type CellValue } from './cellValue.js'
import { serialToDate } from './dateSerial.js'

/** The number formats the toolbar offers: the model's list (`NUM_FMTS`), one source for both. */
export const NUMBER_FORMATS = NUM_FMTS

export type NumberFormat = NumFmt

/** True for one of `NUMBER_FORMATS` (for formats read from a document, which is untyped). */
export function isNumberFormat(value: unknown): value is NumberFormat {
  return isValidFormatValue('numFmt', value)
}

const FIXED_2 = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: true,
})

/** Excel's "General" keeps a number within 11 characters, switching to scientific past that. */
const GENERAL_WIDTH = 11

function scientific(n: number): string {
  for (let digits = 5; digits >= 0; digits--) {
    const [mantissa, exp] = n.toExponential(digits).split('e') as [string, string]
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
    const e = Number(exp)
    const text = `${trimmed}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
    if (text.length <= GENERAL_WIDTH || digits === 0) return text
  }
  return n.toExponential(0)
}

/** `1/3` -> `0.333333333`, `1234567` -> `1234567`, `1e15` -> `1E+15`, like Excel's General. */
export function formatGeneral(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!'
  if (n === 0) return '0'
  const abs = Math.abs(n)
  if (abs >= 1e11 || abs < 1e-9) return scientific(n)
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1)
  const room = GENERAL_WIDTH - (n < 0 ? 1 : 0) - intDigits - 1
  // Round to what fits, then drop trailing zeros: 0.1 + 0.2 shows 0.3, as in Excel.
  const fixed = n.toFixed(Math.max(0, Math.min(room, 20)))
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  if (text === '0' || text === '-0') return scientific(n)
  return text.length <= GENERAL_WIDTH + 1 ? text : scientific(n)
}

function formatNumber(n: number, format: NumberFormat): string {
  switch (format) {
    case 'number':
      return FIXED_2.format(n)
    case 'percent':
      return `${FIXED_2.format(n * 100)}%`
    case 'currency':
      return n < 0 ? `-$${FIXED_2.format(-n)}` : `$${FIXED_2.format(n)}`
    case 'date': {
      // Excel shows #### for dates outside its calendar; keep it recognisable as a number.
      if (n < 0 || n >= 2_958_466) return formatGeneral(n)
      const { year, month, day } = serialToDate(n)
      const pad = (v: number) => String(v).padStart(2, '0')
      return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`
    }
    default:
      return formatGeneral(n)
  }
}

/**
 * The text a cell shows for a value in a format: numbers per the format (`number` = 2
 * decimals with thousands separators, `percent` = 2 decimals and `%`, `currency` = USD,
 * `date` = ISO `yyyy-mm-dd`, `general` = Excel's General); booleans as `TRUE`/`FALSE`, errors
 * as their code, text as is, empty as `""`. Formats only apply to numbers, as in Excel.
 */
export function formatValue(value: CellValue, format: NumberFormat = 'general'): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (typeof value === 'string') return value
  if (isCellError(value)) return value.error
  return formatNumber(value, format)
}

const FIXED = new Map<number, Intl.NumberFormat>()

function fixed(decimals: number): Intl.NumberFormat {
  let f = FIXED.get(decimals)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: true,
    })
    FIXED.set(decimals, f)
  }
  return f
}

/**
 * The text of a value under the cell's own number format (`numFmt`, `decimals` from
 * `@cellmate/model`), or null when the cell sets none or the value is not a number — the
 * caller then shows the value as it would anyway. Decimals on a General cell mean Number, as
 * the "increase decimals" button does in Google Sheets. Fits `describeCell`'s `renderNumber`;
 * attributes that fail the model's validation count as absent.
 */
export function numberFormatText(
  value: CellValue,
  format: { numFmt?: unknown; decimals?: unknown },
): string | null {
  if (typeof value !== 'number') return null
  const numFmt = isValidFormatValue('numFmt', format.numFmt) ? (format.numFmt as NumFmt) : null
  const decimals = isValidFormatValue('decimals', format.decimals)
    ? (format.decimals as number)
    : null
  if (decimals === null) return numFmt === null ? null : formatValue(value, numFmt)
  if (numFmt === 'date') return formatValue(value, numFmt)
  const f = fixed(decimals)
  switch (numFmt) {
    case 'percent':
      return `${f.format(value * 100)}%`
    case 'currency':
      return value < 0 ? `-$${f.format(-value)}` : `$${f.format(value)}`
    default:
      return f.format(value)
  }
}
