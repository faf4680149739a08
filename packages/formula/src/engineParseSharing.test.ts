import type { HyperFormula, RawCellContent } from 'hyperformula'
import { describe, expect, it } from 'vitest'
import { createExcelEngine } from './engineConfig.js'

/**
 * HyperFormula parses a formula once per relative shape and hands every later formula of that
 * shape the cached tree. Patched (`patches/hyperformula@3.5.0.patch`, `ParserWithCaching`), a
 * tree without a reversed range (`A5:A1`) is no longer copied per formula and its dependency
 * list is the cache's. These tests hold the two cases apart: one shape that is reversed in some
 * rows and in order in others, and filled-down formulas that share a tree and must still each
 * read their own row, through edits and row inserts.
 */

const ROWS = 40

/** Column A: 1..ROWS. */
function inputs(): RawCellContent[][] {
  return Array.from({ length: ROWS }, (_, r) => [r + 1])
}

/** Σ A{from}..A{to} whichever way round, from column A holding `a`. */
function sumBetween(a: readonly number[], from: number, to: number): number {
  const [lo, hi] = from <= to ? [from, to] : [to, from]
  let total = 0
  for (let r = lo; r <= hi; r++) total += a[r - 1] as number
  return total
}

function column(hf: HyperFormula, col: number): unknown[] {
  return Array.from({ length: ROWS }, (_, row) => hf.getCellValue({ sheet: 0, row, col }))
}

describe('formulas sharing a parsed shape (HyperFormula, patched parser cache)', () => {
  it('a range reversed in some rows and in order in others reads the same cells in each', () => {
    // B{n}: =SUM(A$20:A{n}) — one relative shape; reversed above row 20, in order below it.
    // C{n}: =SUM($A{n}:A$1) and D{n}: =SUM(A:A)-SUM(A{n}:A$40), the same idea on other ends;
    // E{n}: =1+SUM(A$20:A{n}), B's range under an operator.
    const sheet = inputs().map((line, r) => [
      ...line,
      `=SUM(A$20:A${r + 1})`,
      `=SUM($A${r + 1}:A$1)`,
      `=SUM(A:A)-SUM(A${r + 1}:A$${ROWS})`,
      `=1+SUM(A$20:A${r + 1})`,
    ])
    const hf = createExcelEngine({ Sheet1: sheet })
    const a = Array.from({ length: ROWS }, (_, r) => r + 1)
    const all = sumBetween(a, 1, ROWS)
    expect(column(hf, 1)).toEqual(a.map((_, r) => sumBetween(a, 20, r + 1)))
    expect(column(hf, 2)).toEqual(a.map((_, r) => sumBetween(a, 1, r + 1)))
    expect(column(hf, 3)).toEqual(a.map((_, r) => all - sumBetween(a, r + 1, ROWS)))
    expect(column(hf, 4)).toEqual(a.map((_, r) => 1 + sumBetween(a, 20, r + 1)))

    // An input edited: every formula whose range covers it, and only those, changes.
    hf.setCellContents({ sheet: 0, row: 9, col: 0 }, [[1000]])
    a[9] = 1000
    expect(column(hf, 1)).toEqual(a.map((_, r) => sumBetween(a, 20, r + 1)))
    expect(column(hf, 2)).toEqual(a.map((_, r) => sumBetween(a, 1, r + 1)))
    hf.destroy()
  })

  it('filled-down formulas that share one tree each read their own row, before and after inserts', () => {
    const sheet = inputs().map((line, r) => [...line, `=A${r + 1}*2+1`, `=B${r + 1}+A${r + 1}`])
    const hf = createExcelEngine({ Sheet1: sheet })
    const expected = (a: readonly number[]) => ({
      b: a.map((v) => v * 2 + 1),
      c: a.map((v) => v * 3 + 1),
    })
    let a = Array.from({ length: ROWS }, (_, r) => r + 1)
    expect(column(hf, 1)).toEqual(expected(a).b)
    expect(column(hf, 2)).toEqual(expected(a).c)

    hf.setCellContents({ sheet: 0, row: 4, col: 0 }, [[-7]])
    a[4] = -7
    expect(column(hf, 1)).toEqual(expected(a).b)
    expect(column(hf, 2)).toEqual(expected(a).c)

    // Two rows inserted above row 6: the formulas below move and still read their own row.
    hf.addRows(0, [5, 2])
    hf.setCellContents({ sheet: 0, row: 5, col: 0 }, [[100], [200]])
    hf.setCellContents({ sheet: 0, row: 5, col: 1 }, [['=A6*2+1'], ['=A7*2+1']])
    a = [...a.slice(0, 5), 100, 200, ...a.slice(5, ROWS - 2)]
    expect(column(hf, 1)).toEqual(expected(a).b)
    expect(hf.getCellFormula({ sheet: 0, row: 20, col: 2 })).toBe('=B21+A21')
    expect(hf.getCellValue({ sheet: 0, row: ROWS + 1, col: 2 })).toBe(ROWS * 3 + 1)
    hf.destroy()
  })
})
