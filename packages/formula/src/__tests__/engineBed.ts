import { colToLetters } from '@cellmate/model'
import type { CellValue } from '../cellValue.js'
import { Replica } from './workbookTestBed.js'

/** What a test cell holds: typed as a user would type it (numbers as their text). */
export type Input = string | number | boolean

/**
 * Types `data` into A1 onward of a new workbook (as a user would: `0.285`, `2016-03-09`, text),
 * `formula` into row 1 of the second column after it, and reads the `rows` x `cols` area the
 * formula fills (one cell for a scalar, more for a spill). Goes through the whole path a
 * user's formula takes: stored form, engine spelling, HyperFormula and Cellmate's functions.
 */
export function evaluateArea(
  formula: string,
  data: readonly (readonly Input[])[],
  rows: number,
  cols: number,
): CellValue[][] {
  // One blank column between the data and the formula, so `A1` is blank without data.
  const width = Math.max(0, ...data.map((r) => r.length)) + 1
  const book = Replica.create({ rows: Math.max(data.length, rows) + 2, cols: width + cols + 1 })
  data.forEach((line, r) =>
    line.forEach((v, c) => book.type(`${colToLetters(c)}${r + 1}`, String(v))),
  )
  book.type(`${colToLetters(width)}1`, formula)
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => book.value(`${colToLetters(width + c)}${r + 1}`)),
  )
}

/** The value of `formula` over `data` (see `evaluateArea`). */
export function evaluate(formula: string, data: readonly (readonly Input[])[] = []): CellValue {
  return evaluateArea(formula, data, 1, 1)[0]?.[0] ?? null
}
