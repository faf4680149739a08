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

  it('the current region of a long block reads each cell a few times, not every row per row', () => {
    // 3,000 rows of 5 columns from A1: growing one step at a time read both side columns
    // whole for every row added (4,510,490 reads; 10,000 rows: ~50,000,000).
    const rows = 3000
    const cols = 5
    let reads = 0
    const region = currentRegion({ row: 0, col: 0 }, { rows: 20_000, cols: 26 }, (r, c) => {
      reads++
      return r < rows && c < cols
    })
    expect(region).toEqual({ start: { row: 0, col: 0 }, end: { row: rows - 1, col: cols - 1 } })
    expect(reads).toBeLessThan(4 * (rows + 2) * (cols + 2))
  })

  it('the current region is the same whatever the order it grows in', () => {
    // The smallest rectangle around the cell that no neighbouring row or column (diagonals
    // included) touches, found here by growing one side by one step at a time.
    const reference = (
      at: { row: number; col: number },
      size: { rows: number; cols: number },
      filled: (row: number, col: number) => boolean,
    ) => {
      let [top, bottom, left, right] = [at.row, at.row, at.col, at.col]
      const touches = (r0: number, r1: number, c0: number, c1: number): boolean => {
        for (let r = Math.max(0, r0); r <= Math.min(size.rows - 1, r1); r++)
          for (let c = Math.max(0, c0); c <= Math.min(size.cols - 1, c1); c++)
            if (filled(r, c)) return true
        return false
      }
      for (let grew = true; grew;) {
        grew = true
        if (top > 0 && touches(top - 1, top - 1, left - 1, right + 1)) top--
        else if (bottom < size.rows - 1 && touches(bottom + 1, bottom + 1, left - 1, right + 1))
          bottom++
        else if (left > 0 && touches(top - 1, bottom + 1, left - 1, left - 1)) left--
        else if (right < size.cols - 1 && touches(top - 1, bottom + 1, right + 1, right + 1))
          right++
        else grew = false
      }
      return { start: { row: top, col: left }, end: { row: bottom, col: right } }
    }
    let seed = 7
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    for (let round = 0; round < 300; round++) {
      const size = { rows: 1 + Math.floor(random() * 12), cols: 1 + Math.floor(random() * 12) }
      const density = random() * 0.5
      const filled = new Set<string>()
      for (let r = 0; r < size.rows; r++)
        for (let c = 0; c < size.cols; c++) if (random() < density) filled.add(`${r}:${c}`)
      const at = { row: Math.floor(random() * size.rows), col: Math.floor(random() * size.cols) }
      const has = (r: number, c: number): boolean => filled.has(`${r}:${c}`)
      expect(currentRegion(at, size, has)).toEqual(reference(at, size, has))
    }
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
