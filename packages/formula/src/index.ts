// cellValue.ts
export type { CellError, CellValue, ErrorCode } from './cellValue.js'
export { ERROR_CODES, cellError, isCellError, parseErrorCode } from './cellValue.js'

// references.ts
export type { A1Reference, AnchoredReference, Area, Coord, Span } from './references.js'
export { MAX_COLS, MAX_ROWS, formatA1Reference, quoteSheetName } from './references.js'

// formulaTokens.ts
export type { PlainTokenType, Token, TokenizeMode } from './formulaTokens.js'
export { isFormula, tokenize } from './formulaTokens.js'

// formulaSyntax.ts
export { formulaSyntaxError } from './formulaSyntax.js'

// xlsxFunctionNames.ts
export { toXlsxFormula } from './xlsxFunctionNames.js'

// xlsxArrayFormula.ts
export { appliesOperatorToRange, fittedArrayFormula, legacyArrayOf } from './xlsxArrayFormula.js'

// legacyFormula.ts
export { withImplicitIntersection } from './legacyFormula.js'

// implicitIntersection.ts
export { singleAsAt } from './implicitIntersection.js'

// anchoredFormula.ts
export type {
  AxisLookup,
  DisplayOptions,
  FormulaCell,
  FormulaContext,
  ResolvedReference,
} from './anchoredFormula.js'
export {
  referencedNameIds,
  referencedSheetIds,
  resolveReference,
  toDisplayFormula,
  toStoredFormula,
  toStoredNameFormula,
} from './anchoredFormula.js'

// structuredRefs.ts, formulaTables.ts
export type { FormulaTable } from './structuredRefs.js'
export { formulaTables } from './formulaTables.js'

// formulaContext.ts
export { documentFormatSource, workbookFormulaContext } from './formulaContext.js'

// shiftFormula.ts
export { shiftFormula } from './shiftFormula.js'

// rangeSnapping.ts
export type { NameFormulaEdit, PendingDeletion } from './rangeSnapping.js'
export {
  deleteAxisKeepingRanges,
  setNameFormulas,
  snapDeletedEndpoints,
  snapFormulasForDeletion,
  snapNamesForDeletion,
} from './rangeSnapping.js'

// tableConversion.ts
export type { TableConversion } from './tableConversion.js'
export {
  convertTableToRange,
  inlineTableReferences,
  planTableConversion,
} from './tableConversion.js'

// moveKeepingRanges.ts
export type { PendingMove } from './moveKeepingRanges.js'
export {
  moveAxisKeepingRanges,
  snapFormulasForMove,
  snapNamesForMove,
  snapRangesForMove,
} from './moveKeepingRanges.js'

// cellMove.ts
export type { CellMove, MovePlan } from './cellMove.js'
export { followMove, followMovedCells, planMoveFollowing, withSheetNamed } from './cellMove.js'

// sortKeepingRanges.ts
export type { PendingSort } from './sortKeepingRanges.js'
export { sortKeepingRanges, snapRangesForSort, snapFormulasForSort } from './sortKeepingRanges.js'

// ruleFormulas.ts
export {
  isAnchoredRuleText,
  sheetFormulaContext,
  toStoredRuleFormula,
  toDisplayRuleFormula,
  toStoredListSource,
  toDisplayListSource,
  ruleForDisplay,
  ruleForStorage,
  shiftRuleFormula,
  ruleFormulaOnSheet,
  ruleSheetIds,
  rewrittenRuleTexts,
} from './ruleFormulas.js'
export type { RuleFormulaSheet } from './ruleFormulas.js'

// customRule.ts
export { customRuleFormula, customRulePasses } from './customRule.js'

// dateSerial.ts
export { dateToSerial, serialToDate } from './dateSerial.js'

// resultFormat.ts
export type { FormatSource, ShownFormat } from './resultFormat.js'
export { shownFormat, shownFormatKey, withShownFormat } from './resultFormat.js'

// inputValue.ts
export type { InputValue } from './inputValue.js'
export { inferValue } from './inputValue.js'

// generalFormat.ts
export { formatGeneral } from './generalFormat.js'

// numberFormatCode.ts
export type { DateOverflow } from './numberFormatCode.js'
export {
  formatWithCode,
  presetFormatCode,
  isValidFormatCode,
  formatCodeColor,
  stepFormatCodeDecimals,
} from './numberFormatCode.js'

// numberFormat.ts
export type { NumberFormat } from './numberFormat.js'
export {
  NUMBER_FORMATS,
  formatValue,
  isNumberFormat,
  numberFormatText,
  cellFormatCode,
  numberFormatColor,
} from './numberFormat.js'

// cellView.ts
export type { CellKind, CellView, NumberFormatting, FormatNumber } from './cellView.js'
export { describeCell, formatNumber } from './cellView.js'

// sheetHiddenRows.ts
export type { HiddenRows } from './engineCore.js'
export { filterCellOf, sheetHiddenRows, evaluatedHiddenRows } from './sheetHiddenRows.js'

// axisSync.ts
export type { AxisOp, AxisPlan } from './axisSync.js'
export { planAxisSync } from './axisSync.js'
