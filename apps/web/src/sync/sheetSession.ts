import type * as Y from 'yjs'
import type { SyncedDoc } from '@cellmate/client'
import {
  SheetLayout,
  clearRange,
  setColWidths,
  setFrozen,
  setRowHeights,
  type FrozenPanes,
  clearFormats,
  formatsMap,
  getFormat,
  setCell,
  setFormat,
  setNumberFormat,
  sheetTypes,
  setHiddenAt,
  type Axis,
  type CellFormat,
  type CellPosition,
  type FormatAttr,
  type NumFmt,
  type RangePosition,
  type SortKey,
  BlockIndex,
  mergeCells,
  mergesMap,
  planMerge,
  readMerges,
  unmergeCells,
  type MergeBlock,
  type MergeMode,
  type MergePlan,
} from '@cellmate/model'
import type { CellValue, FormulaContext, ShownFormat } from '@cellmate/formula'
import type { CellsMoved, SheetFormulas } from '../formula/sheetFormulas'
import type { SheetConditionalFormats } from '../conditionalFormat/sheetConditionalFormats'
import type { SheetValidations } from '../validation/sheetValidations'
import type { SheetFilters } from '../filter/sheetFilters'
import type { SheetTables } from '../table/sheetTables'
import { DisplayChanges } from './displayChanges'
import type { SheetDocHandle } from './sheetDocHandle'
import { writeBlock, type PositionedEdit, type WriteBlockOptions } from './sheetBlockWrite'
import { openSheetParts } from './sheetParts'
import { applyStructure, sortSheetRows, type StructureOp } from './sheetStructure'
import { afterTransactionOn, cellChangedBy, watchSheetChanges } from './sheetWatches'
import { FormattedCells } from './formattedCells'
import { UsedExtent } from '../grid/usedExtent'

export type { PositionedEdit, WriteBlockOptions } from './sheetBlockWrite'
export type { StructureOp } from './sheetStructure'
export type { SheetDocHandle } from './sheetDocHandle'

/** The format of every unformatted cell: one object, not one per cell read (a screenful a frame). */
const NO_FORMAT: CellFormat = Object.freeze({})

/**
 * One open sheet: its document, the index<->id layout, and writes tagged with the session's
 * origin (so the user's undo history holds them and nobody else's). The document is the only
 * copy of the cells; the UI reads the cells it shows.
 */
export class SheetSession {
  readonly layout: SheetLayout
  /** Values and formula text conversions; null without a workbook engine (tests). */
  private readonly formulas: SheetFormulas | null
  private closed = false
  /** Merged blocks for the current document state; null until read after a change. */
  private merges: { index: BlockIndex; held: MergeBlock[] } | null = null
  private readonly stopMerges: () => void
  /** The sheet's data validation rules (read once per change of rules or structure). */
  readonly validations: SheetValidations
  /** Excel tables and each cell's look under its table's style. */
  readonly tables: SheetTables
  /** Conditional formats: rules, each cell's look under them, rule edits. */
  readonly conditionalFormats: SheetConditionalFormats
  /** The shared filter and this person's filter views (`SheetFilters`). */
  readonly filters: SheetFilters
  /** Rows that may show otherwise since the grid last read them (one reader: the grid). */
  readonly displayChanges = new DisplayChanges()
  /** Where Ctrl+End goes, kept up to date between presses. */
  readonly usedExtent: UsedExtent
  private readonly formatted: FormattedCells
  /** Stops the parts' watches and closes the tables (`openSheetParts`). */
  private readonly closeParts: () => void

  constructor(
    readonly id: string,
    private readonly handle: SheetDocHandle,
    private readonly origin: object,
    formulas?: (layout: SheetLayout) => SheetFormulas,
  ) {
    this.layout = new SheetLayout(handle.doc)
    this.formulas = formulas?.(this.layout) ?? null
    this.formatted = new FormattedCells(formatsMap(handle.doc))
    this.usedExtent = new UsedExtent(handle.doc, this.layout)
    const t = sheetTypes(handle.doc)
    // Merges depend on ids' positions and on which of their cells hold values.
    this.stopMerges = afterTransactionOn(
      handle.doc,
      [t.rows, t.cols, t.removedRows, t.removedCols, t.cells.array, mergesMap(handle.doc)],
      () => (this.merges = null),
    )
    const parts = openSheetParts({
      id,
      doc: handle.doc,
      layout: this.layout,
      formulas: this.formulas,
      origin,
      displayChanges: this.displayChanges,
      value: (row, col) => this.value(row, col),
      format: (row, col) => this.format(row, col),
      shownFormat: (row, col) => this.shownFormat(row, col),
      shownValue: (row, col) => this.shownValue(row, col),
    })
    this.validations = parts.validations
    this.filters = parts.filters
    this.tables = parts.tables
    this.conditionalFormats = parts.conditionalFormats
    this.closeParts = parts.close
  }

  /** The merged blocks in effect (`BlockIndex`), read once per change of the sheet. */
  mergedBlocks(): BlockIndex {
    return this.mergeState().index
  }

  /** Merges not in effect: a cell other than the top-left one holds a value (`readMerges`). */
  heldMerges(): readonly MergeBlock[] {
    return this.mergeState().held
  }

  private mergeState(): { index: BlockIndex; held: MergeBlock[] } {
    if (!this.merges) {
      const state = readMerges(this.doc, this.layout)
      this.merges = { index: new BlockIndex(state.blocks), held: state.held }
    }
    return this.merges
  }

  /** What merging `range` would do (which values it would clear), without doing it. */
  planMerge(range: RangePosition, mode: MergeMode): MergePlan {
    return planMerge(this.doc, range, mode)
  }

  /** Merges a range as one undo step (keeping only each block's top-left value). */
  merge(range: RangePosition, mode: MergeMode): void {
    mergeCells(this.doc, range, mode, this.origin)
  }

  /** Unmerges every block sharing a cell with `range`, as one undo step. */
  unmerge(range: RangePosition): number {
    return unmergeCells(this.doc, range, this.origin)
  }

  get doc(): Y.Doc {
    return this.handle.doc
  }

  /** True for a preview of the sheet's first screen (`SheetDocHandle.preview`): read-only. */
  get isPreview(): boolean {
    return this.handle.preview === true
  }

  get awareness(): SyncedDoc['awareness'] | null {
    return this.handle.awareness ?? null
  }

  /** This tab's session (what its comments record as their author); null until known. */
  get session(): string | null {
    return this.handle.session?.() ?? null
  }

  /** Runs a comment write (a `@cellmate/model` comment function) with this user's undo origin. */
  writeComment<T>(write: (doc: Y.Doc, origin: object) => T): T {
    return write(this.doc, this.origin)
  }

  /**
   * Calls `listener` once per transaction that changed cells, formats, rows or columns
   * (deletions included: a deleted row lands in `removedRows`). It runs after every type
   * observer, so the layout is already up to date.
   */
  onChange(listener: () => void): () => void {
    return watchSheetChanges(
      { doc: this.doc, formulas: this.formulas, filters: this.filters },
      listener,
    )
  }

  /** Like `onChange`, for changes to the rows and columns only (not cell edits). */
  onStructureChange(listener: () => void): () => void {
    const t = sheetTypes(this.doc)
    return afterTransactionOn(this.doc, [t.rows, t.cols, t.removedRows, t.removedCols], listener)
  }

  /**
   * The input at a position as the user typed it, `""` when empty: formulas in A1 form for
   * the current layout (`=SUM(A3:A12)` once two rows were inserted above `=SUM(A1:A10)`).
   */
  read(row: number, col: number): string {
    return this.inputText(this.layout.cellAt(row, col))
  }

  /** A stored input as the user would type it (formulas in A1 form for the current layout). */
  inputText(stored: string): string {
    return this.formulas ? this.formulas.toDisplay(stored) : stored
  }

  /**
   * How formula text on this sheet maps to row, column and sheet ids (copy/paste and fill
   * shift formulas through it); null without a workbook engine (tests).
   */
  get formulaContext(): FormulaContext | null {
    return this.formulas?.context ?? null
  }

  /** The computed value at a position (null when empty or not evaluated). */
  value(row: number, col: number): CellValue {
    return this.formulas ? this.formulas.value(row, col) : null
  }

  /** A cell's value as text (formulas: their result), as a dropdown lists it. */
  private shownValue(row: number, col: number): string {
    const raw = this.layout.cellAt(row, col)
    if (!raw.startsWith('=')) return raw.replace(/^'/, '')
    const value = this.value(row, col)
    if (value === null || typeof value === 'object') return ''
    return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value)
  }

  /**
   * The number format a cell without one of its own shows its number in: what its formula
   * inherits (`=B1+1` over a date, `=TODAY()`) or its typing implies; null for General.
   */
  shownFormat(row: number, col: number): ShownFormat | null {
    return this.formulas?.shownFormat(row, col) ?? null
  }

  /** The format of the cell at a position (`{}`, shared and frozen, past the sheet's end or when unformatted). */
  format(row: number, col: number): CellFormat {
    const rowId = this.layout.rowId(row)
    const colId = this.layout.colId(col)
    if (rowId === undefined || colId === undefined) return NO_FORMAT
    return this.formatted.has(rowId, colId) ? getFormat(this.doc, rowId, colId) : NO_FORMAT
  }

  /**
   * Sets one format attribute on every cell of a range (display positions) as one transaction
   * (one undo step); `null` removes it. Throws the model's `CellmateError` when refused.
   */
  setFormat<A extends FormatAttr>(
    range: RangePosition,
    attr: A,
    value: CellFormat[A] | null,
  ): void {
    setFormat(this.doc, range, attr, value, this.origin)
  }

  /**
   * Sets a number format (a preset, General, or `custom` with its Excel code) on a range as
   * one undo step. Throws the model's `CellmateError` when refused.
   */
  setNumberFormat(range: RangePosition, numFmt: NumFmt, numFmtCode?: string): void {
    setNumberFormat(this.doc, range, numFmt, numFmtCode, this.origin)
  }

  /** Removes every format from a range, as one undo step. */
  clearFormats(range: RangePosition): void {
    clearFormats(this.doc, range, this.origin)
  }

  /** Writes (or with `""` clears) the cell at a position; a no-op past the sheet's end. */
  write(row: number, col: number, value: string): void {
    const rowId = this.layout.rowId(row)
    const colId = this.layout.colId(col)
    if (rowId === undefined || colId === undefined) return
    // A value typed just under or beside a table grows it (Excel's auto-expansion), in the
    // same undo step; first, so a `[@Amount]` typed there anchors to the table it is now in.
    this.doc.transact(() => {
      if (value !== '') this.tables.growTo({ start: { row, col }, end: { row, col } })
      // A table's header cell names its column (Excel): the model writes the name it takes.
      if (this.tables.writeHeader(row, col, value)) return
      setCell(this.doc, rowId, colId, this.toStored(value, { row, col }), this.origin)
    }, this.origin)
  }

  /**
   * Writes text typed with line breaks (Alt+Enter) and turns on the cell's Wrap text, as Excel
   * does, so that its row grows to show every line (`autoRowHeights`); one undo step.
   */
  writeLines(row: number, col: number, value: string): void {
    this.doc.transact(() => {
      this.write(row, col, value)
      this.setFormat({ start: { row, col }, end: { row, col } }, 'wrap', true)
    }, this.origin)
  }

  /**
   * Excel's Convert to Range: the table goes, its cells stay, and every structured reference
   * to it (on any sheet, in defined names) becomes the plain range it named; one undo step.
   */
  convertTableToRange(tableId: string): void {
    if (this.formulas) this.formulas.convertTable(tableId, this.origin)
    else this.tables.remove(tableId)
  }

  /** The names a new or renamed table may not take: the workbook's tables (all sheets). */
  tableNamesInUse(): string[] {
    return (this.formulas?.context.tables?.() ?? this.tables.all()).map((t) => t.name)
  }

  /**
   * Writes a block of cells (paste, fill) as one transaction — one undo step, one network
   * update — first growing the sheet to `size` when the block runs past its end (Excel
   * refuses; Google Sheets adds rows, and so do we). Positions past `size` are skipped.
   */
  writeBlock(
    edits: readonly PositionedEdit[],
    size?: { rows: number; cols: number },
    options: WriteBlockOptions = {},
  ): void {
    writeBlock(
      {
        doc: this.doc,
        layout: this.layout,
        tables: this.tables,
        origin: this.origin,
        mergedBlocks: () => this.mergedBlocks(),
      },
      edits,
      size,
      options,
    )
  }

  /**
   * A cut's paste (from this sheet, or from `moved.fromSheetId`): `writeBlock`, then the cut
   * cells empty on the sheet they left, their rules, comments and merged blocks go with them
   * (`merges`: the blocks merged where they land), and every reference to them (on any loaded
   * sheet, in defined names) points where they went (`moved`, `followCut`), as in Sheets; one
   * undo step. Returns how many comment threads stayed on another sheet cut from (written by
   * someone else, they are not this user's to write there).
   */
  moveBlock(
    edits: readonly PositionedEdit[],
    size: { rows: number; cols: number },
    moved: CellsMoved,
    merges: readonly RangePosition[] = [],
  ): number {
    // Cut on this sheet, its merged blocks leave before the cells land (they may overlap).
    const unmerge = moved.fromSheetId === undefined ? moved.merges : undefined
    const paste = () => this.writeBlock(edits, size, { growTables: true, merges, unmerge })
    if (this.formulas)
      return this.formulas.moveCells(paste, { ...moved, by: this.session }, this.origin)
    paste()
    return 0
  }

  /**
   * Empties every cell of a range (Delete on a selection), as one undo step; a table's header
   * cell cleared names its column `ColumnN`, as in Excel. Rows a filter hides are left alone,
   * as in Excel and Sheets (and as cut and Ctrl+D leave them); rows hidden by hand are cleared.
   */
  clear(range: RangePosition): void {
    const { filters } = this
    // Read before the write: which rows a filter hides follows the values being cleared.
    const skipped = new Set(
      filters
        .hiddenRows()
        .filter((r) => r >= range.start.row && r <= range.end.row && filters.filtered(r)),
    )
    const skip = (row: number): boolean => skipped.has(row)
    this.doc.transact(() => {
      clearRange(this.doc, range, this.origin, skip)
      for (const { row, col } of this.tables.headersIn(range)) {
        if (!skip(row)) this.tables.writeHeader(row, col, '')
      }
    }, this.origin)
  }

  /** Sets the width (columns) or height (rows) of rows/columns by position; null resets. */
  resize(axis: Axis, indexes: readonly number[], px: number | null): void {
    const ids: string[] = []
    for (const i of indexes) {
      const id = axis === 'rows' ? this.layout.rowId(i) : this.layout.colId(i)
      if (id !== undefined) ids.push(id)
    }
    if (axis === 'rows') setRowHeights(this.doc, ids, px, this.origin)
    else setColWidths(this.doc, ids, px, this.origin)
  }

  /** Freezes the first rows and columns for everyone on the sheet (0, 0 unfreezes). */
  freeze(panes: FrozenPanes): void {
    setFrozen(this.doc, panes, this.origin)
  }

  /**
   * Inserts, deletes or moves rows or columns as one transaction (one undo step). Throws the
   * model's `CellmateError` when refused (the last row, past the sheet limits).
   */
  apply(op: StructureOp): void {
    applyStructure(this.doc, this.formulas, op, this.origin)
  }

  /** Hides (or shows) rows or columns at display positions `at`..`at+count-1`, one undo step. */
  setHidden(axis: Axis, at: number, count: number, hidden: boolean): void {
    setHiddenAt(this.doc, axis, at, count, hidden, this.origin)
  }

  /**
   * Sorts the rows of `range` by its columns `keys` (display positions) as one undo step:
   * whole rows move (see the model README, "Sort"). Returns how many rows moved; throws the
   * model's `CellmateError` for a key outside the range.
   */
  sortRows(range: RangePosition, keys: readonly SortKey[], header: boolean): number {
    return sortSheetRows(this.doc, this.formulas, range, keys, header, this.origin)
  }

  /**
   * Runs `change` (an undo or a redo) and returns the position of a visible cell it changed,
   * so the selection can follow it as in every spreadsheet; null when it changed no cell
   * that is still on the sheet.
   */
  cellChangedBy(change: () => void): CellPosition | null {
    return cellChangedBy(this.doc, this.layout, change)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.stopMerges()
    this.closeParts()
    this.formatted.destroy()
    this.usedExtent.destroy()
    this.layout.destroy()
    this.handle.release()
  }

  /** Typed input as stored: formula references anchored to row, column and sheet ids. */
  private toStored(input: string, cell?: { row: number; col: number }): string {
    return this.formulas ? this.formulas.toStored(input, cell) : input
  }
}
