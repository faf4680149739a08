import type { CellFormat } from '@cellmate/model'
import {
  describeCell,
  numberFormatColor,
  withShownFormat,
  type CellValue,
  type CellView,
  type ShownFormat,
} from '@cellmate/formula'
import { numberFormatText } from '../grid/cellDisplay'

/**
 * What `gridCell` reads of a sheet: an open `SheetSession`, or a version of one the history
 * preview shows (`previewCells`).
 */
export interface CellSource {
  value(row: number, col: number): CellValue
  layout: { cellAt(row: number, col: number): string }
  shownFormat(row: number, col: number): ShownFormat | null
}

/**
 * What the grid shows in a cell of an open sheet: its computed value (a formula's result, a
 * typed number as typed) in the cell's number format, with its kind for alignment, an
 * error's reason for the tooltip and the colour a custom format code gives it. See `describeCell`.
 * A formula's number in a cell without a number format of its own shows in the format its
 * formula inherits (`=B1+1` over a date is a date; `SheetSession.shownFormat`), as in Excel.
 */
export function gridCell(
  sheet: CellSource,
  row: number,
  col: number,
  format: CellFormat,
): CellView {
  const value = sheet.value(row, col)
  const raw = sheet.layout.cellAt(row, col)
  // Only a number is formatted: no closures for the rest (most of a screen is empty cells).
  if (typeof value !== 'number') return describeCell(raw, value, format)
  const shown = withShownFormat(raw, value, format, () => sheet.shownFormat(row, col))
  const view = describeCell(raw, value, shown, (n) => numberFormatText(n, shown))
  // A custom code's section colour (`[Red]` negatives) wins over the cell's text colour.
  const color = view.kind === 'number' ? numberFormatColor(value, shown) : null
  return color === null ? view : { ...view, color }
}
