import type { CellsRead, CellValueJson } from '@cellmate/client'
import type { CellFormat } from '@cellmate/model'
import {
  cellError,
  inferValue,
  isCellError,
  isFormula,
  parseErrorCode,
  type CellValue,
} from '@cellmate/formula'
import { cellStyle, type CellStyle } from '../format/cellStyle'
import { gridCell } from '../formula/gridCell'
import { measureCellText, numberShown } from '../grid/cellOverflow'
import { COL_WIDTH } from '../grid/gridGeometry'

/** One cell of the version preview, shown as the grid shows it (`useVisibleCells`). */
export interface PreviewCell {
  text: string
  numeric: boolean
  /** Excel centres booleans and errors. */
  centered: boolean
  error: boolean
  /** Why an error is an error. */
  title?: string
  style?: CellStyle
}

const NO_FORMAT: CellFormat = Object.freeze({})

/**
 * A value as the REST API gives it back as the grid's engine has it: an error comes as its
 * code, which is also what text typed with a `'` reads, so the input tells them apart.
 */
function cellValueOf(input: string, value: CellValueJson | undefined): CellValue {
  if (value === undefined) return null
  if (typeof value !== 'string') return value
  const code = parseErrorCode(value)
  if (code === null) return value
  const computed = input === '' || isFormula(input)
  return computed || isCellError(inferValue(input).value) ? cellError(code) : value
}

/** The width of each column of a read, in px, as the grid sizes it. */
export function previewColWidths(read: CellsRead, cols: number): number[] {
  return Array.from({ length: cols }, (_, c) => read.colWidths?.[c] ?? COL_WIDTH)
}

/**
 * The cells of a range read with its formats (`readCells(…, {formats: true})`), shown as the
 * grid shows them: the same `gridCell` (the number format, a formula's inherited one already
 * in `formats`), the same `cellStyle` (bold, colours, alignment…) and a number too wide for its
 * column shortened or `###`.
 */
export function previewCells(read: CellsRead): PreviewCell[][] {
  const widths = previewColWidths(read, read.inputs[0]?.length ?? 0)
  const source = {
    value: (row: number, col: number) =>
      cellValueOf(read.inputs[row]?.[col] ?? '', read.values[row]?.[col]),
    layout: { cellAt: (row: number, col: number) => read.inputs[row]?.[col] ?? '' },
    // The server merged what a formula inherits into `formats` (`withShownFormat`).
    shownFormat: () => null,
  }
  return read.inputs.map((line, row) =>
    line.map((_, col) => {
      const format = read.formats?.[row]?.[col] ?? NO_FORMAT
      const view = gridCell(source, row, col, format)
      const measured = view.kind === 'number' ? measureCellText(view.text, format) : 0
      const style = cellStyle(format)
      return {
        text: numberShown(view.kind, format, view.text, measured, widths[col] ?? COL_WIDTH),
        numeric: view.kind === 'number',
        centered: view.kind === 'boolean' || view.kind === 'error',
        error: view.kind === 'error',
        title: view.title,
        style: view.color ? { ...style, color: view.color } : style,
      }
    }),
  )
}
