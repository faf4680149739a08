import type * as Y from 'yjs'
import { SheetLayout, formatA1, setCells, type CellEdit } from '@cellmate/model'

/** Columns of a pasted block: A..Y. */
const BLOCK_COLS = 25

/** The A1 address of the `i`th cell of a block pasted by `pasteBlock`. */
export function blockAddress(i: number): string {
  return formatA1({ row: Math.floor(i / BLOCK_COLS), col: i % BLOCK_COLS })
}

/**
 * Pastes `count` cells into `doc` in one transaction (a block 25 wide from A1, row by row, the
 * `i`th valued `${tag}${i}`), as a tab's paste does; returns the cells written.
 */
export function pasteBlock(doc: Y.Doc, tag: string, count: number): CellEdit[] {
  const layout = new SheetLayout(doc)
  const cells = Array.from({ length: count }, (_, i) => ({
    rowId: layout.rowId(Math.floor(i / BLOCK_COLS))!,
    colId: layout.colId(i % BLOCK_COLS)!,
    value: `${tag}${i}`,
  }))
  layout.destroy()
  setCells(doc, cells)
  return cells
}
