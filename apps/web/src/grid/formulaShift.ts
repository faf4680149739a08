import {
  isFormula,
  shiftFormula,
  toDisplayFormula,
  toStoredFormula,
  type FormulaContext,
} from '@cellmate/formula'
import type { SheetSession } from '../sync/sheetSession'

/**
 * A stored formula copied `dRows` down and `dCols` right, as Excel pastes and fills it:
 * relative references move, `$` ones stay, off-grid ones become `#REF!`. Stored formulas are
 * anchored to ids, so the shift goes through the A1 text the user sees. `ctx` is the sheet
 * pasted on, `fromSheetId` the sheet copied from: references without a sheet name then point
 * at the sheet pasted on, those naming one keep naming it (Excel and Sheets).
 */
export function shiftStoredFormula(
  raw: string,
  dRows: number,
  dCols: number,
  ctx: FormulaContext,
  fromSheetId: string = ctx.sheetId,
): string {
  if (!isFormula(raw)) return raw
  if (fromSheetId === ctx.sheetId && dRows === 0 && dCols === 0) return raw
  const shown = toDisplayFormula(raw, { ...ctx, sheetId: fromSheetId })
  return toStoredFormula(shiftFormula(shown, dRows, dCols), ctx)
}

/** Text pasted from elsewhere, stored as if typed (a formula's references get anchored). */
export function storedInput(text: string, ctx: FormulaContext): string {
  return isFormula(text) ? toStoredFormula(text, ctx) : text
}

/**
 * A formula context that knows only the open sheet: what the grid uses when the workbook
 * gives it none. References to other sheets then read as they are stored.
 */
export function sheetOnlyContext(sheet: SheetSession): FormulaContext {
  return {
    sheetId: sheet.id,
    layout: (id) => (id === sheet.id ? sheet.layout : undefined),
    sheetIdByName: () => undefined,
    sheetName: () => undefined,
  }
}
