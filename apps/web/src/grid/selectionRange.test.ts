import { describe, expect, it } from 'vitest'
import { dataEdge, rangeBetween, rangeContains, selectionRange } from './selectionRange'

const size = { rows: 100, cols: 10 }

describe('the selected range', () => {
  it('spans anchor and extent in any order', () => {
    expect(rangeBetween({ row: 5, col: 1 }, { row: 2, col: 3 })).toEqual({
      start: { row: 2, col: 1 },
      end: { row: 5, col: 3 },
    })
  })

  it('covers whole rows or columns after a header click and Shift+click', () => {
    const rows = selectionRange(
      { span: 'row', anchor: { row: 4, col: 0 }, extent: { row: 2, col: 0 } },
      size,
    )
    expect(rows).toEqual({ start: { row: 2, col: 0 }, end: { row: 4, col: 9 } })
    const cols = selectionRange(
      { span: 'col', anchor: { row: 0, col: 1 }, extent: { row: 0, col: 3 } },
      size,
    )
    expect(cols).toEqual({ start: { row: 0, col: 1 }, end: { row: 99, col: 3 } })
    expect(rangeContains(cols, 50, 2)).toBe(true)
    expect(rangeContains(cols, 50, 4)).toBe(false)
  })

  it('is clamped to the sheet after rows were deleted under it', () => {
    const r = selectionRange(
      { span: 'cell', anchor: { row: 90, col: 0 }, extent: { row: 150, col: 20 } },
      size,
    )
    expect(r.end).toEqual({ row: 99, col: 9 })
  })
})

describe('Ctrl+arrow: to the edge of the data', () => {
  // Column 0: rows 2..4 filled, row 8 filled.
  const filled = (row: number, col: number): boolean =>
    col === 0 && ((row >= 2 && row <= 4) || row === 8)

  it('from an empty cell, jumps to the next filled one', () => {
    expect(dataEdge({ row: 0, col: 0 }, 1, 0, size, filled)).toEqual({ row: 2, col: 0 })
  })

  it('inside a run, goes to its last cell', () => {
    expect(dataEdge({ row: 2, col: 0 }, 1, 0, size, filled)).toEqual({ row: 4, col: 0 })
  })

  it('at the end of a run, jumps over the gap to the next run', () => {
    expect(dataEdge({ row: 4, col: 0 }, 1, 0, size, filled)).toEqual({ row: 8, col: 0 })
  })

  it('past the last value, goes to the sheet edge; at the edge, stays', () => {
    expect(dataEdge({ row: 8, col: 0 }, 1, 0, size, filled)).toEqual({ row: 99, col: 0 })
    expect(dataEdge({ row: 99, col: 0 }, 1, 0, size, filled)).toEqual({ row: 99, col: 0 })
    expect(dataEdge({ row: 8, col: 0 }, -1, 0, size, filled)).toEqual({ row: 4, col: 0 })
    expect(dataEdge({ row: 3, col: 5 }, 0, -1, size, filled)).toEqual({ row: 3, col: 0 })
  })
})
