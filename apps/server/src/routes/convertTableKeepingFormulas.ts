import { deleteTable, setCells, sheetDocName, workbookDocName } from '@cellmate/model'
import { planTableConversion, setNameFormulas } from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type * as Y from 'yjs'
import type { DocEntry, DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'

/**
 * Excel's "Convert to Range" for a table: every structured reference to it, on every sheet of
 * the workbook and in its defined names, is written as the plain range it names (see
 * `@cellmate/formula` `planTableConversion`), then the table goes; its own sheet in one
 * transaction. Throws NOT_FOUND when the sheet has no such table.
 */
export async function convertTableKeepingFormulas<T>(
  registry: DocumentRegistry,
  sheetList: SheetService,
  where: { id: string; sheetId: string; tableId: string },
  answer: (doc: Y.Doc) => T,
): Promise<T> {
  const sheets = await sheetList.list(where.id)
  const entries = new Map<string, DocEntry>()
  let workbook: DocEntry | undefined
  try {
    workbook = await registry.acquire(workbookDocName(where.id))
    await Promise.all(
      sheets.map(async (s) =>
        entries.set(s.id, await registry.acquire(sheetDocName(where.id, s.id))),
      ),
    )
    const target = entries.get(where.sheetId)
    if (!target) throw new Error(`sheet ${where.sheetId} is not listed`)
    const docs = new Map([...entries].map(([id, entry]) => [id, entry.doc]))
    const plan = planTableConversion(workbook.doc, docs, where.tableId)
    const result = await registry.change(target, (doc) => {
      // First, so that an unknown table changes nothing.
      if (!deleteTable(doc, where.tableId)) {
        throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such table')
      }
      setCells(doc, plan.cells.get(where.sheetId) ?? [])
      return answer(doc)
    })
    for (const [id, edits] of plan.cells) {
      const entry = entries.get(id)
      if (id !== where.sheetId && entry) await registry.change(entry, (doc) => setCells(doc, edits))
    }
    if (plan.names.length > 0) {
      await registry.change(workbook, (doc) => setNameFormulas(doc, plan.names))
    }
    return result
  } finally {
    for (const entry of entries.values()) registry.release(entry)
    if (workbook) registry.release(workbook)
  }
}
