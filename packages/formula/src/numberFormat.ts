import { NUM_FMTS, isValidFormatValue, type NumFmt } from '@cellmate/model'
import { isCellError, type CellValue } from './cellValue.js'
import { formatGeneral } from './generalFormat.js'
import { formatWithCode, presetFormatCode } from './numberFormatCode.js'

/** The number formats the toolbar offers: the model's list (`NUM_FMTS`), one source for both. */
export const NUMBER_FORMATS = NUM_FMTS

export type NumberFormat = NumFmt

/** True for one of `NUMBER_FORMATS` (for formats read from a document, which is untyped). */
export function isNumberFormat(value: unknown): value is NumberFormat {
  return isValidFormatValue('numFmt', value)
}

/**
 * A number under a preset's Excel code (`presetFormatCode`); General when there is none. A
 * date outside Excel's calendar shows as General (Excel shows `####`): it stays recognisable.
 */
function formatNumber(n: number, numFmt: NumFmt | undefined, decimals?: number): string {
  const code = presetFormatCode(numFmt, decimals)
  return (code === undefined ? null : formatWithCode(n, code)) ?? formatGeneral(n)
}

/**
 * The text a cell shows for a value in a format: numbers per the format's Excel code
 * (`number` = `#,##0.00`, `percent` = `0.00%`, `currency` = `"$"#,##0.00`, `date` =
 * `yyyy-mm-dd`, `general` = Excel's General); booleans as `TRUE`/`FALSE`, errors as their
 * code, text as is, empty as `""`. Formats only apply to numbers, as in Excel.
 */
export function formatValue(value: CellValue, format: NumberFormat = 'general'): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (typeof value === 'string') return value
  if (isCellError(value)) return value.error
  return formatNumber(value, format)
}

/**
 * The text of a value under the cell's own number format (`numFmt`, `decimals` from
 * `@cellmate/model`), or null when the cell sets none or the value is not a number — the
 * caller then shows the value as it would anyway. Decimals on a General cell mean Number, as
 * the "increase decimals" button does in Google Sheets; a date ignores decimals. Fits
 * `describeCell`'s `renderNumber`; attributes that fail the model's validation count as absent.
 */
export function numberFormatText(
  value: CellValue,
  format: { numFmt?: unknown; decimals?: unknown },
): string | null {
  if (typeof value !== 'number') return null
  const numFmt = isValidFormatValue('numFmt', format.numFmt) ? (format.numFmt as NumFmt) : undefined
  const decimals = isValidFormatValue('decimals', format.decimals)
    ? (format.decimals as number)
    : undefined
  if (presetFormatCode(numFmt, decimals) === undefined)
    return numFmt === undefined ? null : formatGeneral(value)
  return formatNumber(value, numFmt, decimals)
}
