import { listNames, readTables, sheetDocName, workbookDocName } from '@cellmate/model'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'

/**
 * The names a new table of a workbook may not take (Excel keeps tables and defined names in
 * one namespace): its defined names and the tables of its sheets other than `exceptSheetId`.
 * Reads every sheet's document, so it is for a request that makes or imports tables.
 */
export async function workbookTableNames(
  registry: DocumentRegistry,
  sheets: SheetService,
  workbookId: string,
  exceptSheetId?: string,
): Promise<string[]> {
  const taken = await registry.use(workbookDocName(workbookId), (entry) =>
    listNames(entry.doc).map((n) => n.name),
  )
  for (const sheet of await sheets.list(workbookId)) {
    if (sheet.id === exceptSheetId) continue
    const names = await registry.use(sheetDocName(workbookId, sheet.id), (entry) =>
      readTables(entry.doc).map((t) => t.name),
    )
    taken.push(...names)
  }
  return taken
}
