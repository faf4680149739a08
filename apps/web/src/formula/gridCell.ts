import type { CellFormat } from '@cellmate/model'
import { describeCell, numberFormatColor, type CellView } from '@cellmate/formula'
import { numberFormatText } from '../grid/cellDisplay'
import type { SheetSession } from '../sync/sheetSession'

/**
 * What the grid shows in a cell of an open sheet: its computed value (a formula's result, a
 * typed number as typed) in the cell's number format, with its kind for alignment, an
 * error's reason for the tooltip and the colour a custom format code gives it. See `describeCell`.
 */
export function gridCell(
  sheet: SheetSession,
  row: number,
  col: number,
  format: CellFormat,
): CellView {
  const value = sheet.value(row, col)
  const view = describeCell(sheet.layout.cellAt(row, col), value, format, (n) =>
    numberFormatText(n, format),
  )
  // A custom code's section colour (`[Red]` negatives) wins over the cell's text colour.
  const color = view.kind === 'number' ? numberFormatColor(value, format) : null
  return color === null ? view : { ...view, color }
}
