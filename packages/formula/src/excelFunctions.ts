import { ArrayShapePlugin } from './arrayShapePlugin.js'
import { BondPlugin } from './bondPlugin.js'
import { DepreciationPlugin } from './depreciationPlugin.js'
import { DistributionPlugin } from './distributionPlugin.js'
import { EngineeringPlugin } from './engineeringPlugin.js'
import { ExcelCompatPlugin } from './excelCompatPlugin.js'
import { ExcelSemanticsPlugin } from './excelSemanticsPlugin.js'
import { registerPlugins } from './excelFunctionPlugin.js'
import { IndirectPlugin } from './indirectPlugin.js'
import { GroupByPlugin } from './groupByPlugin.js'
import { LegacyArrayPlugin } from './legacyArrayPlugin.js'
import { LetLambdaPlugin } from './letLambdaPlugin.js'
import { LookupPlugin } from './lookupPlugin.js'
import { MatchPlugin } from './matchPlugin.js'
import { MatrixPlugin } from './matrixPlugin.js'
import { OddCouponPlugin } from './oddCouponPlugin.js'
import { PivotByPlugin } from './pivotByPlugin.js'
import { RegressionPlugin } from './regressionPlugin.js'
import { RegexPlugin } from './regexPlugin.js'
import { StatisticsPlugin } from './statisticsPlugin.js'
import { SubtotalPlugin } from './subtotalPlugin.js'
import { TextFormatPlugin } from './textFormatPlugin.js'
import { TextFunctionsPlugin } from './textFunctionsPlugin.js'
import { TextSplitPlugin } from './textSplitPlugin.js'
import { TrimRangePlugin } from './trimRangePlugin.js'

/**
 * Every function plugin that makes HyperFormula compute as Excel does. A function a plugin
 * names replaces HyperFormula's own (INT, TEXT, SUBTOTAL); no two plugins name the same one.
 */
const PLUGINS = [
  ExcelSemanticsPlugin,
  ExcelCompatPlugin,
  TextFormatPlugin,
  SubtotalPlugin,
  StatisticsPlugin,
  DistributionPlugin,
  EngineeringPlugin,
  IndirectPlugin,
  LetLambdaPlugin,
  GroupByPlugin,
  PivotByPlugin,
  LookupPlugin,
  MatchPlugin,
  TextFunctionsPlugin,
  TextSplitPlugin,
  RegexPlugin,
  MatrixPlugin,
  RegressionPlugin,
  ArrayShapePlugin,
  BondPlugin,
  OddCouponPlugin,
  DepreciationPlugin,
  TrimRangePlugin,
  LegacyArrayPlugin,
]

/** Registers Cellmate's Excel functions with HyperFormula (idempotent; before any engine). */
export function registerExcelFunctions(): void {
  registerPlugins(PLUGINS)
}

/**
 * Excel names that are another function under another name (`ERF.PRECISE` is `ERF` with one
 * argument): the engine is given HyperFormula's name.
 */
export const ENGINE_SYNONYMS: Readonly<Record<string, string>> = {
  'ERF.PRECISE': 'ERF',
  'ERFC.PRECISE': 'ERFC',
  // The byte-counting variants equal the plain functions unless a double-byte language is the
  // default, and Cellmate runs en-US.
  FINDB: 'FIND',
  LEFTB: 'LEFT',
  LENB: 'LEN',
  MIDB: 'MID',
  REPLACEB: 'REPLACE',
  RIGHTB: 'RIGHT',
  SEARCHB: 'SEARCH',
}
