import { NUM_FMTS, isValidFormatValue, type NumFmt } from '@cellmate/model'
import { isCellError, type CellValue } from './cellValue.js'
import { formatGeneral } from './generalFormat.js'
import { formatCodeColor, formatWithCode, presetFormatCode } from './numberFormatCode.js'

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
function formatNumber(
  n: number,
  numFmt: NumFmt | undefined,
  decimals?: number,
  numFmtCode?: string,
): string {
  const code = presetFormatCode(numFmt, decimals, numFmtCode)
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
  format: { numFmt?: unknown; decimals?: unknown; numFmtCode?: unknown },
): string | null {
  if (typeof value !== 'number') return null
  const code = cellFormatCode(format)
  if (code === undefined) return isNumberFormat(format.numFmt) ? formatGeneral(value) : null
  return formatWithCode(value, code) ?? formatGeneral(value)
}

/**
 * The Excel code a cell's format renders numbers with (`presetFormatCode` of its `numFmt`,
 * `decimals` and `numFmtCode`), undefined for General. Attributes that fail the model's
 * validation count as absent, so a foreign value never reaches the renderer.
 */
export function cellFormatCode(format: {
  numFmt?: unknown
  decimals?: unknown
  numFmtCode?: unknown
}): string | undefined {
  const numFmt = isNumberFormat(format.numFmt) ? format.numFmt : undefined
  const decimals = isValidFormatValue('decimals', format.decimals)
    ? (format.decimals as number)
    : undefined
  const code = isValidFormatValue('numFmtCode', format.numFmtCode)
    ? (format.numFmtCode as string)
    : undefined
  return presetFormatCode(numFmt, decimals, code)
}

/**
 * The colour a cell's number format gives a number (`[Red]` in a custom code's negative
 * section), or null. The grid draws it over the cell's own text colour, as Excel does.
 */
export function numberFormatColor(
  value: CellValue,
  format: { numFmt?: unknown; numFmtCode?: unknown },
): string | null {
  if (typeof value !== 'number' || format.numFmt !== 'custom') return null
  const code = isValidFormatValue('numFmtCode', format.numFmtCode)
    ? (format.numFmtCode as string)
    : undefined
  return code === undefined ? null : formatCodeColor(value, code)
}
