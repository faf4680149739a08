import { HyperFormula, type ConfigParams, type RawCellContent } from 'hyperformula'
import { registerExcelFunctions } from './excelFunctions.js'
import { MAX_COLS, MAX_ROWS } from './references.js'

/**
 * HyperFormula set up to behave like en-US Excel, following HyperFormula's guide
 * "Compatibility with Microsoft Excel". HyperFormula is GPL-3.0 (hence Cellmate is):
 * `licenseKey: 'gpl-v3'` states that we use it under those terms.
 */
export const EXCEL_COMPATIBLE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  // Excel's grid, so a reference to XFD1048576 is valid rather than an engine error.
  maxRows: MAX_ROWS,
  maxColumns: MAX_COLS,
  // Excel's 1900 date system, including its fictional 1900-02-29 (serial 60).
  leapYear1900: true,
  nullDate: { year: 1899, month: 12, day: 31 },
  dateFormats: ['MM/DD/YYYY', 'MM/DD/YY', 'YYYY-MM-DD', 'YYYY/MM/DD'],
  timeFormats: ['hh:mm', 'hh:mm:ss.sss'],
  currencySymbol: ['$', 'USD'],
  localeLang: 'en-US',
  accentSensitive: true,
  caseSensitive: false,
  // Results keep the 15 significant digits Excel keeps (HyperFormula's default, 10, rounds
  // what cells show and exports to 11: TRIMMEAN's 3.77777777777778 read 3.7777777778).
  precisionRounding: 14,
  // `=B1` of an empty B1 shows 0, as in Excel.
  evaluateNullToZero: true,
  // Dynamic arrays (Excel 365): =SEQUENCE(3) spills.
  useArrayArithmetic: true,
  // Undo lives in the documents (per-user UndoHistory), not in the engine.
  undoLimit: 0,
}

/** HyperFormula only knows TRUE() and FALSE(); Excel also has the bare keywords. */
const CONSTANTS = [
  { name: 'TRUE', expression: '=TRUE()' },
  { name: 'FALSE', expression: '=FALSE()' },
]

/**
 * A HyperFormula instance configured like Excel, with `TRUE` and `FALSE` as constants and the
 * functions of `excelFunctions.ts`; empty, or built from `sheets` (sheet name -> rows of cell
 * contents) and evaluated in one go.
 */
export function createExcelEngine(sheets?: Record<string, RawCellContent[][]>): HyperFormula {
  registerExcelFunctions()
  if (sheets) return HyperFormula.buildFromSheets(sheets, EXCEL_COMPATIBLE_CONFIG, CONSTANTS)
  const hf = HyperFormula.buildEmpty(EXCEL_COMPATIBLE_CONFIG)
  for (const { name, expression } of CONSTANTS) hf.addNamedExpression(name, expression)
  return hf
}
