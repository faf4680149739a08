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

/** Functions whose result is one value whatever their arguments: a one-cell `{=…}` of one. */
const SINGLE_VALUED = new Set(
  (
    'SUM AVERAGE AVERAGEA COUNT COUNTA COUNTBLANK MAX MAXA MIN MINA PRODUCT SUMPRODUCT MEDIAN ' +
    'MODE AND OR XOR STDEV STDEV.S STDEV.P STDEVA VAR VAR.S VAR.P VARA ROWS COLUMNS CONCAT ' +
    'TEXTJOIN SUMSQ'
  ).split(' '),
)

/**
 * The formula (A1 body, no `=`) of a legacy array formula (`{=…}`, Ctrl+Shift+Enter) over
 * `rows` x `cols` cells, as Cellmate keeps it: fitted to its range with ARRAYFIT
 * (`legacyArrayPlugin.ts`), since Cellmate would otherwise spill it to its result's size. A
 * one-cell array whose formula is a call of a function that always gives one value
 * (`{=SUM(A1:A3*B1:B3)}`) computes the same as a dynamic formula and is kept as it is.
 */
export function fittedArrayFormula(body: string, rows: number, cols: number): string {
  if (rows === 1 && cols === 1) {
    const tokens = tokenize(body, 'a1').filter((t) => t.type !== 'space')
    const first = tokens[0]
    const closes = tokens.findIndex(
      (t, i) => i > 1 && t.type === 'paren' && depthAt(tokens, i) === 0,
    )
    if (
      first?.type === 'func' &&
      SINGLE_VALUED.has(first.text.toUpperCase()) &&
      closes === tokens.length - 1
    ) {
      return body
    }
  }
  return `ARRAYFIT(${body},${rows},${cols})`
}

/** Parenthesis depth after the token at `at`. */
function depthAt(tokens: readonly Token[], at: number): number {
  let depth = 0
  for (let i = 0; i <= at; i++) {
    const t = tokens[i] as Token
    if (t.type === 'paren') depth += t.text === '(' ? 1 : -1
  }
  return depth
}

/**
 * A legacy array formula's parts when the formula (A1 body) is `ARRAYFIT(body, rows, cols)`
 * as a whole with whole-number sizes: what an XLSX file writes as an array formula over its
 * range. Null otherwise.
 */
export function legacyArrayOf(
  formula: string,
): { body: string; rows: number; cols: number } | null {
  const text = formula.startsWith('=') ? formula.slice(1) : formula
  const tokens = tokenize(text, 'a1')
  const code = tokens.filter((t) => t.type !== 'space')
  if (code[0]?.type !== 'func' || code[0].text.toUpperCase() !== 'ARRAYFIT') return null
  if (code[1]?.text !== '(' || code.at(-1)?.text !== ')') return null
  // The top-level commas of the call, from the end: `…,rows,cols)`.
  let depth = 0
  const commas: number[] = []
  let offset = 0
  let close = -1
  const open = text.indexOf('(')
  for (const t of tokens) {
    if (offset > open) {
      if (t.type === 'paren' || t.type === 'brace') depth += /[({]/.test(t.text) ? 1 : -1
      if (depth === 0 && t.type === 'sep' && t.text === ',') commas.push(offset)
      if (depth < 0) {
        close = offset
        break
      }
    }
    offset += t.text.length
  }
  if (commas.length !== 2 || text.slice(close + 1).trim() !== '') return null
  const [a, b] = commas as [number, number]
  const rows = Number(text.slice(a + 1, b).trim())
  const cols = Number(text.slice(b + 1, close).trim())
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) return null
  return { body: text.slice(open + 1, a).trim(), rows, cols }
}
