import { describe, expect, it } from 'vitest'
import {
  columnList,
  currentRegion,
  sheetSortRange,
  sortCommand,
  sortSheetItems,
} from './sortCommands'

describe('sort commands', () => {
  it('the current region grows to the block of data around a cell, diagonals included', () => {
    const filled = new Set(['0:0', '0:1', '1:1', '2:2', '5:5'])
    const region = currentRegion({ row: 0, col: 0 }, { rows: 10, cols: 10 }, (r, c) =>
      filled.has(`${r}:${c}`),
    )
    expect(region).toEqual({ start: { row: 0, col: 0 }, end: { row: 2, col: 2 } })
  })

  it('"sort sheet" keeps the frozen rows as the header and needs two rows to sort', () => {
    expect(sheetSortRange({ rows: 100, cols: 5, frozenRows: 1 })).toEqual({
      start: { row: 1, col: 0 },
      end: { row: 99, col: 4 },
    })
    expect(sheetSortRange({ rows: 2, cols: 5, frozenRows: 1 })).toBeNull()
  })

  it('menu ids round-trip to commands', () => {
    const [asc, desc] = sortSheetItems(2)
    expect(asc!.label).toBe('Sort sheet by column C (A → Z)')
    expect(sortCommand(asc!.id)).toEqual({ kind: 'sheet', col: 2, desc: false })
    expect(sortCommand(desc!.id)).toEqual({ kind: 'sheet', col: 2, desc: true })
    expect(sortCommand('freeze:1:0')).toBeNull()
    expect(columnList([2, 4, 5])).toBe('C, E and F')
  })
})
