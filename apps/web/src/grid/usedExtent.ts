import type * as Y from 'yjs'
import { SheetCells, type CellPosition, type SheetLayout } from '@cellmate/model'
import { filledCells, lastUsedCell } from './filledCells'

/**
 * Where Ctrl+End goes (`lastUsedCell`), kept between presses instead of walked again each
 * time: the walk reads every stored cell, 0.3–0.5 s on a sheet of a million. Cell edits keep
 * it up to date as they come (a value past the corner moves it out; clearing a cell inside it
 * changes nothing); clearing a cell on its last row or column, which may pull it in, and any
 * change of the rows or columns (an insert, a delete, a move, a sort) leave it to be walked
 * again on the next press.
 */
export class UsedExtent {
  /** The last used cell for `rowIds` × `colIds`; null until asked, or after a change of it. */
  private last: CellPosition | null = null
  private rowIds: readonly string[] | null = null
  private colIds: readonly string[] | null = null
  private readonly cells: SheetCells
  private readonly stop: () => void

  constructor(
    private readonly doc: Y.Doc,
    private readonly layout: SheetLayout,
  ) {
    this.cells = SheetCells.of(doc)
    this.stop = this.cells.observe((keys) => this.onCells(keys))
  }

  /** The last row holding data crossed with the last column holding data; A1 on an empty sheet. */
  get(): CellPosition {
    if (!this.last || !this.sameLayout()) {
      this.last = lastUsedCell(filledCells(this.doc, this.layout))
      this.rowIds = this.layout.rowIds
      this.colIds = this.layout.colIds
    }
    return this.last
  }

  destroy(): void {
    this.stop()
  }

  /** The layout is rebuilt (new id lists) after every change of the rows or columns. */
  private sameLayout(): boolean {
    return this.layout.rowIds === this.rowIds && this.layout.colIds === this.colIds
  }

  private onCells(keys: ReadonlySet<string>): void {
    const last = this.last
    if (!last) return
    if (!this.sameLayout()) {
      this.last = null
      return
    }
    let { row, col } = last
    for (const key of keys) {
      const sep = key.indexOf(':')
      const at = this.layout.rowIndexOf(key.slice(0, sep))
      const to = this.layout.colIndexOf(key.slice(sep + 1))
      if (at < 0 || to < 0) continue
      if (this.cells.has(key)) {
        row = Math.max(row, at)
        col = Math.max(col, to)
      } else if (at >= last.row || to >= last.col) {
        this.last = null
        return
      }
    }
    this.last = { row, col }
  }
}
