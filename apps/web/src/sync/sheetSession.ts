import type * as Y from 'yjs'
import { SheetLayout, setCell, sheetTypes } from '@cellmate/model'
import type { PersistedDoc } from './persistedDoc'

/**
 * One open sheet: its document, the index<->id layout, and writes tagged with the session's
 * origin. The document is the only copy of the cells; the UI reads the cells it shows.
 */
export class SheetSession {
  readonly layout: SheetLayout
  private closed = false

  constructor(
    readonly id: string,
    private readonly binding: PersistedDoc,
    private readonly origin: object,
  ) {
    this.layout = new SheetLayout(binding.doc)
  }

  get doc(): Y.Doc {
    return this.binding.doc
  }

  /**
   * Calls `listener` after any change to cells, rows or columns. Registered after the layout's
   * own observers, so the layout is already up to date when it runs.
   */
  onChange(listener: () => void): () => void {
    const { rows, cols, cells } = sheetTypes(this.doc)
    const handler = (): void => listener()
    rows.observe(handler)
    cols.observe(handler)
    cells.observe(handler)
    return () => {
      rows.unobserve(handler)
      cols.unobserve(handler)
      cells.unobserve(handler)
    }
  }

  /** Raw input at a position, `""` when empty. */
  read(row: number, col: number): string {
    return this.layout.cellAt(row, col)
  }

  /** Writes (or with `""` clears) the cell at a position; a no-op past the sheet's end. */
  write(row: number, col: number, value: string): void {
    const rowId = this.layout.rowId(row)
    const colId = this.layout.colId(col)
    if (rowId === undefined || colId === undefined) return
    setCell(this.doc, rowId, colId, value, this.origin)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.layout.destroy()
    this.binding.close()
    this.doc.destroy()
  }
}
