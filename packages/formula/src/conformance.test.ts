import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_FILES, EXCEL_FUNCTIONS, FIXTURE } from './__tests__/conformanceData.js'
import { collectCases, runCases, type CaseResult } from './__tests__/conformanceRunner.js'

/**
 * The conformance data (`packages/formula/conformance/`): every case must give Excel's result,
 * and every case marked as a gap must still differ (so a fix shows up and gets unmarked).
 * CONFORMANCE.md reports the same results (`pnpm --filter @cellmate/formula conformance`).
 */
const CASES = collectCases(CASE_FILES, EXCEL_FUNCTIONS)
const label = (i: number): string => {
  const c = CASES[i]
  return c ? `${c.file}: ${c.formula}` : String(i)
}

describe(`Excel conformance: ${CASES.length} cases`, () => {
  let results: CaseResult[] = []
  // A few hundred workbooks on a shared machine: allow well beyond the default hook timeout.
  beforeAll(() => {
    results = runCases(CASES, FIXTURE)
  }, 300_000)

  it('covers every family with cited cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(500)
    for (const [file, data] of Object.entries(CASE_FILES)) {
      expect(data.cases.length, file).toBeGreaterThanOrEqual(5)
      for (const c of data.cases) expect(c.source ?? data.source, c.formula).toBeTruthy()
    }
  })

  const passing = CASES.flatMap((c, i) => (c.gap ? [] : [i]))
  it.each(passing.map((i) => [label(i), i] as const))('%s', (_label, i) => {
    const { spec, actual } = results[i] as CaseResult
    if (!(results[i] as CaseResult).pass) {
      expect({ formula: spec.formula, actual }).toEqual({
        formula: spec.formula,
        actual: spec.expected,
      })
    }
  })

  const gaps = CASES.flatMap((c, i) => (c.gap ? [i] : []))
  it.each(gaps.map((i) => [label(i), i] as const))(
    'known gap, still differs from Excel: %s',
    (_label, i) => {
      expect((results[i] as CaseResult).pass).toBe(false)
    },
  )
})
