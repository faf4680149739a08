// a1.ts
export type { CellPosition, RangePosition } from './a1.js'
export {
  colToLetters,
  lettersToCol,
  parseA1,
  formatA1,
  parseRange,
  formatRange,
  sameRange,
} from './a1.js'

// ids.ts
export { newId } from './ids.js'

// sheet.ts
export type { SheetTypes, CellEdit } from './sheet.js'
export {
  SHEET_ROOTS,
  DEFAULT_SHEET_ROWS,
  DEFAULT_SHEET_COLS,
  sheetTypes,
  cellKey,
  newIds,
  initSheet,
  liveIds,
  cellInputAt,
  cellInputs,
  migrateLegacyCells,
  getCell,
  setCell,
  setCells,
  ensureSheetSize,
} from './sheet.js'

// transactionClients.ts
export { addedClients, addedUnits } from './transactionClients.js'

// cellStore.ts
export type { CellsListener, CellEntryRef } from './cellStore.js'
export { SheetCells, CELL_ENTRIES_ROOT } from './cellStore.js'
export { parseCellEntry, cellEntry, isCellEntry } from './cellEntries.js'

// sheetView.ts
export type { SheetViewTypes, FrozenPanes } from './sheetView.js'
export {
  MAX_AXIS_SIZE,
  sheetViewTypes,
  setColWidths,
  setRowHeights,
  storedSize,
  getFrozen,
  setFrozen,
} from './sheetView.js'

// formats.ts
export type {
  CellFormat,
  CellFormatEdit,
  FormatAttr,
  NumFmt,
  HorizontalAlign,
  CellRef,
} from './formats.js'
export {
  NUM_FMTS,
  HORIZONTAL_ALIGNS,
  MAX_DECIMALS,
  MAX_FORMAT_CELLS,
  MAX_NUM_FMT_CODE_CHARS,
  maxFormatCells,
  setNumberFormat,
  FORMAT_ATTRS,
  isFormatAttr,
  isValidFormatValue,
  normalizeHexColor,
  formatKey,
  parseFormatKey,
  formatsMap,
  rangeCells,
  setFormat,
  checkFormats,
  replaceFormats,
  getFormat,
  isDefaultFormat,
  clearFormats,
  deleteFormatsWhere,
} from './formats.js'

// sheetLayout.ts
export { SheetLayout } from './sheetLayout.js'

// workbook.ts
export type { SheetInfo, WorkbookTypes } from './workbook.js'
export {
  WORKBOOK_ROOTS,
  workbookTypes,
  workbookDocName,
  sheetDocName,
  getTitle,
  setTitle,
  listSheets,
  hasSheet,
  sheetMetaOf,
  initWorkbook,
  validateSheetName,
  isSheetNameValid,
  addSheet,
  renameSheet,
  moveSheet,
  deleteSheet,
  duplicateSheet,
  copySheetContent,
} from './workbook.js'

// definedNames.ts
export type { DefinedName, NameField, NameInput } from './definedNames.js'
export {
  NAME_FIELDS,
  MAX_DEFINED_NAMES,
  MAX_NAME_CHARS,
  MAX_NAME_COMMENT_CHARS,
  nameProblem,
  isValidName,
  nameFormulaProblem,
  namedEntryProblem,
  namesMap,
  listNames,
  findName,
  newNameId,
  addName,
  updateName,
  deleteName,
} from './definedNames.js'

// structure.ts
export type { Axis, SheetLimits } from './structure.js'
export {
  DEFAULT_SHEET_LIMITS,
  insertAxis,
  deleteAxis,
  moveAxis,
  insertRows,
  insertCols,
  deleteRows,
  deleteCols,
  moveRows,
  moveCols,
  clearRange,
  pruneOrphanCells,
} from './structure.js'

// sortOrder.ts, sortRows.ts
export type { SortValue } from './sortOrder.js'
export { SortColumn, rawSortValue } from './sortOrder.js'
export type { SortKey, SortOptions, SortPlan } from './sortRows.js'
export { MAX_SORT_KEYS, planSort, applySortPlan, sortRange } from './sortRows.js'

// hiddenAxes.ts
export { hiddenMap, isHidden, hiddenIndexes, setHidden, setHiddenAt } from './hiddenAxes.js'

// documentRepair.ts
export type { RepairReport } from './documentRepair.js'
export { repairSheet, repairWorkbook } from './documentRepair.js'

// undoHistory.ts
export type { ExternalStep } from './undoHistory.js'
export { UndoHistory } from './undoHistory.js'

// undoLineKeeper.ts
export type { KeptLines } from './undoLineKeeper.js'

// comments.ts
export type {
  CommentField,
  CommentAuthor,
  CellComment,
  CommentThread,
  ThreadQuery,
  PositionLookup,
  NewComment,
} from './comments.js'
export {
  MAX_COMMENT_CHARS,
  MAX_COMMENT_NAME_CHARS,
  MAX_COMMENT_AUTHOR_CHARS,
  COMMENT_FIELDS,
  AUTHOR_FIELDS,
  commentsMap,
  parseCommentKey,
  isValidCommentValue,
  checkCommentEntry,
  commentThreads,
  commentThreadsAt,
  commentThread,
  commentInfo,
  addComment,
  replyToComment,
  editComment,
  deleteComment,
  setCommentResolved,
  moveCommentThreads,
} from './comments.js'
// commentCarry.ts
export type { CommentsCarried } from './commentCarry.js'
export { carryCommentThreads } from './commentCarry.js'

// axisPositions.ts
export type { AxisPositions } from './axisPositions.js'

// mergeEntries.ts
export { MERGES_ROOT, parseMergeRef, isValidMergeEntry, mergesMap } from './mergeEntries.js'

// mergeBlocks.ts
export type { MergeBlock } from './mergeBlocks.js'
export { BlockIndex } from './mergeBlocks.js'

// mergeState.ts
export type { MergeState } from './mergeState.js'
export { readMerges } from './mergeState.js'

// mergeCommands.ts
export type { MergeMode, MergePlan } from './mergeCommands.js'
export {
  MERGE_MODES,
  MAX_MERGE_CELLS,
  mergeParts,
  planMerge,
  mergeCells,
  unmergeCells,
} from './mergeCommands.js'

// mergeWriteCheck.ts
export { checkWritesOutsideMerges } from './mergeWriteCheck.js'

// versionRestore.ts
export type { RestoreReport } from './versionRestore.js'
export { restoreDocContent, revertRestore, changedCells } from './versionRestore.js'

// validations.ts
export type {
  ValidationKind,
  ValidationOp,
  ValidationCriteria,
  ValidationRule,
} from './validations.js'
export {
  VALIDATION_KINDS,
  VALIDATION_OPS,
  MAX_LIST_ITEMS,
  MAX_LIST_ITEM_CHARS,
  MAX_VALIDATION_TEXT,
  validationsMap,
  criteriaProblem,
  parseListSource,
  isValidValidationEntry,
  readValidations,
  validationAt,
  newValidationId,
  setValidation,
  deleteValidation,
  replaceValidations,
  planValidationCut,
} from './validations.js'

// idRange.ts
export type { IdRange } from './idRange.js'
export { newRuleId, MAX_STORED_RULE_FORMULA } from './idRange.js'

// ruleTexts.ts
export type { RuleMapName, RuleText } from './ruleTexts.js'
export { readRuleTexts, setRuleTexts } from './ruleTexts.js'

// rangeRuleCut.ts
export type { RangeCut, RuleWrite } from './rangeRuleCut.js'
export { applyRuleWrites } from './rangeRuleCut.js'

// conditionalFormats.ts
export type {
  ConditionalKind,
  ConditionalOp,
  ConditionalStyle,
  ConditionalSpec,
  ConditionalRule,
} from './conditionalFormats.js'
export {
  CONDITIONAL_KINDS,
  CONDITIONAL_OPS,
  MAX_CONDITIONAL_RULES,
  MAX_CONDITIONAL_TEXT,
  MAX_CONDITIONAL_FORMULA,
  conditionalFormatsMap,
  conditionalSpecProblem,
  isValidConditionalFormatEntry,
  readConditionalFormats,
  addConditionalFormat,
  updateConditionalFormat,
  moveConditionalFormat,
  deleteConditionalFormat,
  planConditionalFormatCut,
} from './conditionalFormats.js'

// conditionalFormatEval.ts
export type { ConditionalCellStyle, ConditionalSource } from './conditionalFormatEval.js'
export {
  ConditionalFormatter,
  NEGATIVE_BAR_COLOR,
  mixColors,
  serialDay,
  todaySerial,
} from './conditionalFormatEval.js'

// conditionalFormatText.ts
export { describeConditionalFormat } from './conditionalFormatText.js'

// filterCriteria.ts, filter.ts
export type { FilterOp, FilterCondition, FilterCriteria, FilterCell } from './filterCriteria.js'
export {
  FILTER_OPS,
  MAX_FILTER_VALUES,
  MAX_FILTER_VALUE_CHARS,
  MAX_FILTER_TEXT,
  filterValueKey,
  dateSerialOf,
  filterCriteriaProblem,
  isEmptyCriteria,
  passesFilter,
} from './filterCriteria.js'
export type { FilterSpec, SheetFilter } from './filter.js'
export {
  filterMap,
  isValidFilterEntry,
  readFilterSpec,
  parseFilterSpec,
  resolveFilter,
  readFilter,
  filteredRowIds,
  setFilter,
  removeFilter,
  setFilterCriteria,
} from './filter.js'

// validationCheck.ts
export { describeValidation, passesValidation, validationMessage } from './validationCheck.js'

// tables.ts
export type { TableOptions, SheetTable, TableInput, TableChange, TableLayout } from './tables.js'
export {
  MAX_TABLES,
  MAX_TABLE_COLUMN_CHARS,
  TABLE_STYLE_RE,
  DEFAULT_TABLE_STYLE,
  tablesMap,
  tableNameProblem,
  isValidTableEntry,
  uniqueColumnNames,
  readTables,
  tableAt,
  newTableId,
  addTable,
  updateTable,
  deleteTable,
} from './tables.js'

// tableCommands.ts
export type { FormatAsTableInput } from './tableCommands.js'
export {
  nextTableName,
  formatAsTable,
  growTablesTo,
  applyWritesToTables,
  renameColumnAtHeader,
} from './tableCommands.js'
