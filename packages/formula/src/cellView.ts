import { isCellError, type CellValue } from './cellValue.js'
import { isFormula } from './formulaTokens.js'
import { formatValue, numberFormatText } from './numberFormat.js'

/** What kind of value a cell shows; decides its default alignment, as in Excel. */
export type CellKind = 'empty' | 'text' | 'number' | 'boolean' | 'error'

/** How the grid shows one cell. */
export interface CellView {
  text: string
  kind: CellKind
  /** Why an error is an error ("Division by zero."), for the cell's tooltip. */
  title?: string
  /** Text colour from the number format (`[Red]` in a custom code), `#rrggbb`. */
  color?: string
}

/**
 * The number format part of a cell's format, as read from the document. Anything that is not
 * one of the known formats (an older or newer client's) counts as General.
 */
export interface NumberFormatting {
  numFmt?: unknown
  decimals?: unknown
  numFmtCode?: unknown
}

/** Renders a number in a cell's number format; null when it sets none (General). */
export type FormatNumber = (value: number, format: NumberFormatting) => string | null

/** What every empty cell shows: one frozen object, not one per cell a grid reads. */
const EMPTY: CellView = Object.freeze({ text: '', kind: 'empty' })

/** The default: the cell's number format through `numberFormatText`. */
export const formatNumber: FormatNumber = (value, format) => numberFormatText(value, format)

/**
 * What a cell with stored input `raw` (already in display form or not: only whether it is a
 * formula matters), computed `value` and `format` shows, as Excel shows it:
 * - a formula shows its value: numbers in the cell's number format (General otherwise),
 *   `TRUE`/`FALSE`, the error code (with its reason as `title`), text as is;
 * - a typed number shows as typed (`1,234.5`, `12%`) unless the cell has a number format;
 * - text typed with a leading apostrophe shows without it;
 * - a cell with no input shows a value spilled into it as a formula's value.
 */
export function describeCell(
  raw: string,
  value: CellValue,
  format: NumberFormatting = {},
  renderNumber: FormatNumber = formatNumber,
): CellView {
  // A cell with no input shows the value another formula's array spills into it (SORT,
  // SEQUENCE, FILTER…), as a formula's own value; without one it is empty.
  if (raw === '' && (value === null || value === undefined)) return EMPTY
  const formula = raw === '' || isFormula(raw)
  if (isCellError(value)) return { text: value.error, kind: 'error', title: value.message }
  if (typeof value === 'number') {
    const text = renderNumber(value, format) ?? (formula ? formatValue(value) : raw.trim())
    return { text, kind: 'number' }
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'boolean' }
  if (typeof value === 'string') return { text: value, kind: 'text' }
  // No value yet (the engine has not seen this sheet) or a formula that yields nothing.
  return formula ? EMPTY : { text: raw, kind: 'text' }
}
