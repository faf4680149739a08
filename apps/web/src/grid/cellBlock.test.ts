import { describe, expect, it } from 'vitest'
import { blockEdits, pasteTarget } from './cellBlock'

const at = (row: number, col: number, endRow = row, endCol = col) => ({
  start: { row, col },
  end: { row: endRow, col: endCol },
})

describe('where a paste lands', () => {
  it('at the active cell, as big as the copied block', () => {
    expect(pasteTarget(at(3, 1), 2, 3)).toEqual(at(3, 1, 4, 3))
  })

  it('tiles over a selection that is a whole multiple of the block', () => {
    expect(pasteTarget(at(0, 0, 5, 1), 2, 1)).toEqual(at(0, 0, 5, 1))
    // Not a multiple: the block is pasted once.
    expect(pasteTarget(at(0, 0, 4, 0), 2, 1)).toEqual(at(0, 0, 1, 0))
  })

  it('writes each cell with its offset from the copied cell it repeats', () => {
    const edits = blockEdits([['=A1', 'x']], at(0, 0, 1, 1), (v, dr, dc) => `${v}|${dr},${dc}`)
    expect(edits).toEqual([
      { row: 0, col: 0, value: '=A1|0,0' },
      { row: 0, col: 1, value: 'x|0,0' },
      { row: 1, col: 0, value: '=A1|1,0' },
      { row: 1, col: 1, value: 'x|1,0' },
    ])
  })
})
