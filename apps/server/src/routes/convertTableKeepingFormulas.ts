import { deleteTable, setCells } from '@cellmate/model'
import { planTableConversion } from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type * as Y from 'yjs'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { withWorkbookDocs, writeOtherSheetsAndNames } from './workbookWideChange.js'

/**
 * Excel's "Convert to Range" for a table: every structured reference to it, on every sheet of
 * the workbook and in its defined names, is written as the plain range it names (see
 * `@cellmate/formula` `planTableConversion`), then the table goes; its own sheet in one
 * transaction. Throws NOT_FOUND when the sheet has no such table.
 */
export function convertTableKeepingFormulas<T>(
  registry: DocumentRegistry,
  sheetList: SheetService,
  where: { id: string; sheetId: string; tableId: string },
  answer: (doc: Y.Doc) => T,
): Promise<T> {
  return withWorkbookDocs(registry, sheetList, where, async (docs) => {
    const sheetDocs = new Map([...docs.sheets].map(([id, entry]) => [id, entry.doc]))
    const plan = planTableConversion(docs.workbook.doc, sheetDocs, where.tableId)
    const result = await registry.change(docs.target, (doc) => {
      // First, so that an unknown table changes nothing.
      if (!deleteTable(doc, where.tableId)) {
        throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such table')
      }
      setCells(doc, plan.cells.get(where.sheetId) ?? [])
      return answer(doc)
    })
    await writeOtherSheetsAndNames(registry, docs, where.sheetId, plan.cells, plan.names)
    return result
  })
}
