import { isFormula, shownFormat, type FormatSource, type ShownFormat } from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'
import type { SheetCell, SheetContent } from './sheetContent.js'

/**
 * The number formats an export gives a sheet's cells, as the grid shows them: a cell's own,
 * else what its formula inherits (`=B1+1` over a date is a date) or its typing implies (`12%`);
 * see `shownFormat`. `toA1` turns a stored formula into its A1 form. Reads only this sheet:
 * a reference to another sheet counts as General (an export holds one sheet at a time).
 */
export function exportFormats(
  content: SheetContent,
  toA1: (stored: string) => string,
): (cell: SheetCell) => ShownFormat | null {
  const { cells } = content
  // Cells are row-major: find one by binary search instead of indexing a big sheet again.
  const find = (row: number, col: number): SheetCell | undefined => {
    let lo = 0
    let hi = cells.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const c = cells[mid] as SheetCell
      const order = c.row - row || c.col - col
      if (order === 0) return c
      if (order < 0) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }
  const source: FormatSource = {
    input(sheet, row, col) {
      if (sheet !== null) return null
      const raw = find(row, col)?.raw ?? ''
      return isFormula(raw) ? toA1(raw) : raw
    },
    format(sheet, row, col): CellFormat {
      return (sheet === null ? find(row, col)?.format : undefined) ?? {}
    },
  }
  return (cell) => (cell.raw === '' ? null : shownFormat(source, null, cell.row, cell.col))
}
