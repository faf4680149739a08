/**
 * Writes CONFORMANCE.md from the conformance data: `pnpm --filter @cellmate/formula conformance`.
 * Prints the summary line too.
 */
import { writeFileSync } from 'node:fs'
import { HyperFormula } from 'hyperformula'
import { format, resolveConfig } from 'prettier'
import { createExcelEngine } from '../src/engineConfig.js'
import { ENGINE_SYNONYMS } from '../src/excelFunctions.js'
import {
  BASELINE,
  CASE_FILES,
  EXCEL_FUNCTIONS,
  FIXTURE,
  UNSUPPORTED,
} from '../src/__tests__/conformanceData.js'
import { renderConformanceReport } from '../src/__tests__/conformanceReport.js'
import { collectCases, runCases } from '../src/__tests__/conformanceRunner.js'

createExcelEngine().destroy()
const computed = new Set([
  ...HyperFormula.getRegisteredFunctionNames('enGB'),
  ...Object.keys(ENGINE_SYNONYMS),
])
const results = runCases(collectCases(CASE_FILES, EXCEL_FUNCTIONS), FIXTURE)
const report = renderConformanceReport({
  results,
  functions: EXCEL_FUNCTIONS,
  computed,
  unsupported: UNSUPPORTED,
  baseline: BASELINE,
})
const target = new URL('../CONFORMANCE.md', import.meta.url)
// Written as the repository's Prettier writes Markdown, so `pnpm lint` accepts it as is.
const options = await resolveConfig(target)
writeFileSync(target, await format(report, { ...options, parser: 'markdown' }))
const pass = results.filter((r) => r.pass).length
console.log(
  `${pass} of ${results.length} conformance cases give Excel's result; CONFORMANCE.md written.`,
)
