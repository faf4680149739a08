import { formatValue, isFormula, type CellValue } from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'

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
 * A number in the cell's own number format and decimals, or null when the cell sets none
 * (or the value is no number). The same rule the grid renders with (`apps/web`
 * `cellDisplay.ts`): decimals on a General cell mean Number.
 */
function numberText(value: CellValue, format: CellFormat): string | null {
  if (typeof value !== 'number' || (format.numFmt === undefined && format.decimals === undefined)) {
    return null
  }
  const numFmt =
    format.numFmt === undefined || format.numFmt === 'general' ? 'number' : format.numFmt
  if (format.decimals === undefined || numFmt === 'date')
    return formatValue(value, format.numFmt ?? 'general')
  const f = fixed(format.decimals)
  switch (numFmt) {
    case 'percent':
      return `${f.format(value * 100)}%`
    case 'currency':
      return value < 0 ? `-$${f.format(-value)}` : `$${f.format(value)}`
    default:
      return f.format(value)
  }
}

/**
 * The text a cell shows, as the grid shows it: a formula's computed value (in the cell's
 * number format, else Excel's General); a typed number in the cell's number format when it
 * has one, else as typed; text without its `'` marker. `value` is the formula's result, or
 * for other input what `inferValue` makes of it.
 */
export function cellText(raw: string, value: CellValue, format: CellFormat): string {
  if (raw === '') return ''
  if (isFormula(raw)) return numberText(value, format) ?? formatValue(value)
  if (typeof value === 'string') return value
  return numberText(value, format) ?? raw
}
