import { describe, expect, it } from 'vitest'
import type { RangePosition } from '@cellmate/model'
import { activeSpan, moveOrigin, snapToBlock, type BlockLookup } from './mergedCells'

/** One block, B2:C3. */
const block: RangePosition = { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }
const blocks: BlockLookup = {
  at: (row, col) => (row >= 1 && row <= 2 && col >= 1 && col <= 2 ? block : null),
}
const size = { rows: 10, cols: 10 }

describe('moving over merged blocks', () => {
  it('landing inside a block selects its top-left cell', () => {
    expect(snapToBlock({ row: 3, col: 2 }, { row: 2, col: 2 }, blocks, size)).toEqual({
      row: 1,
      col: 1,
    })
    expect(snapToBlock({ row: 1, col: 3 }, { row: 1, col: 2 }, blocks, size)).toEqual({
      row: 1,
      col: 1,
    })
  })

  it('a step down or right from the block goes past its far edge', () => {
    expect(snapToBlock({ row: 1, col: 1 }, { row: 2, col: 1 }, blocks, size)).toEqual({
      row: 3,
      col: 1,
    })
    expect(snapToBlock({ row: 1, col: 1 }, { row: 1, col: 2 }, blocks, size)).toEqual({
      row: 1,
      col: 3,
    })
  })

  it('a click inside the block selects the block', () => {
    expect(snapToBlock({ row: 1, col: 1 }, { row: 2, col: 2 }, blocks, size, false)).toEqual({
      row: 1,
      col: 1,
    })
  })

  it('a block at the sheet edge keeps the selection', () => {
    expect(
      snapToBlock({ row: 1, col: 1 }, { row: 2, col: 1 }, blocks, { rows: 3, cols: 3 }),
    ).toEqual({ row: 1, col: 1 })
  })

  it('cells outside blocks are left alone', () => {
    expect(snapToBlock({ row: 0, col: 0 }, { row: 0, col: 1 }, blocks, size)).toEqual({
      row: 0,
      col: 1,
    })
  })

  it('moves start from the block edge in their direction; the active span is the block', () => {
    expect(moveOrigin({ row: 1, col: 1 }, 1, 0, blocks)).toEqual({ row: 2, col: 1 })
    expect(moveOrigin({ row: 1, col: 1 }, 0, 1, blocks)).toEqual({ row: 1, col: 2 })
    expect(moveOrigin({ row: 5, col: 5 }, 1, 0, blocks)).toEqual({ row: 5, col: 5 })
    expect(activeSpan({ row: 1, col: 1 }, blocks)).toEqual(block)
    expect(activeSpan({ row: 0, col: 0 }, blocks)).toEqual({
      start: { row: 0, col: 0 },
      end: { row: 0, col: 0 },
    })
  })
})
