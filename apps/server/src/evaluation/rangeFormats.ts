import type * as Y from 'yjs'
import {
  cellInputAt,
  getFormat,
  sheetTypes,
  sheetViewTypes,
  storedSize,
  type CellFormat,
  type RangePosition,
} from '@cellmate/model'
import {
  shownFormat,
  withShownFormat,
  type AxisLookup,
  type CellValue,
  type FormatSource,
} from '@cellmate/formula'

/** How a range of a sheet looks, beside its inputs and values (`?formats=true` reads). */
export interface RangeFormats {
  /**
   * Each cell's format as the grid shows it, row-major: its own attributes, and for a formula's
   * number without a number format of its own, the one it inherits (`=B1+1` over a date is a
   * date; see `shownFormat`). `{}` for a cell without any.
   */
  formats: CellFormat[][]
  /** The width of each column of the range in px; null for the default width. */
  colWidths: Array<number | null>
}

/**
 * The formats and column widths of `range` of the sheet `doc`, whose layout is `layout`;
 * `value` is a cell's computed value and `source` what `shownFormat` reads (the workbook as
 * seen from this sheet), so a reader renders the cells exactly as the grid does.
 */
export function rangeFormats(
  doc: Y.Doc,
  layout: AxisLookup,
  range: RangePosition,
  value: (row: number, col: number) => CellValue,
  source: FormatSource,
): RangeFormats {
  const { cells } = sheetTypes(doc)
  const formats: CellFormat[][] = []
  for (let r = range.start.row; r <= range.end.row; r++) {
    const rowId = layout.rowId(r)
    const line: CellFormat[] = []
    for (let c = range.start.col; c <= range.end.col; c++) {
      const colId = layout.colId(c)
      if (rowId === undefined || colId === undefined) {
        line.push({})
        continue
      }
      const raw = cellInputAt(cells, `${rowId}:${colId}`) ?? ''
      line.push(
        withShownFormat(raw, value(r, c), getFormat(doc, rowId, colId), () =>
          shownFormat(source, null, r, c),
        ),
      )
    }
    formats.push(line)
  }
  const widths = sheetViewTypes(doc).colWidths
  const colWidths: Array<number | null> = []
  for (let c = range.start.col; c <= range.end.col; c++) {
    const colId = layout.colId(c)
    colWidths.push((colId === undefined ? undefined : storedSize(widths, colId)) ?? null)
  }
  return { formats, colWidths }
}
