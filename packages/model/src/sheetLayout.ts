import type * as Y from 'yjs'
import type { IdPositions } from './idPositions.js'
import { liveIdPositions, sheetTypes, type SheetTypes } from './sheet.js'

/** Ids in display order (see `liveIds`) with the reverse index. */
type AxisIndex = IdPositions

/**
 * The current positions of a sheet's rows and columns: index <-> id, rebuilt lazily after a
 * structural change (not after cell edits, which are far more frequent). Call `destroy()`
 * when done, it observes the document.
 */
export class SheetLayout {
  private readonly types: SheetTypes
  private rowIndex: AxisIndex | null = null
  private colIndex: AxisIndex | null = null
  private readonly onRows = (): void => {
    this.rowIndex = null
  }
  private readonly onCols = (): void => {
    this.colIndex = null
  }

  constructor(doc: Y.Doc) {
    this.types = sheetTypes(doc)
    this.types.rows.observe(this.onRows)
    this.types.cols.observe(this.onCols)
    this.types.removedRows.observe(this.onRows)
    this.types.removedCols.observe(this.onCols)
  }

  private get rowsAxis(): AxisIndex {
    this.rowIndex ??= liveIdPositions(this.types.rows, this.types.removedRows)
    return this.rowIndex
  }

  private get colsAxis(): AxisIndex {
    this.colIndex ??= liveIdPositions(this.types.cols, this.types.removedCols)
    return this.colIndex
  }

  get rowCount(): number {
    return this.rowsAxis.ids.length
  }

  get colCount(): number {
    return this.colsAxis.ids.length
  }

  /** Id of the row at `index`, or undefined past the end. */
  rowId(index: number): string | undefined {
    return this.rowsAxis.ids[index]
  }

  colId(index: number): string | undefined {
    return this.colsAxis.ids[index]
  }

  /** Current index of a row id, -1 when the row is gone. */
  rowIndexOf(id: string): number {
    return this.rowsAxis.indexOf(id)
  }

  colIndexOf(id: string): number {
    return this.colsAxis.indexOf(id)
  }

  /** Row ids in display order (a fresh copy is not made: do not mutate). */
  get rowIds(): readonly string[] {
    return this.rowsAxis.ids
  }

  get colIds(): readonly string[] {
    return this.colsAxis.ids
  }

  /** Raw input at a position (`""` when empty or past the end). */
  cellAt(row: number, col: number): string {
    const rowId = this.rowId(row)
    const colId = this.colId(col)
    if (rowId === undefined || colId === undefined) return ''
    return this.types.cells.input(rowId, colId) ?? ''
  }

  destroy(): void {
    this.types.rows.unobserve(this.onRows)
    this.types.cols.unobserve(this.onCols)
    this.types.removedRows.unobserve(this.onRows)
    this.types.removedCols.unobserve(this.onCols)
  }
}
