import { describe, expect, it } from 'vitest'
import { selectionWalk, walkStep, type SelectionWalk } from './selectionWalk'

const pos = (row: number, col: number) => ({ row, col })
/** B2:C3 */
const B2_C3 = { start: pos(1, 1), end: pos(2, 2) }
const NO_BLOCKS = { at: () => null }
const NOTHING_HIDDEN = () => false

function walkOf(
  walk: SelectionWalk,
  from: { row: number; col: number },
  steps: number,
  order: 'byRow' | 'byCol',
  back = false,
) {
  const out = []
  let at = from
  for (let i = 0; i < steps; i++) {
    at = walkStep(walk, at, order, back)
    out.push(at)
  }
  return out
}

describe('Tab and Enter inside a selected block', () => {
  const walk = selectionWalk(
    B2_C3,
    { start: pos(1, 1), end: pos(1, 1) },
    NO_BLOCKS,
    NOTHING_HIDDEN,
  )!

  it('Tab goes along the row, then to the start of the next row, then back to the first cell', () => {
    expect(walkOf(walk, pos(1, 1), 4, 'byRow')).toEqual([
      pos(1, 2),
      pos(2, 1),
      pos(2, 2),
      pos(1, 1),
    ])
  })

  it('Enter goes down the column, then to the top of the next column, then back to the first cell', () => {
    expect(walkOf(walk, pos(1, 1), 4, 'byCol')).toEqual([
      pos(2, 1),
      pos(1, 2),
      pos(2, 2),
      pos(1, 1),
    ])
  })

  it('Shift+Tab and Shift+Enter go backwards, wrapping to the last cell', () => {
    expect(walkOf(walk, pos(1, 1), 2, 'byRow', true)).toEqual([pos(2, 2), pos(2, 1)])
    expect(walkOf(walk, pos(1, 1), 2, 'byCol', true)).toEqual([pos(2, 2), pos(1, 2)])
  })

  it('steps over hidden rows and columns and the covered cells of a merged block', () => {
    // A1:D3 selected; row 2 hidden, B3:C3 merged.
    const merged = { start: pos(2, 1), end: pos(2, 2) }
    const blocks = {
      at: (row: number, col: number) => (row === 2 && col >= 1 && col <= 2 ? merged : null),
    }
    const hidden = (axis: 'rows' | 'cols', i: number) => axis === 'rows' && i === 1
    const w = selectionWalk(
      { start: pos(0, 0), end: pos(2, 3) },
      { start: pos(0, 0), end: pos(0, 0) },
      blocks,
      hidden,
    )!
    expect(walkOf(w, pos(0, 3), 4, 'byRow')).toEqual([pos(2, 0), pos(2, 1), pos(2, 3), pos(0, 0)])
  })

  it('stays put when every other cell is skipped', () => {
    const hidden = (axis: 'rows' | 'cols', i: number) => axis === 'cols' && i === 2
    const w = selectionWalk(
      { start: pos(1, 1), end: pos(1, 2) },
      { start: pos(1, 1), end: pos(1, 1) },
      NO_BLOCKS,
      hidden,
    )!
    expect(walkStep(w, pos(1, 1), 'byRow', false)).toEqual(pos(1, 1))
  })

  it('is no walk when only the active cell, or its merged block, is selected', () => {
    const one = { start: pos(1, 1), end: pos(1, 1) }
    expect(selectionWalk(one, one, NO_BLOCKS, NOTHING_HIDDEN)).toBeNull()
    expect(selectionWalk(B2_C3, B2_C3, NO_BLOCKS, NOTHING_HIDDEN)).toBeNull()
  })
})
