/**
 * Pixel geometry of the virtualized grid: everything that maps between pixels and cells goes
 * through here. Rows and columns have a default size and may be resized (`AxisSizes`); the
 * first `frozenRows` rows and `frozenCols` columns stay in view (freeze panes), and the rest —
 * the body — scrolls.
 *
 * Coordinates: "viewport" is relative to the scroll container's top-left corner (what a
 * pointer sees); "canvas" is relative to the scrolled content (what absolutely positioned
 * children use).
 */
import { AxisSizes } from './axisSizes'

export const ROW_HEIGHT = 24
export const COL_WIDTH = 100
export const ROW_HEADER_WIDTH = 48
export const COL_HEADER_HEIGHT = 24
/** Smallest size a drag can give a row or column. */
export const MIN_ROW_HEIGHT = 12
export const MIN_COL_WIDTH = 20
/** Rows and columns rendered beyond the viewport, so fast scrolling shows no blank edge. */
export const OVERSCAN_ROWS = 4
export const OVERSCAN_COLS = 2
/**
 * Browsers cap an element's height (Firefox near 17.9 million px, Chrome near 33.5 million);
 * a 1,048,576-row sheet at 24 px is 25 million. Taller sheets get a spacer of this height
 * and scroll positions are mapped proportionally onto the real rows.
 */
export const MAX_SCROLL_HEIGHT = 10_000_000

export interface GridSize {
  rows: number
  cols: number
}

/** Sizes of every row and column and the freeze panes: all the geometry needs to know. */
export interface GridMetrics {
  rows: AxisSizes
  cols: AxisSizes
  frozenRows: number
  frozenCols: number
}

/** Metrics of a sheet with default sizes and nothing frozen. */
export function uniformMetrics(size: GridSize): GridMetrics {
  return {
    rows: new AxisSizes(size.rows, ROW_HEIGHT),
    cols: new AxisSizes(size.cols, COL_WIDTH),
    frozenRows: 0,
    frozenCols: 0,
  }
}

export function metricsSize(m: GridMetrics): GridSize {
  return { rows: m.rows.count, cols: m.cols.count }
}

/** The scroll container's state: scroll offsets and client size (headers included). */
export interface Viewport {
  scrollTop: number
  scrollLeft: number
  width: number
  height: number
}

/** Body rows `[rowStart, rowEnd)` and columns `[colStart, colEnd)` to render (frozen ones aside). */
export interface GridWindow {
  rowStart: number
  rowEnd: number
  colStart: number
  colEnd: number
}

function frozenRowCount(m: GridMetrics): number {
  return Math.min(m.frozenRows, m.rows.count)
}

function frozenColCount(m: GridMetrics): number {
  return Math.min(m.frozenCols, m.cols.count)
}

export function frozenHeight(m: GridMetrics): number {
  return m.rows.offset(frozenRowCount(m))
}

export function frozenWidth(m: GridMetrics): number {
  return m.cols.offset(frozenColCount(m))
}

/** Height of the scrolling body's visible area. */
export function bodyAreaHeight(vp: Viewport, m: GridMetrics): number {
  return Math.max(0, vp.height - COL_HEADER_HEIGHT - frozenHeight(m))
}

function bodyAreaWidth(vp: Viewport, m: GridMetrics): number {
  return Math.max(0, vp.width - ROW_HEADER_WIDTH - frozenWidth(m))
}

/** Height of the body's scroll spacer: its real height, capped at `MAX_SCROLL_HEIGHT`. */
export function bodyScrollHeight(m: GridMetrics): number {
  return Math.min(m.rows.total - frozenHeight(m), MAX_SCROLL_HEIGHT)
}

/** Size of the scrolled content (headers, frozen panes and body). */
export function canvasSize(m: GridMetrics): { width: number; height: number } {
  return {
    width: ROW_HEADER_WIDTH + m.cols.total,
    height: COL_HEADER_HEIGHT + frozenHeight(m) + bodyScrollHeight(m),
  }
}

/** Real-pixels-per-scroll-pixel factor; 1 unless the body is taller than the spacer cap. */
function rowScale(m: GridMetrics, areaHeight: number): number {
  const real = m.rows.total - frozenHeight(m)
  const virtual = bodyScrollHeight(m)
  if (real === virtual || virtual <= areaHeight) return 1
  return (real - areaHeight) / (virtual - areaHeight)
}

/**
 * Real pixels of rows per pixel of scroll position: 1 unless the sheet is taller than the scroll
 * spacer, where the scrollbar maps the whole sheet onto `MAX_SCROLL_HEIGHT` (see `scaledWheel`).
 */
export function scrollScale(vp: Viewport, m: GridMetrics): number {
  return rowScale(m, bodyAreaHeight(vp, m))
}

/** How far (in real pixels) the body is scrolled: its first visible pixel below the frozen rows. */
export function bodyOffset(vp: Viewport, m: GridMetrics): number {
  return vp.scrollTop * rowScale(m, bodyAreaHeight(vp, m))
}

/** Where a row's top edge is drawn, in canvas coordinates (frozen rows stick to the top). */
export function rowTop(row: number, vp: Viewport, m: GridMetrics): number {
  if (row < frozenRowCount(m)) return COL_HEADER_HEIGHT + m.rows.offset(row) + vp.scrollTop
  return COL_HEADER_HEIGHT + m.rows.offset(row) + vp.scrollTop - bodyOffset(vp, m)
}

/** Where a column's left edge is drawn, in canvas coordinates (frozen columns stick left). */
export function colLeft(col: number, vp: Viewport, m: GridMetrics): number {
  const x = ROW_HEADER_WIDTH + m.cols.offset(col)
  return col < frozenColCount(m) ? x + vp.scrollLeft : x
}

/** One past the last index showing any pixel of `[start, start + length)`. */
function lastIndexIn(axis: AxisSizes, start: number, length: number): number {
  return axis.indexAt(start + Math.max(0, length - 1)) + 1
}

/** The body rows and columns intersecting the viewport, plus overscan, clamped to the sheet. */
export function visibleWindow(vp: Viewport, m: GridMetrics): GridWindow {
  const fr = frozenRowCount(m)
  const fc = frozenColCount(m)
  const top = frozenHeight(m) + bodyOffset(vp, m)
  const left = frozenWidth(m) + vp.scrollLeft
  const empty = (n: number): boolean => n === 0
  return {
    rowStart: empty(m.rows.count) ? 0 : Math.max(fr, m.rows.indexAt(top) - OVERSCAN_ROWS),
    rowEnd: Math.min(m.rows.count, lastIndexIn(m.rows, top, bodyAreaHeight(vp, m)) + OVERSCAN_ROWS),
    colStart: empty(m.cols.count) ? 0 : Math.max(fc, m.cols.indexAt(left) - OVERSCAN_COLS),
    colEnd: Math.min(m.cols.count, lastIndexIn(m.cols, left, bodyAreaWidth(vp, m)) + OVERSCAN_COLS),
  }
}

/** Whole default-height rows that fit in the body: the PageUp/PageDown step. */
export function pageRows(vp: Viewport, m: GridMetrics): number {
  return Math.max(1, Math.floor(bodyAreaHeight(vp, m) / m.rows.defaultSize) - 1)
}

/**
 * The scroll position that brings a cell fully into view (not hidden under the headers or
 * the frozen panes) with the least movement; the current position when it already is.
 */
export function revealScroll(
  cell: { row: number; col: number },
  vp: Viewport,
  m: GridMetrics,
): { top: number; left: number } {
  let top = vp.scrollTop
  if (cell.row >= frozenRowCount(m) && cell.row < m.rows.count) {
    const areaH = bodyAreaHeight(vp, m)
    const scale = rowScale(m, areaH)
    const offset = vp.scrollTop * scale
    const cellTop = m.rows.offset(cell.row) - frozenHeight(m)
    const cellH = m.rows.size(cell.row)
    if (cellTop < offset) top = cellTop / scale
    else if (cellTop + cellH > offset + areaH)
      top = Math.min(cellTop, cellTop + cellH - areaH) / scale
  }
  let left = vp.scrollLeft
  if (cell.col >= frozenColCount(m) && cell.col < m.cols.count) {
    const areaW = bodyAreaWidth(vp, m)
    const cellLeft = m.cols.offset(cell.col) - frozenWidth(m)
    const cellW = m.cols.size(cell.col)
    if (cellLeft < vp.scrollLeft) left = cellLeft
    else if (cellLeft + cellW > vp.scrollLeft + areaW)
      left = Math.min(cellLeft, cellLeft + cellW - areaW)
  }
  return { top, left }
}

/** The row under a viewport y (below the column header), or -1 past the sheet's end. */
function rowAtY(y: number, vp: Viewport, m: GridMetrics): number {
  const inRows = y - COL_HEADER_HEIGHT
  const real = inRows < frozenHeight(m) ? inRows : inRows + bodyOffset(vp, m)
  if (real < 0 || real >= m.rows.total) return -1
  return m.rows.indexAt(real)
}

function colAtX(x: number, vp: Viewport, m: GridMetrics): number {
  const inCols = x - ROW_HEADER_WIDTH
  const real = inCols < frozenWidth(m) ? inCols : inCols + vp.scrollLeft
  if (real < 0 || real >= m.cols.total) return -1
  return m.cols.indexAt(real)
}

/**
 * The cell under a viewport point, or null over the headers or past the sheet's end.
 */
export function cellAtPoint(
  x: number,
  y: number,
  vp: Viewport,
  m: GridMetrics,
): { row: number; col: number } | null {
  if (x < ROW_HEADER_WIDTH || y < COL_HEADER_HEIGHT) return null
  const row = rowAtY(y, vp, m)
  const col = colAtX(x, vp, m)
  return row < 0 || col < 0 ? null : { row, col }
}

/**
 * The cell nearest a viewport point, clamped to the sheet: where a drag that left the grid
 * (or went over a header) is pointing.
 */
export function nearestCell(
  x: number,
  y: number,
  vp: Viewport,
  m: GridMetrics,
): { row: number; col: number } {
  const cy = Math.max(COL_HEADER_HEIGHT, y)
  const cx = Math.max(ROW_HEADER_WIDTH, x)
  const row = rowAtY(cy, vp, m)
  const col = colAtX(cx, vp, m)
  return {
    row: row < 0 ? Math.max(0, m.rows.count - 1) : row,
    col: col < 0 ? Math.max(0, m.cols.count - 1) : col,
  }
}

/** A row header (`kind: 'row'`) or column header hit by a point. */
export interface HeaderHit {
  kind: 'row' | 'col'
  index: number
}

/**
 * The row or column header under a viewport point, or null over a cell, the corner or past
 * the sheet's end.
 */
export function headerAtPoint(
  x: number,
  y: number,
  vp: Viewport,
  m: GridMetrics,
): HeaderHit | null {
  if (x < ROW_HEADER_WIDTH && y >= COL_HEADER_HEIGHT) {
    const row = rowAtY(y, vp, m)
    return row >= 0 ? { kind: 'row', index: row } : null
  }
  if (y < COL_HEADER_HEIGHT && x >= ROW_HEADER_WIDTH) {
    const col = colAtX(x, vp, m)
    return col >= 0 ? { kind: 'col', index: col } : null
  }
  return null
}

/** How close (px) to a header border the pointer must be to grab it for resizing. */
export const RESIZE_GRIP = 4

/**
 * The row or column whose trailing border (in its header) is under a viewport point: the
 * one a drag there resizes. Null elsewhere.
 */
export function resizeHandleAt(
  x: number,
  y: number,
  vp: Viewport,
  m: GridMetrics,
): HeaderHit | null {
  if (y < COL_HEADER_HEIGHT && x >= ROW_HEADER_WIDTH) {
    // The border right of column c, or left of column c+1.
    const col = colAtX(x + RESIZE_GRIP, vp, m)
    const near = col < 0 ? m.cols.count - 1 : col - 1
    if (near < 0) return null
    const edge = colLeft(near, vp, m) - vp.scrollLeft + m.cols.size(near)
    return Math.abs(x - edge) <= RESIZE_GRIP ? { kind: 'col', index: near } : null
  }
  if (x < ROW_HEADER_WIDTH && y >= COL_HEADER_HEIGHT) {
    const row = rowAtY(y + RESIZE_GRIP, vp, m)
    const near = row < 0 ? m.rows.count - 1 : row - 1
    if (near < 0) return null
    const edge = rowTop(near, vp, m) - vp.scrollTop + m.rows.size(near)
    return Math.abs(y - edge) <= RESIZE_GRIP ? { kind: 'row', index: near } : null
  }
  return null
}

/** What a point over the grid hits: a cell or a row or column header. */
export type GridHit = { kind: 'cell'; row: number; col: number } | HeaderHit

/** `cellAtPoint` and `headerAtPoint` in one: the target of a click or a right-click. */
export function hitAtPoint(x: number, y: number, vp: Viewport, m: GridMetrics): GridHit | null {
  const cell = cellAtPoint(x, y, vp, m)
  return cell ? { kind: 'cell', ...cell } : headerAtPoint(x, y, vp, m)
}

/** A rectangle in canvas coordinates. */
export interface Box {
  left: number
  top: number
  width: number
  height: number
}

/**
 * The canvas box of a range, clipped to what is on screen (a whole column of a million rows
 * is as tall as the viewport, not 24 million pixels); null when none of it is visible.
 * Ranges crossing a frozen edge are drawn from their frozen part to their visible body part.
 */
export function rangeBox(
  r: { start: { row: number; col: number }; end: { row: number; col: number } },
  vp: Viewport,
  m: GridMetrics,
): Box | null {
  const fr = frozenRowCount(m)
  const fc = frozenColCount(m)
  const bodyTop = vp.scrollTop + COL_HEADER_HEIGHT + frozenHeight(m)
  const bodyLeft = vp.scrollLeft + ROW_HEADER_WIDTH + frozenWidth(m)
  const viewBottom = vp.scrollTop + vp.height
  const viewRight = vp.scrollLeft + vp.width

  const rows = clipSpan(
    rowTop(r.start.row, vp, m),
    rowTop(r.end.row, vp, m) + m.rows.size(r.end.row),
    r.start.row < fr,
    r.end.row >= fr,
    bodyTop,
  )
  const cols = clipSpan(
    colLeft(r.start.col, vp, m),
    colLeft(r.end.col, vp, m) + m.cols.size(r.end.col),
    r.start.col < fc,
    r.end.col >= fc,
    bodyLeft,
  )
  if (!rows || !cols) return null
  const top = Math.max(rows.start, vp.scrollTop + COL_HEADER_HEIGHT - 1)
  const bottom = Math.min(rows.end, viewBottom + 2)
  const left = Math.max(cols.start, vp.scrollLeft + ROW_HEADER_WIDTH - 1)
  const right = Math.min(cols.end, viewRight + 2)
  if (bottom <= top || right <= left) return null
  return { left, top, width: right - left, height: bottom - top }
}

/**
 * One axis of `rangeBox`: the part of `[start, end)` not hidden under the frozen pane that
 * ends at `bodyStart`, or null when all of it is.
 */
function clipSpan(
  start: number,
  end: number,
  startsFrozen: boolean,
  endsInBody: boolean,
  bodyStart: number,
): { start: number; end: number } | null {
  if (endsInBody && end <= bodyStart) {
    if (!startsFrozen) return null
    return { start, end: bodyStart }
  }
  return { start: startsFrozen ? start : Math.max(start, bodyStart - 1), end }
}
