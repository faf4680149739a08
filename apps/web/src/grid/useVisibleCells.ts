import { computed } from 'vue'
import { colToLetters } from '@cellmate/model'
import { cellStyle, type CellStyle } from '../format/cellStyle'
import { gridCell } from '../formula/gridCell'
import type { SheetSession } from '../sync/sheetSession'
import { cellSpill, measureCellText, numberTooWide, type CellSpill } from './cellOverflow'
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
}

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
}) {
  const columns = computed<VisibleColumn[]>(() => {
    const out: VisibleColumn[] = []
    const frozen = options.metrics().frozenCols
    const win = options.win()
    for (let c = 0; c < frozen; c++) out.push({ col: c, letters: colToLetters(c), frozen: true })
    for (let c = win.colStart; c < win.colEnd; c++) {
      out.push({ col: c, letters: colToLetters(c), frozen: false })
    }
    return out
  })

  /** The columns text in `column` may spill over: its own group's rendered columns. */
  function spillLimit(column: VisibleColumn): { first: number; last: number } {
    const frozen = options.metrics().frozenCols
    if (column.frozen) return { first: 0, last: frozen - 1 }
    const win = options.win()
    return { first: Math.max(frozen, win.colStart), last: win.colEnd - 1 }
  }

  function readCell(row: number, column: VisibleColumn): VisibleCell {
    const sheet = options.sheet()
    const metrics = options.metrics()
    const format = sheet.format(row, column.col)
    const view = gridCell(sheet, row, column.col, format)
    const shown = view.text
    const address = `${column.letters}${row + 1}`
    const measured =
      view.kind === 'text' || view.kind === 'number' ? measureCellText(shown, format) : 0
    const width = metrics.cols.size(column.col)
    const spill = cellSpill({
      kind: view.kind,
      format,
      col: column.col,
      textWidth: measured,
      width: (c) => metrics.cols.size(c),
      isEmpty: (c) => sheet.layout.cellAt(row, c) === '',
      limit: spillLimit(column),
    })
    return {
      col: column.col,
      address,
      label: shown === '' ? address : `${address}, ${shown}`,
      frozen: column.frozen,
      // A number never shows cut off: too wide for its column, it reads ###, as in Excel.
      text: numberTooWide(view.kind, format, measured, width) ? '###' : shown,
      numeric: view.kind === 'number',
      // Excel centres booleans and errors; an error's tooltip says why.
      centered: view.kind === 'boolean' || view.kind === 'error',
      error: view.kind === 'error',
      title: view.title,
      style: view.color ? { ...cellStyle(format), color: view.color } : cellStyle(format),
      spill,
    }
  }

  const rows = computed<VisibleRow[]>(() => {
    void options.version()
    const { rowStart, rowEnd } = options.win()
    const metrics = options.metrics()
    const frozen = metrics.frozenRows
    const indexes: number[] = []
    for (let r = 0; r < frozen; r++) indexes.push(r)
    for (let r = rowStart; r < rowEnd; r++) indexes.push(r)
    return indexes.map((r) => {
      const cells = columns.value.map((column) => readCell(r, column))
      // Frozen cells sit in a sticky strip of their own, so horizontal scrolling moves nothing.
      const groups = [
        { frozen: true, cells: cells.filter((c) => c.frozen) },
        { frozen: false, cells: cells.filter((c) => !c.frozen) },
      ].filter((g) => !g.frozen || g.cells.length > 0)
      return { row: r, frozen: r < frozen, height: metrics.rows.size(r), groups }
    })
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
