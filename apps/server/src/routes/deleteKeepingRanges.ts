import {
  SheetLayout,
  deleteAxis,
  listNames,
  setCells,
  setRuleTexts,
  type Axis,
  type CellEdit,
  type RuleText,
} from '@cellmate/model'
import {
  rewrittenRuleTexts,
  snapDeletedEndpoints,
  snapFormulasForDeletion,
  snapNamesForDeletion,
  type NameFormulaEdit,
  type PendingDeletion,
} from '@cellmate/formula'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { withWorkbookDocs, writeOtherSheetsAndNames } from './workbookWideChange.js'

/**
 * Deletes rows or columns the way Excel does for the formulas that point at them: a range
 * whose first or last row is deleted shrinks (`SUM(A1:A10)` -> `SUM(A1:A9)`) instead of
 * reading `#REF!`. Formulas on every sheet of the workbook are snapped (see `@cellmate/formula`
 * `snapFormulasForDeletion`), and the target sheet's rules' formulas and list sources; the
 * target sheet's in the same transaction as the delete, and
 * the defined names' ranges after them. Each document's change is stored and broadcast like
 * any other server change.
 */
export function deleteKeepingRanges(
  registry: DocumentRegistry,
  sheetList: SheetService,
  where: { id: string; sheetId: string },
  axis: Axis,
  at: number,
  count: number,
): Promise<{ rowCount: number; colCount: number }> {
  return withWorkbookDocs(registry, sheetList, where, async (docs) => {
    const edits = new Map<string, CellEdit[]>()
    let names: NameFormulaEdit[] = []
    const rules = new Map<string, RuleText[]>()
    const before = new SheetLayout(docs.target.doc)
    try {
      const ids = (axis === 'rows' ? before.rowIds : before.colIds).slice(at, at + count)
      const deletion: PendingDeletion = { sheetId: where.sheetId, axis, ids: new Set(ids) }
      for (const [id, entry] of docs.sheets) {
        edits.set(id, snapFormulasForDeletion(entry.doc, id, deletion, before))
        // Rules' formulas read their own sheet; a list source may read this one from another.
        rules.set(
          id,
          rewrittenRuleTexts(entry.doc, (f) =>
            snapDeletedEndpoints(f, where.sheetId, deletion, before),
          ),
        )
      }
      names = snapNamesForDeletion(listNames(docs.workbook.doc), deletion, before)
    } finally {
      before.destroy()
    }
    const size = await registry.change(docs.target, (doc) => {
      // First, so that a refused delete (the last row, a bad index) changes nothing.
      deleteAxis(doc, axis, at, count)
      setCells(doc, edits.get(where.sheetId) ?? [])
      // After the delete, which may have re-anchored the rules' ranges.
      setRuleTexts(doc, rules.get(where.sheetId) ?? [])
      const after = new SheetLayout(doc)
      const answer = { rowCount: after.rowCount, colCount: after.colCount }
      after.destroy()
      return answer
    })
    await writeOtherSheetsAndNames(registry, docs, where.sheetId, edits, names, rules)
    return size
  })
}
