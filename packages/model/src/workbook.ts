import * as Y from 'yjs'
import { newId } from './ids.js'

/**
 * Root names of a workbook document (`wb:<workbookId>`): the tab order, per-sheet metadata
 * (a nested map per sheet, so a rename and a colour change made at once both survive) and
 * workbook-level metadata such as the title.
 */
export const WORKBOOK_ROOTS = {
  sheets: 'sheets',
  sheetMeta: 'sheetMeta',
  meta: 'meta',
} as const

/** A sheet as listed in a workbook. */
export interface SheetInfo {
  id: string
  name: string
}

/** The typed roots of a workbook document. */
export interface WorkbookTypes {
  sheets: Y.Array<string>
  sheetMeta: Y.Map<Y.Map<unknown>>
  meta: Y.Map<unknown>
}

export function workbookTypes(doc: Y.Doc): WorkbookTypes {
  return {
    sheets: doc.getArray<string>(WORKBOOK_ROOTS.sheets),
    sheetMeta: doc.getMap<Y.Map<unknown>>(WORKBOOK_ROOTS.sheetMeta),
    meta: doc.getMap<unknown>(WORKBOOK_ROOTS.meta),
  }
}

/** Name of the Yjs document holding a workbook's sheet list. */
export function workbookDocName(workbookId: string): string {
  return `wb:${workbookId}`
}

/** Name of the Yjs document holding one sheet's cells. */
export function sheetDocName(sheetId: string): string {
  return `sheet:${sheetId}`
}

/** Workbook title (`"Untitled workbook"` until one is set). */
export function getTitle(doc: Y.Doc): string {
  const title = workbookTypes(doc).meta.get('title')
  return typeof title === 'string' && title !== '' ? title : 'Untitled workbook'
}

/**
 * Sheets in tab order. Ids listed twice (concurrent moves) are kept once, ids without
 * metadata (a half-synced state) are skipped.
 */
export function listSheets(doc: Y.Doc): SheetInfo[] {
  const { sheets, sheetMeta } = workbookTypes(doc)
  const seen = new Set<string>()
  const out: SheetInfo[] = []
  for (const id of sheets.toArray()) {
    if (seen.has(id)) continue
    seen.add(id)
    const meta = sheetMeta.get(id)
    if (!meta) continue
    const name = meta.get('name')
    out.push({ id, name: typeof name === 'string' ? name : id })
  }
  return out
}

/** True when `sheetId` is (currently) a sheet of this workbook. */
export function hasSheet(doc: Y.Doc, sheetId: string): boolean {
  return workbookTypes(doc).sheetMeta.has(sheetId)
}

/**
 * Fills an empty workbook document: title and one sheet named `Sheet1`. Returns the new
 * sheet's id; the caller creates that sheet's own document.
 */
export function initWorkbook(doc: Y.Doc, title: string, origin?: unknown): SheetInfo {
  const { sheets, sheetMeta, meta } = workbookTypes(doc)
  const sheet: SheetInfo = { id: newId(doc), name: 'Sheet1' }
  doc.transact(() => {
    meta.set('title', title)
    const m = new Y.Map<unknown>()
    m.set('name', sheet.name)
    sheetMeta.set(sheet.id, m)
    sheets.push([sheet.id])
  }, origin)
  return sheet
}
