import type { CellFormat } from '@cellmate/model'
import { numberFormatText } from '../grid/cellDisplay'
import type { SheetSession } from '../sync/sheetSession'
import { describeCell, type CellView } from './cellView'

/**
 * What the grid shows in a cell of an open sheet: its computed value (a formula's result, a
 * typed number as typed) in the cell's number format, with its kind for alignment and an
 * error's reason for the tooltip. See `describeCell`.
 */
export function gridCell(
  sheet: SheetSession,
  row: number,
  col: number,
  format: CellFormat,
): CellView {
  return describeCell(sheet.layout.cellAt(row, col), sheet.value(row, col), format, (value) =>
    numberFormatText(value, format),
  )
}
