import type * as Y from 'yjs'
import { sheetTypes, type SheetTypes } from './sheet.js'

/** Ids in display order, first occurrence kept, with the reverse index. */
class AxisIndex {
  readonly ids: readonly string[]
  private readonly positions: Map<string, number>

  constructor(raw: readonly string[]) {
    const positions = new Map<string, number>()
    const ids: string[] = []
    for (const id of raw) {
      // Two concurrent moves of one row can leave its id twice; readers keep the first.
      if (positions.has(id)) continue
      positions.set(id, ids.length)
      ids.push(id)
    }
    this.ids = ids
    this.positions = positions
  }

  indexOf(id: string): number {
    return this.positions.get(id) ?? -1
  }
}

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
  }

  private get rowsAxis(): AxisIndex {
    this.rowIndex ??= new AxisIndex(this.types.rows.toArray())
    return this.rowIndex
  }

  private get colsAxis(): AxisIndex {
    this.colIndex ??= new AxisIndex(this.types.cols.toArray())
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

  /** Raw input at a position (`""` when empty or past the end). */
  cellAt(row: number, col: number): string {
    const rowId = this.rowId(row)
    const colId = this.colId(col)
    if (rowId === undefined || colId === undefined) return ''
    return this.types.cells.get(`${rowId}:${colId}`) ?? ''
  }

  destroy(): void {
    this.types.rows.unobserve(this.onRows)
    this.types.cols.unobserve(this.onCols)
  }
}
