import { formatValue, isFormula, numberFormatText, type CellValue } from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'

/**
 * The text a cell shows, as the grid shows it: a formula's computed value (in the cell's
 * number format, else Excel's General); a typed number in the cell's number format when it
 * has one, else as typed; text without its `'` marker. `value` is the formula's result, or
 * for other input what `inferValue` makes of it.
 */
export function cellText(raw: string, value: CellValue, format: CellFormat): string {
  if (raw === '') return ''
  if (isFormula(raw)) return numberFormatText(value, format) ?? formatValue(value)
  if (typeof value === 'string') return value
  return numberFormatText(value, format) ?? raw
}
