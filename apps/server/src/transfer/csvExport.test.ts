import { describe, expect, it } from 'vitest'
import Papa from 'papaparse'
import type { SheetCell, SheetContent } from './sheetContent.js'
import { csvChunks, csvFieldCount } from './csvExport.js'

function content(cells: Array<Pick<SheetCell, 'row' | 'col' | 'raw'>>): SheetContent {
  const full = cells.map((c) => ({ ...c, rowId: `r${c.row}`, colId: `c${c.col}`, format: {} }))
  return {
    cells: full,
    rowCount: Math.max(0, ...cells.map((c) => c.row + 1)),
    colCount: Math.max(0, ...cells.map((c) => c.col + 1)),
    hasFormulas: cells.some((c) => c.raw.startsWith('=')),
    colWidths: [],
    rowHeights: [],
  }
}

describe('csvChunks', () => {
  it('streams the used range in chunks that join to the whole CSV, blank rows and fields included', () => {
    const cells: Array<Pick<SheetCell, 'row' | 'col' | 'raw'>> = []
    for (let row = 0; row < 6000; row += 3) {
      cells.push({ row, col: 0, raw: `line ${row}, "quoted"` })
      cells.push({ row, col: 4, raw: String(row) })
    }
    cells.push({ row: 6001, col: 2, raw: '=A1' })
    const sheet = content(cells)
    const chunks = [...csvChunks(sheet, (cell) => `value of ${cell.rowId}`)]
    expect(chunks.length).toBeGreaterThan(1)
    const grid: string[][] = Array.from({ length: sheet.rowCount }, () =>
      new Array<string>(sheet.colCount).fill(''),
    )
    for (const c of cells) (grid[c.row] as string[])[c.col] = c.raw
    ;(grid[6001] as string[])[2] = 'value of r6001'
    expect(chunks.join('')).toBe(Papa.unparse(grid, { newline: '\r\n' }))
    expect(csvFieldCount(sheet)).toBe(6002 * 5)
  })

  it('an empty sheet is an empty file', () => {
    expect([...csvChunks(content([]), () => null)]).toEqual([])
  })

  it('a lone far cell spans rows x columns fields, which is what the export bound counts', () => {
    expect(csvFieldCount(content([{ row: 1_048_575, col: 16_383, raw: 'x' }]))).toBe(
      1_048_576 * 16_384,
    )
  })
})
