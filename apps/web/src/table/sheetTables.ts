import type * as Y from 'yjs'
import {
  readTables,
  sheetTypes,
  tableAt,
  tablesMap,
  type SheetTable,
  type TableLayout,
} from '@cellmate/model'
import type { CellStyle } from '../format/cellStyle'
import { tableCellLook, tableStyleLook } from './tableLook'

/**
 * The Excel tables of one open sheet, read once per change of the tables, rows or columns
 * (the grid asks per cell on every repaint), and the look of each cell under its table.
 */
export class SheetTables {
  private read: Array<{ table: SheetTable; look: ReturnType<typeof tableStyleLook> }> | null = null
  private readonly stop: () => void

  constructor(
    private readonly doc: Y.Doc,
    private readonly layout: TableLayout,
  ) {
    const t = sheetTypes(doc)
    const watched: ReadonlySet<object> = new Set([
      t.rows,
      t.cols,
      t.removedRows,
      t.removedCols,
      tablesMap(doc),
    ])
    const handler = (tr: Y.Transaction): void => {
      for (const type of tr.changed.keys()) if (watched.has(type)) return void (this.read = null)
    }
    doc.on('afterTransaction', handler)
    this.stop = () => doc.off('afterTransaction', handler)
  }

  /** The sheet's tables with their current ranges. */
  all(): SheetTable[] {
    return this.tables().map((t) => t.table)
  }

  /** The table holding a cell, or null. */
  at(row: number, col: number): SheetTable | null {
    return tableAt(this.all(), row, col)
  }

  /** The table style's look at a cell; undefined outside tables. */
  lookAt(row: number, col: number): CellStyle | undefined {
    const tables = this.tables()
    if (tables.length === 0) return undefined
    for (const { table, look } of tables) {
      const { start, end } = table.range
      if (row < start.row || row > end.row || col < start.col || col > end.col) continue
      return tableCellLook(table, row, col, look)
    }
    return undefined
  }

  close(): void {
    this.stop()
  }

  private tables(): NonNullable<SheetTables['read']> {
    if (!this.read) {
      this.read =
        tablesMap(this.doc).size === 0
          ? []
          : readTables(this.doc, this.layout).map((table) => ({
              table,
              look: tableStyleLook(table.style),
            }))
    }
    return this.read
  }
}
