import * as Y from 'yjs'
import {
  SheetLayout,
  ensureSheetSize,
  insertRows,
  setCell,
  setCells,
  sheetTypes,
  type CellEdit,
} from '@cellmate/model'
import type { CellWrite, SheetClient } from './sheetClient.js'

/**
 * The part of a client that is the same for both Yjs systems: Cellmate's sheet schema and edit
 * functions from `@cellmate/model` on a local Y.Doc. Only the transport differs (subclasses).
 */
export abstract class YSheetClient implements SheetClient {
  protected readonly layout: SheetLayout
  private readonly listeners: Array<(value: string) => void> = []

  constructor(readonly doc: Y.Doc) {
    this.layout = new SheetLayout(doc)
    const cells = sheetTypes(doc).cells
    cells.observe((keys, transaction) => {
      if (transaction.local || this.listeners.length === 0) return
      for (const key of keys) {
        const value = cells.get(key)
        if (value !== undefined) for (const l of this.listeners) l(value)
      }
    })
  }

  get rowCount(): number {
    return this.layout.rowCount
  }

  setCellAt(row: number, col: number, value: string): void {
    setCell(this.doc, this.rowIdAt(row), this.colIdAt(col), value)
  }

  insertRowAt(row: number, label: string): void {
    const [id] = insertRows(this.doc, row, 1)
    if (id === undefined) throw new Error('insertRows returned no id')
    setCell(this.doc, id, this.colIdAt(0), label)
  }

  paste(cells: readonly CellWrite[]): void {
    const edits: CellEdit[] = cells.map(({ row, col, value }) => ({
      rowId: this.rowIdAt(row),
      colId: this.colIdAt(col),
      value,
    }))
    setCells(this.doc, edits)
  }

  ensureRows(rows: number): void {
    ensureSheetSize(this.doc, { rows, cols: Math.max(1, this.layout.colCount) })
  }

  onRemoteValue(listener: (value: string) => void): void {
    this.listeners.push(listener)
  }

  view(cols: number, rows: number): string[][] {
    const out: string[][] = []
    const n = Math.min(rows, this.layout.rowCount)
    for (let r = 0; r < n; r++) {
      const line: string[] = []
      for (let c = 0; c < cols; c++) line.push(this.layout.cellAt(r, c))
      out.push(line)
    }
    return out
  }

  encodedSize(): number {
    return Y.encodeStateAsUpdate(this.doc).byteLength
  }

  abstract acked(): Promise<void>
  abstract close(): void

  private rowIdAt(row: number): string {
    const id = this.layout.rowId(row)
    if (id === undefined) throw new Error(`no row ${row} (the view has ${this.layout.rowCount})`)
    return id
  }

  private colIdAt(col: number): string {
    const id = this.layout.colId(col)
    if (id === undefined) throw new Error(`no column ${col}`)
    return id
  }
}
