import { describe, expect, it } from 'vitest'
import {
  COL_HEADER_HEIGHT,
  MAX_SCROLL_HEIGHT,
  OVERSCAN_COLS,
  OVERSCAN_ROWS,
  ROW_HEADER_WIDTH,
  ROW_HEIGHT,
  cellAtPoint,
  colLeft,
  headerAtPoint,
  rangeBox,
  resizeHandleAt,
  hitAtPoint,
  pageRows,
  revealScroll,
  rowTop,
  bodyScrollHeight,
  visibleWindow,
  uniformMetrics,
  type GridMetrics,
  type Viewport,
} from './gridGeometry'
import { AxisSizes } from './axisSizes'

// 1280x720-ish grid area: 27 rows and 12 columns fully visible.
const vp = (scrollTop = 0, scrollLeft = 0): Viewport => ({
  scrollTop,
  scrollLeft,
  width: 1248,
  height: 24 + 27 * 24,
})
const sheet = uniformMetrics({ rows: 1000, cols: 26 })

describe('visible window', () => {
  it('covers the viewport plus overscan at the top-left', () => {
    expect(visibleWindow(vp(), sheet)).toEqual({
      rowStart: 0,
      rowEnd: 27 + OVERSCAN_ROWS,
      colStart: 0,
      colEnd: 12 + OVERSCAN_COLS,
    })
  })

  it('follows the scroll position and stays inside the sheet', () => {
    const w = visibleWindow(vp(500 * ROW_HEIGHT, 20 * 100), sheet)
    expect(w.rowStart).toBe(500 - OVERSCAN_ROWS)
    expect(w.rowEnd).toBe(527 + OVERSCAN_ROWS)
    expect(w.colStart).toBe(20 - OVERSCAN_COLS)
    expect(w.colEnd).toBe(26)
    const end = visibleWindow(vp(1000 * ROW_HEIGHT), sheet)
    expect(end.rowEnd).toBe(1000)
  })

  it('renders a few dozen rows of a million-row sheet wherever it is scrolled', () => {
    const huge = uniformMetrics({ rows: 1_048_576, cols: 16_384 })
    expect(bodyScrollHeight(huge)).toBe(MAX_SCROLL_HEIGHT)
    const maxTop = MAX_SCROLL_HEIGHT - 27 * 24
    for (const top of [0, maxTop / 2, maxTop]) {
      const w = visibleWindow(vp(top), huge)
      expect(w.rowEnd - w.rowStart).toBeLessThanOrEqual(27 + 2 * OVERSCAN_ROWS + 1)
    }
    const bottom = visibleWindow(vp(maxTop), huge)
    expect(bottom.rowEnd).toBe(huge.rows.count)
    // The last row is drawn right at the bottom of the viewport.
    expect(rowTop(huge.rows.count - 1, vp(maxTop), huge) - maxTop).toBeCloseTo(
      COL_HEADER_HEIGHT + 26 * ROW_HEIGHT,
      3,
    )
  })
})

describe('revealing the active cell', () => {
  it('does not scroll when the cell is already visible', () => {
    expect(revealScroll({ row: 5, col: 3 }, vp(), sheet)).toEqual({ top: 0, left: 0 })
  })

  it('scrolls down just enough to show a cell below the viewport', () => {
    expect(revealScroll({ row: 27, col: 0 }, vp(), sheet)).toEqual({ top: ROW_HEIGHT, left: 0 })
  })

  it('scrolls up and left to a cell hidden under the headers', () => {
    expect(revealScroll({ row: 10, col: 2 }, vp(20 * ROW_HEIGHT, 500), sheet)).toEqual({
      top: 10 * ROW_HEIGHT,
      left: 200,
    })
  })

  it('scrolls right just enough to show a column past the right edge', () => {
    expect(revealScroll({ row: 0, col: 12 }, vp(), sheet).left).toBe(
      13 * 100 - (1248 - ROW_HEADER_WIDTH),
    )
  })
})

describe('hit testing', () => {
  it('finds the cell under a point, none over the headers', () => {
    expect(cellAtPoint(ROW_HEADER_WIDTH + 150, COL_HEADER_HEIGHT + 30, vp(), sheet)).toEqual({
      row: 1,
      col: 1,
    })
    expect(cellAtPoint(ROW_HEADER_WIDTH + 5, COL_HEADER_HEIGHT + 5, vp(240, 100), sheet)).toEqual({
      row: 10,
      col: 1,
    })
    expect(cellAtPoint(10, 100, vp(), sheet)).toBeNull()
    expect(cellAtPoint(100, 10, vp(), sheet)).toBeNull()
  })

  it('pages by a screenful minus one row', () => {
    expect(pageRows(vp(), sheet)).toBe(26)
  })
})

describe('headerAtPoint', () => {
  it('finds the row header left of the cells and the column header above them', () => {
    expect(headerAtPoint(10, COL_HEADER_HEIGHT + 5, vp(), sheet)).toEqual({ kind: 'row', index: 0 })
    expect(headerAtPoint(10, COL_HEADER_HEIGHT + 3 * ROW_HEIGHT + 1, vp(), sheet)).toEqual({
      kind: 'row',
      index: 3,
    })
    expect(headerAtPoint(ROW_HEADER_WIDTH + 250, 10, vp(), sheet)).toEqual({
      kind: 'col',
      index: 2,
    })
  })

  it('follows the scroll position', () => {
    expect(headerAtPoint(10, COL_HEADER_HEIGHT + 1, vp(240), sheet)).toEqual({
      kind: 'row',
      index: 10,
    })
    expect(headerAtPoint(ROW_HEADER_WIDTH + 1, 10, vp(0, 500), sheet)).toEqual({
      kind: 'col',
      index: 5,
    })
  })

  it('is null on the corner, on cells and past the sheet', () => {
    expect(headerAtPoint(10, 10, vp(), sheet)).toBeNull()
    expect(headerAtPoint(ROW_HEADER_WIDTH + 1, COL_HEADER_HEIGHT + 1, vp(), sheet)).toBeNull()
    expect(
      headerAtPoint(ROW_HEADER_WIDTH + 3000, 10, vp(), uniformMetrics({ rows: 10, cols: 3 })),
    ).toBeNull()
  })
})

describe('hitAtPoint', () => {
  it('tells cells from headers', () => {
    expect(hitAtPoint(ROW_HEADER_WIDTH + 1, COL_HEADER_HEIGHT + 1, vp(), sheet)).toEqual({
      kind: 'cell',
      row: 0,
      col: 0,
    })
    expect(hitAtPoint(1, COL_HEADER_HEIGHT + 1, vp(), sheet)).toEqual({ kind: 'row', index: 0 })
    expect(hitAtPoint(1, 1, vp(), sheet)).toBeNull()
  })
})

describe('resized rows and columns', () => {
  const resized = (): GridMetrics => ({
    rows: new AxisSizes(1000, ROW_HEIGHT, new Map([[2, 60]])),
    cols: new AxisSizes(26, 100, new Map([[1, 250]])),
    frozenRows: 0,
    frozenCols: 0,
  })

  it('place cells after a resized one further along', () => {
    const m = resized()
    expect(rowTop(3, vp(), m)).toBe(COL_HEADER_HEIGHT + 2 * ROW_HEIGHT + 60)
    expect(colLeft(2, vp(), m)).toBe(ROW_HEADER_WIDTH + 100 + 250)
    expect(cellAtPoint(ROW_HEADER_WIDTH + 340, COL_HEADER_HEIGHT + 2 * 24 + 59, vp(), m)).toEqual({
      row: 2,
      col: 1,
    })
  })

  it('find the border under the pointer in the headers, for a drag to resize', () => {
    const m = resized()
    const edgeB = ROW_HEADER_WIDTH + 350
    expect(resizeHandleAt(edgeB + 2, 10, vp(), m)).toEqual({ kind: 'col', index: 1 })
    expect(resizeHandleAt(edgeB - 3, 10, vp(), m)).toEqual({ kind: 'col', index: 1 })
    expect(resizeHandleAt(edgeB - 30, 10, vp(), m)).toBeNull()
    const rowEdge = COL_HEADER_HEIGHT + 48 + 60
    expect(resizeHandleAt(10, rowEdge + 1, vp(), m)).toEqual({ kind: 'row', index: 2 })
    // Over cells there is nothing to resize.
    expect(resizeHandleAt(edgeB, 100, vp(), m)).toBeNull()
  })
})

describe('freeze panes', () => {
  const frozen = (): GridMetrics => ({
    ...uniformMetrics({ rows: 1000, cols: 26 }),
    frozenRows: 2,
    frozenCols: 1,
  })

  it('keep the frozen rows and columns in place while the body scrolls under them', () => {
    const m = frozen()
    const scrolled = vp(10 * ROW_HEIGHT, 300)
    // Frozen row 1 sticks below the header wherever the sheet is scrolled.
    expect(rowTop(1, scrolled, m) - scrolled.scrollTop).toBe(COL_HEADER_HEIGHT + ROW_HEIGHT)
    expect(colLeft(0, scrolled, m) - scrolled.scrollLeft).toBe(ROW_HEADER_WIDTH)
    // The first body row shown is the one scrolled to, just below the frozen rows.
    const w = visibleWindow(scrolled, m)
    expect(w.rowStart).toBe(2 + 10 - OVERSCAN_ROWS)
    expect(w.colStart).toBe(Math.max(1, 1 + 3 - OVERSCAN_COLS))
    expect(cellAtPoint(ROW_HEADER_WIDTH + 5, COL_HEADER_HEIGHT + 5, scrolled, m)).toEqual({
      row: 0,
      col: 0,
    })
    expect(
      cellAtPoint(ROW_HEADER_WIDTH + 105, COL_HEADER_HEIGHT + 2 * ROW_HEIGHT + 5, scrolled, m),
    ).toEqual({ row: 12, col: 4 })
  })

  it('reveal a body cell below the frozen rows, never scroll for a frozen one', () => {
    const m = frozen()
    expect(revealScroll({ row: 1, col: 0 }, vp(500, 800), m)).toEqual({ top: 500, left: 800 })
    // Row 5 is the 4th body row: scrolled to when it is hidden under the frozen rows.
    expect(revealScroll({ row: 5, col: 3 }, vp(500, 800), m)).toEqual({
      top: 3 * ROW_HEIGHT,
      left: 200,
    })
  })

  it('clip a selection outline to what is on screen and out from under the frozen rows', () => {
    const m = frozen()
    const scrolled = vp(10 * ROW_HEIGHT, 0)
    // Rows 3..5 are scrolled under the frozen rows: nothing to draw.
    expect(rangeBox({ start: { row: 3, col: 2 }, end: { row: 5, col: 2 } }, scrolled, m)).toBeNull()
    // A whole column is as tall as the screen, not a million rows.
    const column = rangeBox({ start: { row: 0, col: 2 }, end: { row: 999, col: 2 } }, scrolled, m)
    expect(column?.top).toBe(scrolled.scrollTop + COL_HEADER_HEIGHT)
    expect(column!.height).toBeLessThanOrEqual(scrolled.height)
  })
})

describe('AxisSizes', () => {
  it('sums a default size with a few overrides and finds the index at an offset', () => {
    const a = new AxisSizes(
      1_000_000,
      24,
      new Map([
        [10, 100],
        [20, 0],
      ]),
    )
    expect(a.offset(10)).toBe(240)
    expect(a.offset(11)).toBe(340)
    expect(a.offset(21)).toBe(340 + 9 * 24)
    expect(a.total).toBe(1_000_000 * 24 + 76 - 24)
    expect(a.indexAt(339)).toBe(10)
    expect(a.indexAt(340)).toBe(11)
    // A zero-size (hidden) row is never the one under a point.
    expect(a.indexAt(a.offset(20))).toBe(21)
    expect(a.indexAt(-5)).toBe(0)
    expect(a.indexAt(1e12)).toBe(999_999)
  })
})
