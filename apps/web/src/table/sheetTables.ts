import type * as Y from 'yjs'
import {
  deleteTable,
  formatAsTable,
  growTablesTo,
  readTables,
  renameColumnAtHeader,
  sheetTypes,
  tableAt,
  tablesMap,
  updateTable,
  type RangePosition,
  type SheetTable,
  type TableChange,
  type TableLayout,
  type TableOptions,
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

  /**
   * Format as Table over `range` (by default a header row in Excel's default style); throws
   * as the model does.
   */
  create(
    range: RangePosition,
    taken: readonly string[],
    options: Partial<TableOptions> = {},
  ): SheetTable {
    return formatAsTable(this.doc, { ...options, range }, this.origin, taken)
  }

  /** Renames, restyles or resizes a table; throws as the model does. */
  update(id: string, change: TableChange, taken: readonly string[]): SheetTable {
    return updateTable(this.doc, id, change, this.origin, taken)
  }

  /** Convert to Range: the table goes, its cells stay. */
  remove(id: string): void {
    deleteTable(this.doc, id, this.origin)
  }

  /**
   * Grows a table just above or just left of `block` to take the cells written there (Excel's
   * auto-expansion); call inside the write's transaction.
   */
  growTo(block: RangePosition): void {
    if (tablesMap(this.doc).size > 0) growTablesTo(this.doc, block, this.origin)
  }

  /**
   * Writes `input` into the header cell at (row, col) of a table, which renames its column
   * (Excel's rules for empty and repeated names); false, writing nothing, for any other cell.
   * Call inside the write's transaction.
   */
  writeHeader(row: number, col: number, input: string): boolean {
    if (tablesMap(this.doc).size === 0) return false
    return renameColumnAtHeader(this.doc, row, col, input, this.origin) !== null
  }

  /**
   * The header cells of every table inside `range`, as positions; read afresh (it is asked
   * inside a write that may have just grown a table).
   */
  headersIn(range: RangePosition): Array<{ row: number; col: number }> {
    const out: Array<{ row: number; col: number }> = []
    if (tablesMap(this.doc).size === 0) return out
    for (const t of readTables(this.doc)) {
      const row = t.range.start.row
      if (!t.headerRow || row < range.start.row || row > range.end.row) continue
      const from = Math.max(t.range.start.col, range.start.col)
      const to = Math.min(t.range.end.col, range.end.col)
      for (let col = from; col <= to; col++) out.push({ row, col })
    }
    return out
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
