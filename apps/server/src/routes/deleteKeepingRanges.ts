import {
  SheetLayout,
  deleteAxis,
  listNames,
  setCells,
  sheetDocName,
  workbookDocName,
  type Axis,
  type CellEdit,
} from '@cellmate/model'
import {
  setNameFormulas,
  snapFormulasForDeletion,
  snapNamesForDeletion,
  type NameFormulaEdit,
  type PendingDeletion,
} from '@cellmate/formula'
import type { DocEntry, DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'

/**
 * Deletes rows or columns the way Excel does for the formulas that point at them: a range
 * whose first or last row is deleted shrinks (`SUM(A1:A10)` -> `SUM(A1:A9)`) instead of
 * reading `#REF!`. Formulas on every sheet of the workbook are snapped (see `@cellmate/formula`
 * `snapFormulasForDeletion`); the target sheet's in the same transaction as the delete, and
 * the defined names' ranges after them. Each document's change is stored and broadcast like
 * any other server change.
 */
export async function deleteKeepingRanges(
  registry: DocumentRegistry,
  sheetList: SheetService,
  where: { id: string; sheetId: string },
  axis: Axis,
  at: number,
  count: number,
): Promise<{ rowCount: number; colCount: number }> {
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
    const edits = new Map<string, CellEdit[]>()
    let names: NameFormulaEdit[] = []
    const before = new SheetLayout(target.doc)
    try {
      const ids = (axis === 'rows' ? before.rowIds : before.colIds).slice(at, at + count)
      const deletion: PendingDeletion = { sheetId: where.sheetId, axis, ids: new Set(ids) }
      for (const [id, entry] of entries) {
        edits.set(id, snapFormulasForDeletion(entry.doc, id, deletion, before))
      }
      names = snapNamesForDeletion(listNames(workbook.doc), deletion, before)
    } finally {
      before.destroy()
    }
    const size = await registry.change(target, (doc) => {
      // First, so that a refused delete (the last row, a bad index) changes nothing.
      deleteAxis(doc, axis, at, count)
      setCells(doc, edits.get(where.sheetId) ?? [])
      const after = new SheetLayout(doc)
      const answer = { rowCount: after.rowCount, colCount: after.colCount }
      after.destroy()
      return answer
    })
    for (const [id, entry] of entries) {
      const list = edits.get(id) ?? []
      if (id !== where.sheetId && list.length > 0) {
        await registry.change(entry, (doc) => setCells(doc, list))
      }
    }
    if (names.length > 0) await registry.change(workbook, (doc) => setNameFormulas(doc, names))
    return size
  } finally {
    for (const entry of entries.values()) registry.release(entry)
    if (workbook) registry.release(workbook)
  }
}
