import type * as Y from 'yjs'
import {
  deleteTable,
  formatAsTable,
  growTableBelow,
  readTables,
  sheetTypes,
  tableAt,
  tablesMap,
  updateTable,
  type RangePosition,
  type SheetTable,
  type TableChange,
  type TableLayout,
} from '@cellmate/model'
import type { CellStyle } from '../format/cellStyle'
import { tableCellLook, tableStyleLook } from './tableLook'

/**
 * The Excel tables of one open sheet, read once per change of the tables, rows or columns
 * (the grid asks per cell on every repaint), the look of each cell under its table, and the
 * editor's table commands, each one undo step of this user (`origin`). `taken` is always the
 * workbook's other tables' and defined names (a table name is unique in the workbook).
 */
export class SheetTables {
  private read: Array<{ table: SheetTable; look: ReturnType<typeof tableStyleLook> }> | null = null
  private readonly stop: () => void

  constructor(
    private readonly doc: Y.Doc,
    private readonly layout: TableLayout,
    private readonly origin: object = {},
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

  /** Format as Table over `range` (header row, Excel's default style); throws as the model does. */
  create(range: RangePosition, taken: readonly string[]): SheetTable {
    return formatAsTable(this.doc, { range }, this.origin, taken)
  }

  /** Renames, restyles or resizes a table; throws as the model does. */
  update(id: string, change: TableChange, taken: readonly string[]): SheetTable {
    return updateTable(this.doc, id, change, this.origin, taken)
  }

  /** Convert to Range: the table goes, its cells stay. */
  remove(id: string): void {
    deleteTable(this.doc, id, this.origin)
  }

  /** Grows the table just above (row, col) to take that row; call inside the write's transaction. */
  growBelow(row: number, col: number): void {
    if (tablesMap(this.doc).size > 0) growTableBelow(this.doc, row, col, this.origin)
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
