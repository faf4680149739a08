import { describe, expect, it } from 'vitest'
import { selectionFillEdits } from './selectionFill'
import type { SelectionWalk } from './selectionWalk'

const B2C3: SelectionWalk = {
  range: { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } },
  skip: () => false,
}

describe('Ctrl+Enter over a selected block', () => {
  it('gives every cell the input, each with its distance from the active cell', () => {
    const edits = selectionFillEdits(
      B2C3,
      { row: 2, col: 1 },
      (_, dRows, dCols) => `${dRows},${dCols}`,
    )
    expect(edits).toEqual([
      { row: 1, col: 1, value: '-1,0' },
      { row: 1, col: 2, value: '-1,1' },
      { row: 2, col: 1, value: '0,0' },
      { row: 2, col: 2, value: '0,1' },
    ])
  })

  it('leaves the cells the block walk steps over (hidden, under a merge) alone', () => {
    const walk: SelectionWalk = { ...B2C3, skip: (row, col) => row === 2 && col === 2 }
    const edits = selectionFillEdits(walk, { row: 1, col: 1 }, () => 'x')
    expect(edits.map((e) => [e.row, e.col])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ])
  })
})
