import { tokenize, type Token } from './formulaTokens.js'

/**
 * Cellmate computes every formula as Excel 365 does, with dynamic arrays: a range inside an
 * arithmetic or comparison operator is taken whole (`=SUM(A1:A3*B1:B3)` multiplies pairwise).
 * A file without dynamic-array metadata is read by Excel as a legacy workbook, where such a
 * formula would intersect the range with its own row instead (Excel 365 shows
 * `=SUM(@A1:A3*@B1:B3)`) unless it is an array formula (`{=SUM(A1:A3*B1:B3)}`), which is how
 * Excel itself saved it before dynamic arrays. So the export writes such a formula as a
 * one-cell array formula.
 */

const ARRAY_OPERATORS = new Set(['+', '-', '*', '/', '^', '&', '=', '<>', '<=', '>=', '<', '>'])

const isRange = (t: Token | undefined): boolean =>
  (t?.type === 'ref' || t?.type === 'anchored') && t.ref.area.isRange

const isArrayOperator = (t: Token | undefined): boolean =>
  t?.type === 'op' && ARRAY_OPERATORS.has(t.text)

/**
 * True when the formula (A1 text, with or without its `=`) applies an operator to a range, so
 * that a legacy reader must be told to evaluate it as an array formula.
 */
export function appliesOperatorToRange(formula: string): boolean {
  const body = formula.startsWith('=') ? formula.slice(1) : formula
  const tokens = tokenize(body, 'a1').filter((t) => t.type !== 'space')
  return tokens.some(
    (t, i) => isRange(t) && (isArrayOperator(tokens[i - 1]) || isArrayOperator(tokens[i + 1])),
  )
}
