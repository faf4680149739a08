import type * as Y from 'yjs'
import {
  filterMap,
  filteredRowIds,
  hiddenMap,
  newId,
  readFilter,
  removeFilter,
  resolveFilter,
  setFilter,
  setFilterCriteria,
  type CellFormat,
  type FilterCell,
  type FilterCriteria,
  type FilterSpec,
  type RangePosition,
  type SheetFilter,
  type SheetLayout,
} from '@cellmate/model'
import {
  filterCellOf,
  sheetHiddenRows,
  withShownFormat,
  type CellValue,
  type HiddenRows,
  type ShownFormat,
} from '@cellmate/formula'
import {
  loadViews,
  saveViews,
  type FilterView,
  type StoredViews,
  type ViewStorage,
} from './filterViewStore'

/** What the filter state reads of its sheet. */
export interface FilterHost {
  readonly id: string
  readonly doc: Y.Doc
  readonly layout: SheetLayout
  value(row: number, col: number): CellValue
  format(row: number, col: number): CellFormat
  /** The number format a formula's result inherits (`SheetSession.shownFormat`). */
  shownFormat(row: number, col: number): ShownFormat | null
  /** Tells the formula engine which rows are hidden (SUBTOTAL); absent without an engine. */
  setHiddenRows?(rows: HiddenRows): void
}

interface Computed {
  shared: SheetFilter | null
  view: SheetFilter | null
  /** Rows the shared filter hides (what SUBTOTAL leaves out for everyone). */
  sharedHidden: Set<string>
  /** Display positions hidden on this screen: by hand, and by the view or the shared filter. */
  hiddenRows: number[]
  /** Display positions hidden on this screen by a filter (not by hand). */
  filteredRows: Set<number>
}

/**
 * The filters of one open sheet: the shared filter (in the document, everyone sees it) and
 * this person's filter views (in the browser, see `filterViewStore`). While a view is on it
 * replaces the shared filter on this screen only, as a Google Sheets filter view does: rows
 * the shared filter hides show again here, and editing criteria edits the view. Which rows are
 * hidden is computed from the computed values, once per change (`invalidate`).
 */
export class SheetFilters {
  private computed: Computed | null = null
  private stored: StoredViews
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly host: FilterHost,
    private readonly origin: object,
    private readonly storage?: ViewStorage | null,
  ) {
    this.stored = loadViews(host.id, storage)
  }

  /** Forgets what was computed (the sheet, its values or its filter changed). */
  invalidate(): void {
    this.computed = null
  }

  /** Calls `listener` when a view is switched or edited (the document did not change). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The shared filter on the current layout, or null. */
  shared(): SheetFilter | null {
    return this.compute().shared
  }

  /** The filter this screen shows: the active view, else the shared filter. */
  active(): SheetFilter | null {
    const c = this.compute()
    return this.activeView() ? c.view : c.shared
  }

  /** Display positions of the rows hidden on this screen, ascending. */
  hiddenRows(): number[] {
    return this.compute().hiddenRows
  }

  views(): readonly FilterView[] {
    return this.stored.views
  }

  activeView(): FilterView | null {
    // Asked for every cell the grid reads (its filter buttons): a loop, not a closure a call.
    const { views, active } = this.stored
    if (active === null) return null
    for (const view of views) if (view.id === active) return view
    return null
  }

  /** Turns a view on (its id) or off (null: the shared filter shows again). */
  useView(id: string | null): void {
    this.stored = { ...this.stored, active: id }
    this.changedViews()
  }

  /**
   * Makes a personal view of `range` (the shared filter's criteria when it filters the same
   * range, as Sheets copies them) and turns it on.
   */
  createView(range: RangePosition, name?: string): FilterView {
    const spec = specOf(this.host.layout, range)
    const shared = this.compute().shared
    if (shared && shared.spec.at.join() === spec.at.join())
      spec.columns = { ...shared.spec.columns }
    const view = {
      id: newId(this.host.doc),
      name: name ?? `Filter view ${this.stored.views.length + 1}`,
      spec,
    }
    this.stored = { views: [...this.stored.views, view], active: view.id }
    this.changedViews()
    return view
  }

  /** Deletes a view (turning it off when it was on). */
  deleteView(id: string): void {
    const views = this.stored.views.filter((v) => v.id !== id)
    this.stored = { views, active: this.stored.active === id ? null : this.stored.active }
    this.changedViews()
  }

  /** Puts a shared filter on `range` (header row first), one undo step. */
  createShared(range: RangePosition): void {
    setFilter(this.host.doc, range, {}, this.origin)
  }

  /** Removes the shared filter, one undo step. */
  removeShared(): void {
    removeFilter(this.host.doc, this.origin)
  }

  /** Sets a column's criteria of the filter this screen shows (the view, or the shared one). */
  setCriteria(colId: string, criteria: FilterCriteria | null): void {
    const view = this.activeView()
    if (!view) {
      setFilterCriteria(this.host.doc, colId, criteria, this.origin)
      return
    }
    const columns = { ...view.spec.columns }
    if (criteria) columns[colId] = criteria
    else delete columns[colId]
    this.stored = {
      ...this.stored,
      views: this.stored.views.map((v) =>
        v.id === view.id ? { ...v, spec: { ...v.spec, columns } } : v,
      ),
    }
    this.changedViews()
  }

  /** A cell as filters read it: computed value, the text the grid shows, fill. */
  cellAt(row: number, col: number): FilterCell {
    const { host } = this
    const raw = host.layout.cellAt(row, col)
    const value = host.value(row, col)
    const format = withShownFormat(raw, value, host.format(row, col), () =>
      host.shownFormat(row, col),
    )
    return filterCellOf(raw, value, format)
  }

  /**
   * The distinct texts of a column below the filter's header (for the values checklist), in
   * first-seen order with how many rows hold each; rows hidden by other columns count too.
   */
  columnValues(filter: SheetFilter, col: number): Array<{ text: string; count: number }> {
    const counts = new Map<string, number>()
    const last = Math.min(filter.range.end.row, this.host.layout.rowCount - 1)
    for (let r = filter.range.start.row + 1; r <= last; r++) {
      const text = this.cellAt(r, col).text
      counts.set(text, (counts.get(text) ?? 0) + 1)
    }
    return [...counts].map(([text, count]) => ({ text, count }))
  }

  /**
   * Whether a filter hides a row (by position) on this screen. Copy, paste's cut and fill
   * skip those rows, as in Excel and Sheets; rows hidden by hand are copied and filled.
   */
  filtered(row: number): boolean {
    return this.compute().filteredRows.has(row)
  }

  /** True when a transaction touched what filters depend on, besides values. */
  static watches(doc: Y.Doc): readonly object[] {
    return [filterMap(doc), hiddenMap(doc, 'rows')]
  }

  private changedViews(): void {
    saveViews(this.host.id, this.stored, this.storage)
    this.invalidate()
    for (const l of [...this.listeners]) l()
  }

  private compute(): Computed {
    if (this.computed) return this.computed
    const { layout, doc } = this.host
    const shared = readFilter(doc, layout)
    const active = this.activeView()
    const view = active ? resolveFilter(active.spec, layout) : null
    const cellOf = (rowId: string, colId: string): FilterCell =>
      this.cellAt(layout.rowIndexOf(rowId), layout.colIndexOf(colId))
    // What the engine is told is the same for every reader (the server's too): rows hidden by
    // hand and by the shared filter, never by this screen's view.
    const engineRows = sheetHiddenRows(doc, cellOf, layout, shared)
    const sharedHidden = new Set(engineRows.filtered)
    const mine = active
      ? view
        ? filteredRowIds(view, layout.rowIds, cellOf)
        : new Set<string>()
      : sharedHidden
    const hidden = new Set<number>()
    for (const id of engineRows.hidden) hidden.add(layout.rowIndexOf(id))
    const filteredRows = new Set<number>()
    // The filtered rows only: a walk over every row id ran after each edit (values invalidate
    // this), 20-30 ms on a 1,000,000-row sheet with no filter at all.
    for (const id of mine) {
      const i = layout.rowIndexOf(id)
      if (i < 0) continue
      hidden.add(i)
      filteredRows.add(i)
    }
    const hiddenRows = [...hidden].sort((a, b) => a - b)
    const computed = { shared, view, sharedHidden, hiddenRows, filteredRows }
    this.computed = computed
    // Telling the engine recalculates SUBTOTAL at once, and its repaint invalidates this
    // (`watchFilters`): what was just computed is still this read's answer, and the next
    // read computes again (the engine, told the same rows, then does nothing).
    this.host.setHiddenRows?.(engineRows)
    return computed
  }
}

function specOf(layout: SheetLayout, range: RangePosition): FilterSpec {
  const ids = [
    layout.rowId(range.start.row),
    layout.colId(range.start.col),
    layout.rowId(range.end.row),
    layout.colId(range.end.col),
  ]
  if (ids.some((id) => id === undefined)) throw new Error('the filter range runs past the sheet')
  return { at: ids as FilterSpec['at'], columns: {} }
}
