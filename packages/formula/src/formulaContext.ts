import type * as Y from 'yjs'
import {
  cellInputAt,
  findName,
  getFormat,
  listNames,
  listSheets,
  sheetTypes,
} from '@cellmate/model'
import { toDisplayFormula, type AxisLookup, type FormulaContext } from './anchoredFormula.js'
import { isFormula } from './formulaTokens.js'
import { formulaTables } from './formulaTables.js'
import type { FormatSource } from './resultFormat.js'

/**
 * A `FormulaContext` read live from a workbook document: sheet names come from its sheet list
 * (so a rename shows at once), layouts from whatever the caller has loaded — typically a
 * `SheetLayout` per open sheet document. Defined names are read from its `names` map, tables
 * from the sheet documents `docOf` has (without it, structured references stay as typed).
 */
export function workbookFormulaContext(
  workbook: Y.Doc,
  sheetId: string,
  layout: (sheetId: string) => AxisLookup | undefined,
  docOf?: (sheetId: string) => Y.Doc | undefined,
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
    nameId(text, scope = sheetId) {
      return findName(listNames(workbook), text, scope)?.id
    },
    nameText(id) {
      return listNames(workbook).find((n) => n.id === id)?.name
    },
    tables() {
      if (!docOf) return []
      return listSheets(workbook).flatMap((s) => {
        const doc = docOf(s.id)
        const axes = layout(s.id)
        return doc && axes ? formulaTables(s.id, doc, axes) : []
      })
    },
  }
}

/**
 * What `shownFormat` reads, from the sheet documents of a workbook as seen from `context`'s
 * sheet: inputs (formulas in A1 form for the current layouts) and formats. A sheet that
 * `docOf` does not have is unknown.
 */
export function documentFormatSource(
  context: FormulaContext,
  docOf: (sheetId: string) => Y.Doc | undefined,
): FormatSource {
  const locate = (sheet: string | null, row: number, col: number) => {
    const id = sheet === null ? context.sheetId : context.sheetIdByName(sheet)
    const doc = id === undefined ? undefined : docOf(id)
    const layout = id === undefined ? undefined : context.layout(id)
    if (id === undefined || !doc || !layout) return null
    const rowId = layout.rowId(row)
    const colId = layout.colId(col)
    return { id, doc, ids: rowId === undefined || colId === undefined ? null : { rowId, colId } }
  }
  return {
    input(sheet, row, col) {
      const cell = locate(sheet, row, col)
      if (cell === null) return null
      if (cell.ids === null) return ''
      const stored = cellInputAt(sheetTypes(cell.doc).cells, `${cell.ids.rowId}:${cell.ids.colId}`)
      if (stored === undefined || !isFormula(stored)) return stored ?? ''
      return toDisplayFormula(stored, { ...context, sheetId: cell.id })
    },
    format(sheet, row, col) {
      const cell = locate(sheet, row, col)
      return cell?.ids ? getFormat(cell.doc, cell.ids.rowId, cell.ids.colId) : {}
    },
  }
}
