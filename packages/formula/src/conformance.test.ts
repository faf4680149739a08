import { beforeAll, describe, expect, it } from 'vitest'
import { colToLetters } from '@cellmate/model'
import { isCellError, type CellValue } from './cellValue.js'
import {
  FIXTURE,
  KNOWN_GAPS,
  OTHER_SHEET,
  type Case,
  type Expected,
} from './__tests__/conformanceFixture.js'
import { DATE_CASES, STAT_CASES } from './__tests__/dateStatCases.js'
import { LOGICAL_CASES, LOOKUP_CASES } from './__tests__/logicLookupCases.js'
import { MATH_CASES, TEXT_CASES } from './__tests__/mathTextCases.js'
import { Replica } from './__tests__/workbookTestBed.js'

const FAMILIES: Record<string, readonly Case[]> = {
  math: MATH_CASES,
  text: TEXT_CASES,
  logical: LOGICAL_CASES,
  lookup: LOOKUP_CASES,
  date: DATE_CASES,
  statistical: STAT_CASES,
}
const ALL = Object.entries(FAMILIES).flatMap(([family, cases]) =>
  cases.map(([formula, expected]) => ({ family, formula, expected })),
)
/** Formulas go in column J from row 10 down, clear of the fixture and of `SUM(1:1)`. */
const FIRST_ROW = 10

function matches(actual: CellValue, expected: Expected): boolean {
  if (typeof expected === 'object') return isCellError(actual) && actual.error === expected.error
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
  }
  return actual === expected
}

describe(`Excel conformance: ${ALL.length} formulas`, () => {
  let book: Replica
  beforeAll(() => {
    book = Replica.create({ rows: FIRST_ROW + ALL.length + 5, cols: 12 })
    FIXTURE.forEach((line, r) =>
      line.forEach((input, c) => book.type(`${colToLetters(c)}${r + 1}`, input)),
    )
    book.addSheet(OTHER_SHEET.name)
    OTHER_SHEET.column.forEach((v, r) => book.type(`${OTHER_SHEET.name}!A${r + 1}`, v))
    ALL.forEach(({ formula }, i) => book.type(`J${FIRST_ROW + i}`, formula))
    KNOWN_GAPS.forEach(([formula], i) => book.type(`K${FIRST_ROW + i}`, formula))
  })

  it('has at least 200 cases across every family', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(200)
    for (const cases of Object.values(FAMILIES)) expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  it.each(ALL.map((c, i) => [c.family, c.formula, c.expected, i] as const))(
    '%s: %s',
    (_family, formula, expected, i) => {
      const actual = book.value(`J${FIRST_ROW + i}`)
      if (!matches(actual, expected)) {
        expect({ formula, actual }).toEqual({ formula, actual: expected })
      }
    },
  )

  it.each(KNOWN_GAPS.map(([formula, expected], i) => [formula, expected, i] as const))(
    'known gap, still differs from Excel: %s',
    (_formula, expected, i) => {
      expect(matches(book.value(`K${FIRST_ROW + i}`), expected)).toBe(false)
    },
  )
})
