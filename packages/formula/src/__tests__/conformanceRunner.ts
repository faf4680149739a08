import { colToLetters } from '@cellmate/model'
import { isCellError, type CellValue } from '../cellValue.js'
import { tokenize } from '../formulaTokens.js'
import { evaluateArea, type Input } from './engineBed.js'
import { Replica } from './workbookTestBed.js'

/**
 * The conformance suite is data (`packages/formula/conformance/`): each case is a formula,
 * optionally the cells it reads, Excel's result and where that result is documented. This
 * module turns the data into cases, runs them through the whole engine path a user's formula
 * takes, and compares. `conformance.test.ts` asserts on the results; `scripts/conformanceReport.ts`
 * writes CONFORMANCE.md from them.
 */

/** Excel's result: a value, an error code, or the rows a formula spills (null: a blank in them). */
export type ExpectedValue = number | string | boolean | { error: string } | null
export type Expected = ExpectedValue | ExpectedValue[][]

export interface CaseData {
  formula: string
  expected: Expected
  /** Where Excel's result is documented; defaults to the file's `source`. */
  source?: string
  /** Cells typed from A1 before the formula (a row per line), as a user would type them. */
  rows?: Input[][]
  /** Decimals the documented result shows: the result must round to it. */
  digits?: number
  /** Why Cellmate still differs from Excel; such a case is asserted to fail, until fixed. */
  gap?: string
  /** The function the case is about, when not the formula's first. */
  function?: string
}

export interface CaseFile {
  title: string
  /** The cases read the shared fixture (`fixture.json`) rather than `rows` of their own. */
  fixture?: boolean
  source?: string
  cases: CaseData[]
}

export interface Fixture {
  sheet: string[][]
  otherSheet: { name: string; column: string[] }
}

export interface FunctionEntry {
  name: string
  category: string
}

export interface ConformanceCase extends CaseData {
  file: string
  fixture: boolean
  fn: string
  category: string
  source: string
}

export interface CaseResult {
  spec: ConformanceCase
  actual: CellValue | CellValue[][]
  pass: boolean
}

/** Pseudo-function of formulas without one (`=1+2`, `=E1-E4`). */
export const OPERATORS = '(operators)'

/** The first function a formula calls, without Excel's `_xlfn.` prefix. */
export function functionOf(formula: string): string {
  const call = tokenize(formula.slice(1), 'a1').find((t) => t.type === 'func')
  return call ? call.text.replace(/^(?:_xl(?:fn|ws)\.)+/i, '').toUpperCase() : OPERATORS
}

/** Every case of every file, with its function and Microsoft's category for that function. */
export function collectCases(
  files: Readonly<Record<string, CaseFile>>,
  functions: readonly FunctionEntry[],
): ConformanceCase[] {
  const categories = new Map(functions.map((f) => [f.name, f.category]))
  return Object.entries(files).flatMap(([file, data]) =>
    data.cases.map((c) => {
      const fn = c.function ?? functionOf(c.formula)
      return {
        ...c,
        file,
        fixture: data.fixture === true,
        fn,
        category: fn === OPERATORS ? 'Operators' : (categories.get(fn) ?? 'Other'),
        source: c.source ?? data.source ?? '',
      }
    }),
  )
}

function matchesValue(actual: CellValue, expected: ExpectedValue, digits?: number): boolean {
  if (expected === null) return actual === null
  if (typeof expected === 'object') return isCellError(actual) && actual.error === expected.error
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (digits !== undefined) return Math.abs(actual - expected) <= 0.5 * 10 ** -digits + 1e-12
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
  }
  return actual === expected
}

/** Does a result equal Excel's (numbers to the documented digits, else to 1e-9 relative)? */
export function matches(actual: CellValue | CellValue[][], spec: CaseData): boolean {
  const { expected, digits } = spec
  if (!Array.isArray(expected))
    return !Array.isArray(actual) && matchesValue(actual, expected, digits)
  if (!Array.isArray(actual) || actual.length !== expected.length) return false
  return expected.every((row, r) => {
    const line = actual[r] as CellValue[]
    return (
      line.length === row.length &&
      row.every((e, c) => matchesValue(line[c] as CellValue, e, digits))
    )
  })
}

/** Fixture formulas go in column J from row 10 down, clear of the fixture and of `SUM(1:1)`. */
const FIRST_ROW = 10

function runFixtureCases(cases: readonly ConformanceCase[], fixture: Fixture): CellValue[] {
  if (cases.length === 0) return []
  const book = Replica.create({ rows: FIRST_ROW + cases.length + 5, cols: 12 })
  fixture.sheet.forEach((line, r) =>
    line.forEach((input, c) => book.type(`${colToLetters(c)}${r + 1}`, input)),
  )
  book.addSheet(fixture.otherSheet.name)
  fixture.otherSheet.column.forEach((v, r) => book.type(`${fixture.otherSheet.name}!A${r + 1}`, v))
  cases.forEach((c, i) => book.type(`J${FIRST_ROW + i}`, c.formula))
  return cases.map((_, i) => book.value(`J${FIRST_ROW + i}`))
}

/**
 * Scalar cases that type the same cells share one workbook: the cells once, each formula in
 * its own row of the first free column (one blank column after the data).
 */
function runSharedCases(cases: readonly ConformanceCase[]): CellValue[] {
  const rows = cases[0]?.rows ?? []
  const width = Math.max(0, ...rows.map((r) => r.length)) + 1
  const book = Replica.create({ rows: Math.max(rows.length, cases.length) + 2, cols: width + 2 })
  rows.forEach((line, r) =>
    line.forEach((v, c) => book.type(`${colToLetters(c)}${r + 1}`, String(v))),
  )
  const column = colToLetters(width)
  cases.forEach((c, i) => book.type(`${column}${i + 1}`, c.formula))
  return cases.map((_, i) => book.value(`${column}${i + 1}`))
}

/** A case that spills gets a workbook of its own, with room for its area. */
function runSpillCase(spec: ConformanceCase, expected: ExpectedValue[][]): CellValue[][] {
  return evaluateArea(spec.formula, spec.rows ?? [], expected.length, expected[0]?.length ?? 1)
}

/** Runs every case: fixture cases in one workbook, others grouped by the cells they type. */
export function runCases(cases: readonly ConformanceCase[], fixture: Fixture): CaseResult[] {
  const values = new Map<ConformanceCase, CellValue | CellValue[][]>()
  const onFixture = cases.filter((c) => c.fixture)
  runFixtureCases(onFixture, fixture).forEach((v, i) =>
    values.set(onFixture[i] as ConformanceCase, v),
  )
  const groups = new Map<string, ConformanceCase[]>()
  for (const c of cases) {
    if (c.fixture) continue
    if (Array.isArray(c.expected)) {
      values.set(c, runSpillCase(c, c.expected))
      continue
    }
    const key = JSON.stringify(c.rows ?? [])
    groups.set(key, [...(groups.get(key) ?? []), c])
  }
  for (const group of groups.values()) {
    runSharedCases(group).forEach((v, i) => values.set(group[i] as ConformanceCase, v))
  }
  return cases.map((spec) => {
    const actual = values.get(spec) as CellValue | CellValue[][]
    return { spec, actual, pass: matches(actual, spec) }
  })
}
