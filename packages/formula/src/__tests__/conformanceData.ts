import arrays from '../../conformance/cases/arrays.json' with { type: 'json' }
import date from '../../conformance/cases/date.json' with { type: 'json' }
import depreciation from '../../conformance/cases/depreciation.json' with { type: 'json' }
import implicitIntersection from '../../conformance/cases/implicitIntersection.json' with { type: 'json' }
import indirect from '../../conformance/cases/indirect.json' with { type: 'json' }
import lambda from '../../conformance/cases/lambda.json' with { type: 'json' }
import grouping from '../../conformance/cases/grouping.json' with { type: 'json' }
import engineering from '../../conformance/cases/engineering.json' with { type: 'json' }
import logical from '../../conformance/cases/logical.json' with { type: 'json' }
import lookup from '../../conformance/cases/lookup.json' with { type: 'json' }
import lookupInformation from '../../conformance/cases/lookupInformation.json' with { type: 'json' }
import math from '../../conformance/cases/math.json' with { type: 'json' }
import matrix from '../../conformance/cases/matrix.json' with { type: 'json' }
import regression from '../../conformance/cases/regression.json' with { type: 'json' }
import numberFormat from '../../conformance/cases/numberFormat.json' with { type: 'json' }
import securities from '../../conformance/cases/securities.json' with { type: 'json' }
import semantics from '../../conformance/cases/semantics.json' with { type: 'json' }
import statistical from '../../conformance/cases/statistical.json' with { type: 'json' }
import statistics from '../../conformance/cases/statistics.json' with { type: 'json' }
import subtotal from '../../conformance/cases/subtotal.json' with { type: 'json' }
import text from '../../conformance/cases/text.json' with { type: 'json' }
import textFunctions from '../../conformance/cases/textFunctions.json' with { type: 'json' }
import baseline from '../../conformance/baseline.json' with { type: 'json' }
import excel365 from '../../conformance/excel365Functions.json' with { type: 'json' }
import fixture from '../../conformance/fixture.json' with { type: 'json' }
import unsupported from '../../conformance/unsupported.json' with { type: 'json' }
import type { Baseline } from './conformanceReport.js'
import type { CaseFile, Fixture, FunctionEntry } from './conformanceRunner.js'

/**
 * The conformance data, one import per file of `packages/formula/conformance/` (a new case
 * file is added here). Typed once, here, so the runner and the report read checked shapes.
 */
export const CASE_FILES: Readonly<Record<string, CaseFile>> = {
  math,
  text,
  logical,
  lookup,
  date,
  statistical,
  numberFormat,
  subtotal,
  statistics,
  engineering,
  lookupInformation,
  textFunctions,
  matrix,
  regression,
  securities,
  depreciation,
  semantics,
  lambda,
  indirect,
  arrays,
  implicitIntersection,
  grouping,
} as unknown as Record<string, CaseFile>

export const FIXTURE: Fixture = fixture

/** Excel 365's functions with Microsoft's category for each. */
export const EXCEL_FUNCTIONS: readonly FunctionEntry[] = excel365.functions

/** Why a function Excel has is not computed: by name, else by category. */
export const UNSUPPORTED: {
  functions: Readonly<Record<string, string>>
  categories: Readonly<Record<string, string>>
  limits: Readonly<Record<string, string>>
} = unsupported

/** The same cases' results before issue 17's work (see `baseline.json`). */
export const BASELINE: Baseline = baseline
