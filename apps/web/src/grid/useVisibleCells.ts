import { computed } from 'vue'
import {
  colToLetters,
  formatA1,
  formatRange,
  validationMessage,
  type ConditionalCellStyle,
  type RangePosition,
} from '@cellmate/model'
import { cellStyle, type CellStyle } from '../format/cellStyle'
import { withConditionalLook } from '../conditionalFormat/conditionalLook'
import { withTableLook } from '../table/tableLook'
import { gridCell } from '../formula/gridCell'
import type { SheetSession } from '../sync/sheetSession'
import { cellSpill, measureCellText, numberShown, type CellSpill } from './cellOverflow'
import type { GridMetrics, GridWindow } from './gridGeometry'

/** A column the grid renders, frozen or in the scrolled window. */
export interface VisibleColumn {
  col: number
  letters: string
  frozen: boolean
}

/** A rendered cell: what it shows and how. */
export interface VisibleCell {
  col: number
  address: string
  label: string
  frozen: boolean
  text: string
  numeric: boolean
  centered: boolean
  error: boolean
  title: string | undefined
  style: CellStyle | undefined
  /** Text running over empty neighbours (see `cellSpill`). */
  spill: CellSpill | null
  /**
   * A merged block drawn from this cell (its first rendered cell): the block's size and where
   * its top-left corner is relative to this cell (negative once scrolled past).
   */
  merged: { dx: number; dy: number; width: number; height: number } | null
  /** A data validation rule offers a list here: the cell shows a dropdown chevron. */
  dropdown: boolean
  /** The value breaks the cell's validation rule (a red corner; the tooltip says why). */
  invalid: string | null
  /** A conditional format's data bar: colour, extent and axis (fractions of the cell's width). */
  bar: NonNullable<ConditionalCellStyle['bar']> | null
  /** A checkbox rule: the cell is drawn as a checkbox, ticked when it holds TRUE; else null. */
  checkbox: boolean | null
  /** The rule's help text (its input message), the cell's tooltip when nothing else is. */
  hint: string | undefined
  /** A header cell of the filter: its button, `on` when the column filters something. */
  filter: 'off' | 'on' | null
}

/** The validation fields of a cell without a rule (most cells): one object for all of them. */
const NO_VALIDATION: Pick<VisibleCell, 'dropdown' | 'invalid' | 'checkbox' | 'hint'> =
  Object.freeze({ dropdown: false, invalid: null, checkbox: null, hint: undefined })

/** A rendered row: its cells split into the frozen strip and the scrolling part. */
export interface VisibleRow {
  row: number
  frozen: boolean
  height: number
  groups: Array<{ frozen: boolean; cells: VisibleCell[] }>
}

/**
 * The rows and columns on screen and their cells, read from the document for the visible
 * window only (never the whole sheet). Frozen rows and columns come first, each in a group of
 * its own: the frozen groups stick, the body groups scroll.
 */
export function useVisibleCells(options: {
  sheet: () => SheetSession
  /** Bumped on every change to the sheet document: the cue to re-read. */
  version: () => number
  metrics: () => GridMetrics
  win: () => GridWindow
  /** Changes whenever the conditional format preview does (the cue to re-read). */
  preview?: () => unknown
}) {
  // The same array while the same columns show: scrolling down keeps the rows already read.
  const columns = computed<VisibleColumn[]>((prev) => {
    const out: VisibleColumn[] = []
    const metrics = options.metrics()
    const frozen = metrics.frozenCols
    const win = options.win()
    for (let c = 0; c < frozen; c++) out.push({ col: c, letters: colToLetters(c), frozen: true })
    for (let c = win.colStart; c < win.colEnd; c++) {
      out.push({ col: c, letters: colToLetters(c), frozen: false })
    }
    // Hidden columns take no space and draw nothing.
    const next = out.filter((c) => metrics.cols.size(c.col) > 0)
    const same =
      prev !== undefined &&
      prev.length === next.length &&
      prev.every((c, i) => c.col === next[i]?.col && c.frozen === next[i]?.frozen)
    return same ? prev : next
  })

  /** The columns text in `column` may spill over: its own group's rendered columns. */
  function spillLimit(column: VisibleColumn): { first: number; last: number } {
    const frozen = options.metrics().frozenCols
    if (column.frozen) return { first: 0, last: frozen - 1 }
    const win = options.win()
    return { first: Math.max(frozen, win.colStart), last: win.colEnd - 1 }
  }

  /** The first row (column) of the layer a row (column) is rendered in. */
  function firstRendered(index: number, frozen: number, windowStart: number): number {
    return index < frozen ? 0 : Math.max(frozen, windowStart)
  }

  /**
   * A cell under a merged block: null when another rendered cell draws the block (this one is
   * not rendered at all), else the block's geometry relative to this cell.
   */
  function mergedAt(
    row: number,
    column: VisibleColumn,
  ): { block: RangePosition; merged: NonNullable<VisibleCell['merged']> } | null | undefined {
    const block = options.sheet().mergedBlocks().at(row, column.col)
    if (!block) return undefined
    const metrics = options.metrics()
    const win = options.win()
    const hostRow = Math.max(block.start.row, firstRendered(row, metrics.frozenRows, win.rowStart))
    const hostCol = Math.max(
      block.start.col,
      firstRendered(column.col, metrics.frozenCols, win.colStart),
    )
    if (row !== hostRow || column.col !== hostCol) return null
    const { rows, cols } = metrics
    return {
      block,
      merged: {
        dx: cols.offset(block.start.col) - cols.offset(column.col),
        dy: rows.offset(block.start.row) - rows.offset(row),
        width: cols.offset(block.end.col + 1) - cols.offset(block.start.col),
        height: rows.offset(block.end.row + 1) - rows.offset(block.start.row),
      },
    }
  }

  function readCell(row: number, column: VisibleColumn): VisibleCell | null {
    const sheet = options.sheet()
    const metrics = options.metrics()
    const merge = mergedAt(row, column)
    if (merge === null) return null
    if (merge) return readMergedCell(row, column, merge.block, merge.merged)
    const format = sheet.format(row, column.col)
    const view = gridCell(sheet, row, column.col, format)
    const look = sheet.conditionalFormats.styleAt(row, column.col)
    const shown = view.text
    const address = `${column.letters}${row + 1}`
    const measured =
      view.kind === 'text' || view.kind === 'number' ? measureCellText(shown, format) : 0
    const width = metrics.cols.size(column.col)
    // Only text spills (`cellSpill`): no options and closures for the other cells.
    const spill =
      view.kind !== 'text'
        ? null
        : cellSpill({
            kind: view.kind,
            format,
            col: column.col,
            textWidth: measured,
            width: (c) => metrics.cols.size(c),
            // A merged block is never spilled over, nor a cell an array formula's result fills.
            isEmpty: (c) =>
              sheet.layout.cellAt(row, c) === '' &&
              !sheet.mergedBlocks().at(row, c) &&
              sheet.value(row, c) === null,
            limit: spillLimit(column),
          })
    return {
      col: column.col,
      address,
      label: shown === '' ? address : `${address}, ${shown}`,
      frozen: column.frozen,
      // A number never shows cut off: too wide for its column, it is shortened (General) or
      // reads ###, as in Excel.
      text: numberShown(view.kind, format, shown, measured, width),
      numeric: view.kind === 'number',
      // Excel centres booleans and errors; an error's tooltip says why.
      centered: view.kind === 'boolean' || view.kind === 'error',
      error: view.kind === 'error',
      title: view.title,
      style: withConditionalLook(
        withTableLook(
          sheet.tables.lookAt(row, column.col),
          view.color ? { ...cellStyle(format), color: view.color } : cellStyle(format),
        ),
        look,
      ),
      spill,
      merged: null,
      bar: look?.bar ?? null,
      ...validationState(row, column.col, view.text),
      filter: filterButton(row, column.col),
    }
  }

  /** The filter button of a cell in the header row of the filter this screen shows. */
  function filterButton(row: number, col: number): VisibleCell['filter'] {
    const sheet = options.sheet()
    const filter = sheet.filters.active()
    if (!filter || row !== filter.range.start.row) return null
    if (col < filter.range.start.col || col > filter.range.end.col) return null
    return filter.columns.some((c) => c.col === col) ? 'on' : 'off'
  }

  /** The dropdown chevron, checkbox and invalid mark of a cell's validation rule. */
  function validationState(
    row: number,
    col: number,
    shown: string,
  ): Pick<VisibleCell, 'dropdown' | 'invalid' | 'checkbox' | 'hint'> {
    const sheet = options.sheet()
    const rule = sheet.validations.at(row, col)
    if (!rule) return NO_VALIDATION
    const raw = sheet.layout.cellAt(row, col)
    const value = raw.startsWith('=') ? shown : sheet.read(row, col).replace(/^'/, '')
    const broken = sheet.validations.problem(row, col, value)
    const list = rule.kind === 'list' || rule.kind === 'listRange'
    return {
      dropdown: list && rule.showDropdown !== false,
      invalid: broken ? validationMessage(broken, formatA1({ row, col }), value) : null,
      checkbox: rule.kind === 'checkbox' ? value.trim().toUpperCase() === 'TRUE' : null,
      hint: rule.inputMessage,
    }
  }

  /** A merged block: its top-left cell's value and format over the block's whole area. */
  function readMergedCell(
    row: number,
    column: VisibleColumn,
    block: RangePosition,
    merged: NonNullable<VisibleCell['merged']>,
  ): VisibleCell {
    const sheet = options.sheet()
    const { row: r, col: c } = block.start
    const format = sheet.format(r, c)
    const view = gridCell(sheet, r, c, format)
    const look = sheet.conditionalFormats.styleAt(r, c)
    // Addressed as its top-left cell (what a formula names), labelled as the whole block.
    const address = formatA1(block.start)
    const span = formatRange(block)
    const measured =
      view.kind === 'text' || view.kind === 'number' ? measureCellText(view.text, format) : 0
    return {
      col: column.col,
      address,
      label: view.text === '' ? `${span} (merged)` : `${span} (merged), ${view.text}`,
      frozen: column.frozen,
      text: numberShown(view.kind, format, view.text, measured, merged.width),
      numeric: view.kind === 'number',
      centered: view.kind === 'boolean' || view.kind === 'error',
      error: view.kind === 'error',
      title: view.title,
      style: withConditionalLook(withTableLook(sheet.tables.lookAt(r, c), cellStyle(format)), look),
      spill: null,
      merged,
      bar: look?.bar ?? null,
      ...validationState(r, c, view.text),
      filter: filterButton(r, c),
    }
  }

  /** The cells of one row, the frozen strip's and the scrolling part's. */
  function readRow(row: number): VisibleRow['groups'] {
    const cells: VisibleCell[] = []
    for (const column of columns.value) {
      const cell = readCell(row, column)
      if (cell) cells.push(cell)
    }
    // Frozen cells sit in a sticky strip of their own, so horizontal scrolling moves nothing.
    return [
      { frozen: true, cells: cells.filter((c) => c.frozen) },
      { frozen: false, cells: cells.filter((c) => !c.frozen) },
    ].filter((g) => !g.frozen || g.cells.length > 0)
  }

  /**
   * Rows read before, kept while `cachedFor` still describes the screen: an edit re-reads the
   * rows it changed (`SheetSession.displayChanges`) and scrolling reads the rows it brings in,
   * and both hand the other rows back as they were, so their row components do not re-render.
   */
  const cache = new Map<number, VisibleRow>()
  let cachedFor: readonly unknown[] = []

  const rows = computed<VisibleRow[]>(() => {
    void options.version()
    const sheet = options.sheet()
    const { rowStart, rowEnd } = options.win()
    const metrics = options.metrics()
    // A merged block cut by the window's top is drawn from the first row on screen, so it
    // moves with the window; other blocks (and the rows of a sheet without any such block)
    // are drawn the same wherever the window is.
    const top = Math.max(metrics.frozenRows, rowStart)
    const cut = sheet.mergedBlocks().all.some((b) => b.start.row < top && b.end.row >= top)
    const key = [
      sheet,
      columns.value,
      metrics.cols,
      metrics.frozenRows,
      // A rule being edited in the panel is previewed on the grid.
      options.preview?.(),
      cut ? rowStart : -1,
    ]
    const changed = sheet.displayChanges.take()
    if (changed.all || key.some((k, i) => k !== cachedFor[i])) cache.clear()
    else for (const row of changed.rows) cache.delete(row)
    cachedFor = key
    const frozen = metrics.frozenRows
    const indexes: number[] = []
    for (let r = 0; r < frozen; r++) indexes.push(r)
    for (let r = rowStart; r < rowEnd; r++) indexes.push(r)
    const out: VisibleRow[] = []
    // Hidden rows take no space and draw nothing.
    for (const r of indexes) {
      const height = metrics.rows.size(r)
      if (height === 0) continue
      let row = cache.get(r)
      if (!row || row.height !== height) {
        row = { row: r, frozen: r < frozen, height, groups: row?.groups ?? readRow(r) }
        cache.set(r, row)
      }
      out.push(row)
    }
    if (cache.size > out.length) {
      const shown = new Set(indexes)
      for (const r of cache.keys()) if (!shown.has(r)) cache.delete(r)
    }
    return out
  })

  /**
   * Frozen rows and body rows, each in a layer of its own: the frozen layer is sticky, the body
   * layer moves by one transform on sheets taller than the scroll spacer. Scrolling changes no
   * cell's position, so it re-renders nothing until new rows come into view.
   */
  const rowGroups = computed(() =>
    [
      { frozen: true, rows: rows.value.filter((r) => r.frozen) },
      { frozen: false, rows: rows.value.filter((r) => !r.frozen) },
    ].filter((g) => !g.frozen || g.rows.length > 0),
  )
  const colGroups = computed(() =>
    [
      { frozen: true, cols: columns.value.filter((c) => c.frozen) },
      { frozen: false, cols: columns.value.filter((c) => !c.frozen) },
    ].filter((g) => !g.frozen || g.cols.length > 0),
  )

  return { columns, rows, rowGroups, colGroups }
}
