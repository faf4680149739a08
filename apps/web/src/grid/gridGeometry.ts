/**
 * Pixel geometry of the virtualized grid. Sizes are fixed for now; everything that maps
 * between pixels and cells goes through here, so variable sizes later change one file.
 */

export const ROW_HEIGHT = 24
export const COL_WIDTH = 100
export const ROW_HEADER_WIDTH = 48
export const COL_HEADER_HEIGHT = 24
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

/** The scroll container's state: scroll offsets and client size (headers included). */
export interface Viewport {
  scrollTop: number
  scrollLeft: number
  width: number
  height: number
}

/** Rows `[rowStart, rowEnd)` and columns `[colStart, colEnd)` to render. */
export interface GridWindow {
  rowStart: number
  rowEnd: number
  colStart: number
  colEnd: number
}

function rowsAreaHeight(vp: Viewport): number {
  return Math.max(0, vp.height - COL_HEADER_HEIGHT)
}

function colsAreaWidth(vp: Viewport): number {
  return Math.max(0, vp.width - ROW_HEADER_WIDTH)
}

/** Height of the scrollable rows area, capped at `MAX_SCROLL_HEIGHT`. */
export function rowsScrollHeight(rowCount: number): number {
  return Math.min(rowCount * ROW_HEIGHT, MAX_SCROLL_HEIGHT)
}

/** Real-rows-per-scroll-pixel factor; 1 unless the sheet is taller than the spacer cap. */
function rowScale(rowCount: number, areaHeight: number): number {
  const real = rowCount * ROW_HEIGHT
  const virtual = rowsScrollHeight(rowCount)
  if (real === virtual || virtual <= areaHeight) return 1
  return (real - areaHeight) / (virtual - areaHeight)
}

/** The real pixel offset of the first row pixel shown under the column header. */
export function rowsOffset(vp: Viewport, rowCount: number): number {
  return vp.scrollTop * rowScale(rowCount, rowsAreaHeight(vp))
}

/** Where a row's top edge is drawn, in the coordinates of the scrolled content. */
export function rowTop(row: number, vp: Viewport, rowCount: number): number {
  return COL_HEADER_HEIGHT + row * ROW_HEIGHT + (vp.scrollTop - rowsOffset(vp, rowCount))
}

export function colLeft(col: number): number {
  return ROW_HEADER_WIDTH + col * COL_WIDTH
}

/** The rows and columns intersecting the viewport, plus overscan, clamped to the sheet. */
export function visibleWindow(vp: Viewport, size: GridSize): GridWindow {
  const offset = rowsOffset(vp, size.rows)
  const bottom = offset + rowsAreaHeight(vp)
  const right = vp.scrollLeft + colsAreaWidth(vp)
  return {
    rowStart: Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN_ROWS),
    rowEnd: Math.min(size.rows, Math.ceil(bottom / ROW_HEIGHT) + OVERSCAN_ROWS),
    colStart: Math.max(0, Math.floor(vp.scrollLeft / COL_WIDTH) - OVERSCAN_COLS),
    colEnd: Math.min(size.cols, Math.ceil(right / COL_WIDTH) + OVERSCAN_COLS),
  }
}

/** Whole rows that fit under the header: the PageUp/PageDown step. */
export function pageRows(vp: Viewport): number {
  return Math.max(1, Math.floor(rowsAreaHeight(vp) / ROW_HEIGHT) - 1)
}

/**
 * The scroll position that brings a cell fully into view (not hidden under the sticky
 * headers) with the least movement; the current position when it already is.
 */
export function revealScroll(
  cell: { row: number; col: number },
  vp: Viewport,
  size: GridSize,
): { top: number; left: number } {
  const areaH = rowsAreaHeight(vp)
  const scale = rowScale(size.rows, areaH)
  const offset = vp.scrollTop * scale
  const cellTop = cell.row * ROW_HEIGHT
  let top = vp.scrollTop
  if (cellTop < offset) top = cellTop / scale
  else if (cellTop + ROW_HEIGHT > offset + areaH) top = (cellTop + ROW_HEIGHT - areaH) / scale

  const areaW = colsAreaWidth(vp)
  const cellLeft = cell.col * COL_WIDTH
  let left = vp.scrollLeft
  if (cellLeft < vp.scrollLeft) left = cellLeft
  else if (cellLeft + COL_WIDTH > vp.scrollLeft + areaW) left = cellLeft + COL_WIDTH - areaW
  return { top, left }
}

/**
 * The cell under a point given relative to the scroll container's top-left corner, or null
 * over the headers or past the sheet's end.
 */
export function cellAtPoint(
  x: number,
  y: number,
  vp: Viewport,
  size: GridSize,
): { row: number; col: number } | null {
  if (x < ROW_HEADER_WIDTH || y < COL_HEADER_HEIGHT) return null
  const row = Math.floor((y - COL_HEADER_HEIGHT + rowsOffset(vp, size.rows)) / ROW_HEIGHT)
  const col = Math.floor((x - ROW_HEADER_WIDTH + vp.scrollLeft) / COL_WIDTH)
  if (row < 0 || col < 0 || row >= size.rows || col >= size.cols) return null
  return { row, col }
}

/** A row header (`kind: 'row'`) or column header hit by a point. */
export interface HeaderHit {
  kind: 'row' | 'col'
  index: number
}

/**
 * The row or column header under a point (relative to the scroll container's top-left, like
 * `cellAtPoint`), or null over a cell, the corner or past the sheet's end.
 */
export function headerAtPoint(
  x: number,
  y: number,
  vp: Viewport,
  size: GridSize,
): HeaderHit | null {
  if (x < ROW_HEADER_WIDTH && y >= COL_HEADER_HEIGHT) {
    const row = Math.floor((y - COL_HEADER_HEIGHT + rowsOffset(vp, size.rows)) / ROW_HEIGHT)
    return row >= 0 && row < size.rows ? { kind: 'row', index: row } : null
  }
  if (y < COL_HEADER_HEIGHT && x >= ROW_HEADER_WIDTH) {
    const col = Math.floor((x - ROW_HEADER_WIDTH + vp.scrollLeft) / COL_WIDTH)
    return col >= 0 && col < size.cols ? { kind: 'col', index: col } : null
  }
  return null
}

/** What a point over the grid hits: a cell or a row or column header. */
export type GridHit = { kind: 'cell'; row: number; col: number } | HeaderHit

/** `cellAtPoint` and `headerAtPoint` in one: the target of a click or a right-click. */
export function hitAtPoint(x: number, y: number, vp: Viewport, size: GridSize): GridHit | null {
  const cell = cellAtPoint(x, y, vp, size)
  return cell ? { kind: 'cell', ...cell } : headerAtPoint(x, y, vp, size)
}
