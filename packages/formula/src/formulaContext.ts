import type * as Y from 'yjs'
import { listSheets } from '@cellmate/model'
import type { AxisLookup, FormulaContext } from './anchoredFormula.js'

/**
 * A `FormulaContext` read live from a workbook document: sheet names come from its sheet list
 * (so a rename shows at once), layouts from whatever the caller has loaded — typically a
 * `SheetLayout` per open sheet document.
 */
export function workbookFormulaContext(
  workbook: Y.Doc,
  sheetId: string,
  layout: (sheetId: string) => AxisLookup | undefined,
): FormulaContext {
  return {
    sheetId,
    layout,
    sheetIdByName(name) {
      const lower = name.toLowerCase()
      return listSheets(workbook).find((s) => s.name.toLowerCase() === lower)?.id
    },
    sheetName(id) {
      return listSheets(workbook).find((s) => s.id === id)?.name
    },
  }
}
