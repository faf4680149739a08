import type { Axis, CellPosition, RangePosition, SortOptions } from '@cellmate/model'
import type { CellValue, FormulaContext, HiddenRows, ShownFormat } from '@cellmate/formula'

/**
 * Where a cut's cells went: each moved row and column position (on `fromSheetId`, or this
 * sheet) -> its position on this sheet now.
 */
export interface CellsMoved {
  rows: ReadonlyMap<number, number>
  cols: ReadonlyMap<number, number>
  /** The sheet the cells were cut from, when another one: they leave it in the same step. */
  fromSheetId?: string
  /** The merged blocks cut (positions on the sheet cut from): they are unmerged there. */
  merges?: readonly RangePosition[]
  /**
   * The session pasting, when known: cut to another sheet, the comment threads it wrote go
   * with the cells (only a comment's author may write it on another sheet).
   */
  by?: string | null
}

/** What an open sheet needs from the workbook's formula engine. */
export interface SheetFormulas {
  /** How formula text on this sheet maps to ids (for copy/paste and fill shifting). */
  readonly context: FormulaContext
  /** The computed value at a position; null for an empty cell. */
  value(row: number, col: number): CellValue
  /** A stored input as the user sees it: formulas in A1 form for the current layout. */
  toDisplay(stored: string): string
  /**
   * Typed input as it is stored: formulas with references anchored to ids; `cell` is where it
   * is typed (a bare `[@Amount]` anchors to the table holding it).
   */
  toStored(input: string, cell?: { row: number; col: number }): string
  /**
   * A formula (A1 form) evaluated on this sheet now, written nowhere (custom validation
   * rules); undefined until the engine evaluates the sheet (asking starts it).
   */
  calculate(formula: string): CellValue | undefined
  /**
   * Resolves once `calculate` can answer on this sheet, or the engine could not be loaded
   * (then it never will); asking starts the engine.
   */
  whenCalculable(): Promise<void>
  /**
   * Deletes rows or columns so that ranges ending on them shrink as in Excel instead of
   * reading `#REF!` (formulas on every sheet loaded in this tab are adjusted).
   */
  deleteAxis(axis: Axis, at: number, count: number, origin: unknown): void
  /**
   * Moves rows or columns so that ranges keep covering the same cells, minus those moved out
   * and plus those moved in, as in Google Sheets (formulas on every loaded sheet and defined
   * names are adjusted); one undo step.
   */
  moveAxis(axis: Axis, from: number, count: number, to: number, origin: unknown): void
  /**
   * Sorts rows by their computed values (formulas by their results) and keeps multi-row
   * ranges of every loaded sheet in place. Returns how many rows moved.
   */
  sort(range: RangePosition, options: Omit<SortOptions, 'valueAt'>, origin: unknown): number
  /**
   * Excel's Convert to Range for a table of this sheet: structured references to it on every
   * loaded sheet and in defined names become plain ranges, then the table goes; one undo step.
   */
  convertTable(tableId: string, origin: unknown): void
  /**
   * A cut pasted on this sheet (from it or another): runs `paste` (which writes the cells), then
   * moves the cut cells' rules and comments with them, empties them on the sheet they left, and
   * points every reference to them, on every loaded sheet and in defined names, where they
   * went, as Sheets does (`followCut`); one undo step. Returns how many comment threads stayed
   * on the sheet cut from (someone else wrote in them: `carryCommentThreads`).
   */
  moveCells(paste: () => void, moved: CellsMoved, origin: unknown): number
  /**
   * Calls `listener` when what this sheet shows may have changed without an edit to it: values
   * recomputed after an edit on another sheet, a sheet renamed, added or deleted, or rows or
   * columns of another sheet inserted, deleted or moved (formula text such as `=Rates!B4`, and
   * rule formulas, name sheets and cells there). `cells` are the positions whose values the
   * engine recomputed; without them anything on the sheet may have changed.
   */
  onDisplayChange(listener: (cells?: readonly CellPosition[]) => void): () => void
  /**
   * The value of a formula in A1 form that is in no cell (a conditional format's custom rule)
   * as if it stood on this sheet; null until the engine is built (asking starts it).
   */
  evaluate(formula: string): CellValue
  /**
   * Tells the engine which rows are hidden by hand and by the shared filter (row ids), for
   * SUBTOTAL and AGGREGATE; kept until the engine is built.
   */
  setHiddenRows(rows: HiddenRows): void
  /**
   * The number format a cell shows its number in when it sets none itself: a formula's
   * inherited one (`=B1+1` over a date is a date, `=TODAY()` too; see `shownFormat`), a typed
   * value's (`12%`); null for General.
   */
  shownFormat(row: number, col: number): ShownFormat | null
  /**
   * A cell of another sheet loaded in this tab as a dropdown lists it (formulas: their
   * results), for a list from a range there (`Lists!$A$1:$A$9`); undefined past that sheet's
   * last row or column, or when it is not loaded.
   */
  shownOnSheet(sheetId: string, row: number, col: number): string | undefined
}
