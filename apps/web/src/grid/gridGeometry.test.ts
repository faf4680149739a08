import { describe, expect, it } from 'vitest'
import {
  COL_HEADER_HEIGHT,
  MAX_SCROLL_HEIGHT,
  OVERSCAN_COLS,
  OVERSCAN_ROWS,
  ROW_HEADER_WIDTH,
  ROW_HEIGHT,
  cellAtPoint,
  headerAtPoint,
  hitAtPoint,
  pageRows,
  revealScroll,
  rowTop,
  rowsScrollHeight,
  visibleWindow,
  type Viewport,
} from './gridGeometry'

// 1280x720-ish grid area: 27 rows and 12 columns fully visible.
const vp = (scrollTop = 0, scrollLeft = 0): Viewport => ({
  scrollTop,
  scrollLeft,
  width: 1248,
  height: 24 + 27 * 24,
})
const sheet = { rows: 1000, cols: 26 }

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
    const huge = { rows: 1_048_576, cols: 16_384 }
    expect(rowsScrollHeight(huge.rows)).toBe(MAX_SCROLL_HEIGHT)
    const maxTop = MAX_SCROLL_HEIGHT - 27 * 24
    for (const top of [0, maxTop / 2, maxTop]) {
      const w = visibleWindow(vp(top), huge)
      expect(w.rowEnd - w.rowStart).toBeLessThanOrEqual(27 + 2 * OVERSCAN_ROWS + 1)
    }
    const bottom = visibleWindow(vp(maxTop), huge)
    expect(bottom.rowEnd).toBe(huge.rows)
    // The last row is drawn right at the bottom of the viewport.
    expect(rowTop(huge.rows - 1, vp(maxTop), huge.rows) - maxTop).toBeCloseTo(
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
    expect(pageRows(vp())).toBe(26)
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
    expect(headerAtPoint(ROW_HEADER_WIDTH + 3000, 10, vp(), { rows: 10, cols: 3 })).toBeNull()
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
