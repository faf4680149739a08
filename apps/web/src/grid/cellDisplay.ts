import { isValidFormatValue, type NumFmt } from '@cellmate/model'
import { formatValue, type CellValue } from '@cellmate/formula'

const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/

/** True for inputs shown as numbers (right-aligned), as spreadsheets do. */
export function looksNumeric(raw: string): boolean {
  return NUMBER_RE.test(raw.trim())
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
