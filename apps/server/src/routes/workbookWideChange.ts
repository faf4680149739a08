import {
  setCells,
  setRuleTexts,
  sheetDocName,
  workbookDocName,
  type CellEdit,
  type RuleText,
} from '@cellmate/model'
import { setNameFormulas, type NameFormulaEdit } from '@cellmate/formula'
import type { DocEntry } from '../docEntry.js'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'

/** A workbook's documents, held for a change that rewrites formulas on every sheet. */
export interface WorkbookDocs {
  workbook: DocEntry
  /** Every sheet's document by sheet id. */
  sheets: Map<string, DocEntry>
  /** The sheet the change is made on. */
  target: DocEntry
}

/**
 * Holds the workbook document and every sheet's document of workbook `where.id` while `fn`
 * runs (they stay loaded and cannot be unloaded meanwhile), and releases them after.
 */
export async function withWorkbookDocs<T>(
  registry: DocumentRegistry,
  sheetList: SheetService,
  where: { id: string; sheetId: string },
  fn: (docs: WorkbookDocs) => Promise<T>,
): Promise<T> {
  const list = await sheetList.list(where.id)
  const sheets = new Map<string, DocEntry>()
  let workbook: DocEntry | undefined
  try {
    workbook = await registry.acquire(workbookDocName(where.id))
    await Promise.all(
      list.map(async (s) => sheets.set(s.id, await registry.acquire(sheetDocName(where.id, s.id)))),
    )
    const target = sheets.get(where.sheetId)
    if (!target) throw new Error(`sheet ${where.sheetId} is not listed`)
    return await fn({ workbook, sheets, target })
  } finally {
    for (const entry of sheets.values()) registry.release(entry)
    if (workbook) registry.release(workbook)
  }
}

/**
 * After the target sheet's own change: the formula edits of every other sheet (and of its
 * rules' formulas and list sources, `rules`), then the defined names', each document's change stored and broadcast like any other server change.
 */
export async function writeOtherSheetsAndNames(
  registry: DocumentRegistry,
  docs: WorkbookDocs,
  targetSheetId: string,
  cells: ReadonlyMap<string, CellEdit[]>,
  names: readonly NameFormulaEdit[],
  rules?: ReadonlyMap<string, RuleText[]>,
): Promise<void> {
  for (const [id, entry] of docs.sheets) {
    const edits = cells.get(id) ?? []
    const texts = rules?.get(id) ?? []
    if (id !== targetSheetId && (edits.length > 0 || texts.length > 0)) {
      await registry.change(entry, (doc) => {
        setCells(doc, edits)
        setRuleTexts(doc, texts)
      })
    }
  }
  if (names.length > 0) {
    await registry.change(docs.workbook, (doc) => setNameFormulas(doc, names))
  }
}
