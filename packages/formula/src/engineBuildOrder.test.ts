import fc from 'fast-check'
import { DetailedCellError, type HyperFormula, type RawCellContent } from 'hyperformula'
import { describe, expect, it } from 'vitest'
import { createExcelEngine } from './engineConfig.js'

/**
 * HyperFormula orders its evaluation with a patched topological sort (`TopSort`,
 * `patches/hyperformula@3.5.0.patch`): with 4,096 nodes or more to sort (a sheet built whole,
 * a big paste) its per-node arrays are allocated up front. These tests hold both paths to the
 * same answers: a sheet built whole against the same cells set a row at a time, with chains,
 * cycles and self-references.
 */

const ROWS = 80
const COLS = 60

function letters(col: number): string {
  return col < 26
    ? String.fromCharCode(65 + col)
    : String.fromCharCode(64 + Math.floor(col / 26)) + String.fromCharCode(65 + (col % 26))
}

/** A sheet of numbers and formulas over random cells of it (so cycles too), from `seed`. */
function randomSheet(seed: number): RawCellContent[][] {
  let state = seed
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state % n
  }
  const ref = () => `${letters(next(COLS))}${next(ROWS) + 1}`
  return Array.from({ length: ROWS }, () =>
    Array.from({ length: COLS }, () => {
      const kind = next(10)
      if (kind < 4) return next(1000)
      if (kind < 9) return `=${ref()}+${ref()}`
      return `=SUM(${ref()}:${ref()})`
    }),
  )
}

function valuesOf(hf: HyperFormula): unknown[][] {
  return Array.from({ length: ROWS }, (_, row) =>
    Array.from({ length: COLS }, (_, col) => {
      const value = hf.getCellValue({ sheet: 0, row, col })
      return value instanceof DetailedCellError ? `#${value.type}` : value
    }),
  )
}

function builtRowByRow(sheet: RawCellContent[][]): HyperFormula {
  const hf = createExcelEngine({ Sheet1: [] })
  sheet.forEach((line, row) => hf.setCellContents({ sheet: 0, row, col: 0 }, [line]))
  return hf
}

describe('evaluation order (HyperFormula, patched topological sort)', () => {
  it('a sheet built whole gives what the same cells set a row at a time give', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const sheet = randomSheet(seed)
        const whole = createExcelEngine({ Sheet1: sheet })
        const byRow = builtRowByRow(sheet)
        try {
          expect(valuesOf(whole)).toEqual(valuesOf(byRow))
        } finally {
          whole.destroy()
          byRow.destroy()
        }
      }),
      { numRuns: 4 },
    )
  })

  it('a long chain built whole is evaluated in order; cycles and self-references are #CYCLE!', () => {
    const rows = 6000
    const sheet: RawCellContent[][] = Array.from({ length: rows }, (_, i) => [
      i + 1,
      i === 0 ? '=A1' : `=B${i}+A${i + 1}`,
    ])
    sheet[0]?.push('=D1', '=C1', '=E1', '=C1+1')
    const hf = createExcelEngine({ Sheet1: sheet })
    try {
      expect(hf.getCellValue({ sheet: 0, row: rows - 1, col: 1 })).toBe((rows * (rows + 1)) / 2)
      for (const col of [2, 3, 4, 5]) {
        const value = hf.getCellValue({ sheet: 0, row: 0, col })
        expect(value instanceof DetailedCellError && value.type).toBe('CYCLE')
      }
      // An edit at the chain's head reaches its end.
      hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[11]])
      expect(hf.getCellValue({ sheet: 0, row: rows - 1, col: 1 })).toBe(
        (rows * (rows + 1)) / 2 + 10,
      )
    } finally {
      hf.destroy()
    }
  })
})
