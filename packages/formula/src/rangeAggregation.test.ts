import fc from 'fast-check'
import { DetailedCellError, type HyperFormula, type RawCellContent } from 'hyperformula'
import { describe, expect, it } from 'vitest'
import { createExcelEngine } from './engineConfig.js'

/**
 * SUM, COUNT, MIN and MAX over ranges read their cells through a patched loop of HyperFormula's
 * (`pushRangeValues`, `patches/hyperformula@3.5.0.patch`) that takes vertices straight from the
 * sheet's address mapping. These tests hold it to what reading the cells one by one gives: the
 * numbers aggregated, text, booleans and blanks skipped, the first error (row by row) returned
 * (COUNT skips errors),
 * spilled cells read as their values, before and after edits.
 */

const ROWS = 8
/** Data in A1:C8; the formulas in E, F and G. */
const DATA_COLS = 3

const cellInput = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom<RawCellContent>('text', null, true, false, '="5"') },
  { weight: 1, arbitrary: fc.constantFrom<RawCellContent>('=1/0', '=NA()', '=2*3', '=A1+1') },
)

type Aggregate = 'SUM' | 'COUNT' | 'MIN' | 'MAX'
const AGGREGATES: readonly Aggregate[] = ['SUM', 'COUNT', 'MIN', 'MAX']

/** What `fn` over `cells` is, from the values read one by one (row by row). */
function expected(fn: Aggregate, values: readonly unknown[]): number | string {
  const numbers = values.filter((v): v is number => typeof v === 'number')
  // COUNT counts numbers and skips errors; the others give the first error.
  if (fn === 'COUNT') return numbers.length
  const firstError = values.find((v) => v instanceof DetailedCellError)
  if (firstError instanceof DetailedCellError) return firstError.type
  switch (fn) {
    case 'SUM':
      return numbers.reduce((a, b) => a + b, 0)
    case 'MIN':
      return numbers.length === 0 ? 0 : Math.min(...numbers)
    case 'MAX':
      return numbers.length === 0 ? 0 : Math.max(...numbers)
  }
}

function shown(value: unknown): number | string {
  if (value instanceof DetailedCellError) return value.type
  if (typeof value === 'number') return value
  throw new Error(`not an aggregate's result: ${String(value)}`)
}

/** The values of rows `top`..`bottom` (0-based) of columns `left`..`right`, row by row. */
function valuesOf(hf: HyperFormula, top: number, bottom: number, left: number, right: number) {
  const values: unknown[] = []
  for (let row = top; row <= bottom; row++)
    for (let col = left; col <= right; col++) values.push(hf.getCellValue({ sheet: 0, col, row }))
  return values
}

/**
 * Formulas over the data: a block (A1:C8), a whole column (A:A), and a running SUM of column B
 * filled down (F{k} = SUM(B$1:Bk)), which HyperFormula computes from the range one row shorter.
 */
function formulas(fn: Aggregate): Array<{ at: [number, number]; formula: string }> {
  const list = [
    { at: [0, 4] as [number, number], formula: `=${fn}(A1:C${ROWS})` },
    { at: [1, 4] as [number, number], formula: `=${fn}(A:A)` },
  ]
  for (let k = 1; k <= ROWS; k++) list.push({ at: [k - 1, 5], formula: `=${fn}(B$1:B${k})` })
  return list
}

function checkAll(hf: HyperFormula, fn: Aggregate): void {
  expect(shown(hf.getCellValue({ sheet: 0, col: 4, row: 0 }))).toEqual(
    expected(fn, valuesOf(hf, 0, ROWS - 1, 0, DATA_COLS - 1)),
  )
  expect(shown(hf.getCellValue({ sheet: 0, col: 4, row: 1 }))).toEqual(
    expected(fn, valuesOf(hf, 0, ROWS - 1, 0, 0)),
  )
  for (let k = 1; k <= ROWS; k++) {
    expect(shown(hf.getCellValue({ sheet: 0, col: 5, row: k - 1 }))).toEqual(
      expected(fn, valuesOf(hf, 0, k - 1, 1, 1)),
    )
  }
}

describe('aggregates over ranges (HyperFormula, patched range reads)', () => {
  it('equal the cells read one by one, for any data, and again after each edit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AGGREGATES),
        fc.array(fc.array(cellInput, { minLength: DATA_COLS, maxLength: DATA_COLS }), {
          minLength: ROWS,
          maxLength: ROWS,
        }),
        fc.array(
          fc.record({
            row: fc.nat({ max: ROWS - 1 }),
            col: fc.nat({ max: DATA_COLS - 1 }),
            input: cellInput,
          }),
          { maxLength: 6 },
        ),
        (fn, data, edits) => {
          const hf = createExcelEngine({ Sheet1: data })
          try {
            for (const { at, formula } of formulas(fn)) {
              hf.setCellContents({ sheet: 0, row: at[0], col: at[1] }, [[formula]])
            }
            checkAll(hf, fn)
            for (const { row, col, input } of edits) {
              hf.setCellContents({ sheet: 0, row, col }, [[input]])
              checkAll(hf, fn)
            }
          } finally {
            hf.destroy()
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('read spilled cells as their values, and follow the spill when its source changes', () => {
    const hf = createExcelEngine({
      Sheet1: [
        ['=SEQUENCE(3)', 10],
        [null, 20],
        [null, 30],
      ],
    })
    try {
      hf.setCellContents({ sheet: 0, row: 0, col: 3 }, [['=SUM(A1:B3)'], ['=MAX(A:A)']])
      expect(hf.getCellValue({ sheet: 0, row: 0, col: 3 })).toBe(66)
      expect(hf.getCellValue({ sheet: 0, row: 1, col: 3 })).toBe(3)
      hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [['=SEQUENCE(3,1,5)']])
      expect(hf.getCellValue({ sheet: 0, row: 0, col: 3 })).toBe(78)
      expect(hf.getCellValue({ sheet: 0, row: 1, col: 3 })).toBe(7)
    } finally {
      hf.destroy()
    }
  })

  it('over another sheet, follow its edits and give #REF! once it is removed', () => {
    const hf = createExcelEngine({ Sheet1: [['=SUM(Data!A1:A3)']], Data: [[1], [2], [3]] })
    try {
      expect(hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBe(6)
      hf.setCellContents({ sheet: 1, row: 1, col: 0 }, [[20]])
      expect(hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBe(24)
      hf.removeSheet(1)
      expect(shown(hf.getCellValue({ sheet: 0, row: 0, col: 0 }))).toBe('REF')
    } finally {
      hf.destroy()
    }
  })
})
