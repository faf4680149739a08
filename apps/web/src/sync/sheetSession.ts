import type * as Y from 'yjs'
import {
  SheetLayout,
  deleteAxis,
  insertAxis,
  moveAxis,
  setCell,
  sheetTypes,
  type Axis,
  type CellPosition,
} from '@cellmate/model'

/** A structural edit of one sheet, in display positions (0-based). */
export type StructureOp =
  | { kind: 'insert'; axis: Axis; at: number; count: number }
  | { kind: 'delete'; axis: Axis; at: number; count: number }
  | { kind: 'move'; axis: Axis; from: number; count: number; to: number }

/** The sheet document a session reads, and how to give it back when the session closes. */
export interface SheetDocHandle {
  readonly doc: Y.Doc
  /** Called once when the session closes; the owner decides when the document goes. */
  release(): void
}

/**
 * One open sheet: its document, the index<->id layout, and writes tagged with the session's
 * origin (so the user's undo history holds them and nobody else's). The document is the only
 * copy of the cells; the UI reads the cells it shows.
 */
export class SheetSession {
  readonly layout: SheetLayout
  private closed = false

  constructor(
    readonly id: string,
    private readonly handle: SheetDocHandle,
    private readonly origin: object,
  ) {
    this.layout = new SheetLayout(handle.doc)
  }

  get doc(): Y.Doc {
    return this.handle.doc
  }

  /**
   * Calls `listener` once per transaction that changed cells, rows or columns (deletions
   * included: a deleted row lands in `removedRows`). It runs after every type observer, so
   * the layout is already up to date.
   */
  onChange(listener: () => void): () => void {
    const t = sheetTypes(this.doc)
    return this.afterTransactionOn(
      [t.rows, t.cols, t.removedRows, t.removedCols, t.cells],
      listener,
    )
  }

  /** Like `onChange`, for changes to the rows and columns only (not cell edits). */
  onStructureChange(listener: () => void): () => void {
    const t = sheetTypes(this.doc)
    return this.afterTransactionOn([t.rows, t.cols, t.removedRows, t.removedCols], listener)
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

  /**
   * Inserts, deletes or moves rows or columns as one transaction (one undo step). Throws the
   * model's `CellmateError` when refused (the last row, past the sheet limits).
   */
  apply(op: StructureOp): void {
    switch (op.kind) {
      case 'insert':
        insertAxis(this.doc, op.axis, op.at, op.count, this.origin)
        break
      case 'delete':
        deleteAxis(this.doc, op.axis, op.at, op.count, this.origin)
        break
      case 'move':
        moveAxis(this.doc, op.axis, op.from, op.count, op.to, this.origin)
        break
    }
  }

  /**
   * Runs `change` (an undo or a redo) and returns the position of a visible cell it changed,
   * so the selection can follow it as in every spreadsheet; null when it changed no cell
   * that is still on the sheet.
   */
  cellChangedBy(change: () => void): CellPosition | null {
    const { cells } = sheetTypes(this.doc)
    const keys: string[] = []
    const collect = (event: Y.YMapEvent<string>): void => {
      keys.push(...event.keysChanged)
    }
    cells.observe(collect)
    try {
      change()
    } finally {
      cells.unobserve(collect)
    }
    for (const key of keys) {
      const sep = key.indexOf(':')
      const row = this.layout.rowIndexOf(key.slice(0, sep))
      const col = this.layout.colIndexOf(key.slice(sep + 1))
      if (row >= 0 && col >= 0) return { row, col }
    }
    return null
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.layout.destroy()
    this.handle.release()
  }

  private afterTransactionOn(types: readonly object[], listener: () => void): () => void {
    const handler = (tr: Y.Transaction): void => {
      const changed: ReadonlyMap<object, unknown> = tr.changed
      if (types.some((type) => changed.has(type))) listener()
    }
    this.doc.on('afterTransaction', handler)
    return () => this.doc.off('afterTransaction', handler)
  }
}
