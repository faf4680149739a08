import { describe, expect, it } from 'vitest'
import { fillCopyEdits } from './fillCopy'

const cells: Record<string, string> = { '0:0': '1', '0:1': '=A1*2', '1:0': 'x' }
const read = (row: number, col: number): string => cells[`${row}:${col}`] ?? ''
const shift = (raw: string, dRows: number, dCols: number): string => `${raw}@${dRows},${dCols}`
const range = (r0: number, c0: number, r1: number, c1: number) => ({
  start: { row: r0, col: c0 },
  end: { row: r1, col: c1 },
})

describe('fillCopyEdits (Ctrl+D, Ctrl+R)', () => {
  it('copies the first row down over the range, shifting formulas', () => {
    expect(fillCopyEdits(range(0, 0, 2, 1), 'down', read, shift)).toEqual([
      { row: 1, col: 0, value: '1' },
      { row: 2, col: 0, value: '1' },
      { row: 1, col: 1, value: '=A1*2@1,0' },
      { row: 2, col: 1, value: '=A1*2@2,0' },
    ])
  })

  it('with one row selected copies the row above; nothing above row 1', () => {
    expect(fillCopyEdits(range(1, 1, 1, 1), 'down', read, shift)).toEqual([
      { row: 1, col: 1, value: '=A1*2@1,0' },
    ])
    expect(fillCopyEdits(range(0, 0, 0, 1), 'down', read, shift)).toEqual([])
  })

  it('fills right from the first column, or from the left with one column selected', () => {
    expect(fillCopyEdits(range(1, 0, 1, 2), 'right', read, shift)).toEqual([
      { row: 1, col: 1, value: 'x' },
      { row: 1, col: 2, value: 'x' },
    ])
    expect(fillCopyEdits(range(0, 2, 0, 2), 'right', read, shift)).toEqual([
      { row: 0, col: 2, value: '=A1*2@0,1' },
    ])
  })
})
