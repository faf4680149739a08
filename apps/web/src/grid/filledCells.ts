import type * as Y from 'yjs'
import { sheetTypes, type CellPosition, type SheetLayout } from '@cellmate/model'

/**
 * The positions of the cells that hold a value or a formula, in no particular order: one pass
 * over the stored cells (an empty cell is not stored), never a lookup per position of the
 * grid. Cells of rows or columns that are gone (a delete someone else's edit raced) are left out.
 */
export function* filledCells(doc: Y.Doc, layout: SheetLayout): Generator<CellPosition> {
  for (const key of sheetTypes(doc).cells.keys()) {
    const sep = key.indexOf(':')
    const row = layout.rowIndexOf(key.slice(0, sep))
    const col = layout.colIndexOf(key.slice(sep + 1))
    if (row >= 0 && col >= 0) yield { row, col }
  }
}

/**
 * Where Ctrl+End goes, as in Excel and Google Sheets: the last row that holds data crossed with
 * the last column that does (that cell may itself be empty); A1 on an empty sheet. Data is a
 * value or a formula: formats, comments and merges alone do not count, so a sheet formatted
 * down to row 1000 still ends at its last value.
 */
export function lastUsedCell(cells: Iterable<CellPosition>): CellPosition {
  let row = 0
  let col = 0
  for (const cell of cells) {
    if (cell.row > row) row = cell.row
    if (cell.col > col) col = cell.col
  }
  return { row, col }
}
