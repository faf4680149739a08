// a1.ts
export type { CellPosition, RangePosition } from './a1.js'
export { colToLetters, lettersToCol, parseA1, formatA1, parseRange, formatRange } from './a1.js'

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
  getCell,
  setCell,
  setCells,
  ensureSheetSize,
} from './sheet.js'

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
  listSheets,
  hasSheet,
  initWorkbook,
} from './workbook.js'
