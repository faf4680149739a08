import { describe, expect, it } from 'vitest'
import { runRecalcBenchmark } from './recalcBenchmark.js'

// Timings belong to `pnpm bench`; this only checks the benchmark measures a working sheet.
describe('recalculation benchmark', () => {
  it('builds the sheet, edits, inserts and deletes, and reports each step', () => {
    const result = runRecalcBenchmark(200, () => 0, 3)
    expect(result).toEqual({
      formulas: 200,
      loadMs: 0,
      catchUpMs: 0,
      editMs: 0,
      insertRowMs: 0,
      deleteRowMs: 0,
      // The edited input, the formula reading it, and the column total.
      changedCells: 3,
    })
  })
})
