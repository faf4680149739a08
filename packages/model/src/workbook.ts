import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import { newId } from './ids.js'
import { liveIds, sheetTypes } from './sheet.js'
import { formatsMap, parseFormatKey } from './formats.js'
import { sheetViewTypes } from './sheetView.js'

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

const FORBIDDEN_NAME_CHARS = /[[\]*?/\\:]/

/**
 * Checks a sheet name as Excel does (no `[ ] * ? / \ :`, not blank, unique ignoring case) and
 * returns it trimmed. `exceptId` is the sheet being renamed.
 */
export function validateSheetName(doc: Y.Doc, name: string, exceptId?: string): string {
  const trimmed = name.trim()
  if (trimmed === '')
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a sheet name cannot be blank')
  if (trimmed.length > LIMITS.maxSheetNameChars) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `a sheet name has at most ${LIMITS.maxSheetNameChars} characters`,
    )
  }
  if (FORBIDDEN_NAME_CHARS.test(trimmed)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a sheet name cannot contain [ ] * ? / \\ :')
  }
  const lower = trimmed.toLowerCase()
  if (listSheets(doc).some((s) => s.id !== exceptId && s.name.toLowerCase() === lower)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `there is already a sheet named "${trimmed}"`)
  }
  return trimmed
}

/** The first free name of the form `<base>N` (`Sheet2`, `Sheet3`, …). */
function nextSheetName(doc: Y.Doc, base = 'Sheet'): string {
  const taken = new Set(listSheets(doc).map((s) => s.name.toLowerCase()))
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`.toLowerCase())) return `${base}${n}`
}

function requireSheet(doc: Y.Doc, sheetId: string): void {
  if (!hasSheet(doc, sheetId)) throw new CellmateError(ERROR_CODES.NOT_FOUND, `no sheet ${sheetId}`)
}

/**
 * Adds a sheet after the others (or at `index`) and returns it. The caller creates and
 * initialises its sheet document (`initSheet`).
 */
export function addSheet(
  doc: Y.Doc,
  options: { name?: string; index?: number } = {},
  origin?: unknown,
): SheetInfo {
  const { sheets, sheetMeta } = workbookTypes(doc)
  const count = listSheets(doc).length
  if (count >= LIMITS.maxSheets) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a workbook has at most ${LIMITS.maxSheets} sheets`,
    )
  }
  const name =
    options.name === undefined ? nextSheetName(doc) : validateSheetName(doc, options.name)
  const sheet: SheetInfo = { id: newId(doc), name }
  doc.transact(() => {
    const meta = new Y.Map<unknown>()
    meta.set('name', name)
    sheetMeta.set(sheet.id, meta)
    sheets.insert(rawIndexFor(doc, options.index ?? count), [sheet.id])
  }, origin)
  return sheet
}

export function renameSheet(doc: Y.Doc, sheetId: string, name: string, origin?: unknown): void {
  requireSheet(doc, sheetId)
  const valid = validateSheetName(doc, name, sheetId)
  doc.transact(() => workbookTypes(doc).sheetMeta.get(sheetId)?.set('name', valid), origin)
}

/** Moves a sheet so that it is at tab position `index` afterwards. */
export function moveSheet(doc: Y.Doc, sheetId: string, index: number, origin?: unknown): void {
  requireSheet(doc, sheetId)
  const tabs = listSheets(doc)
  if (!Number.isInteger(index) || index < 0 || index >= tabs.length) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `position ${index} is outside 0..${tabs.length - 1}`,
    )
  }
  const { sheets } = workbookTypes(doc)
  doc.transact(() => {
    removeFromOrder(sheets, sheetId)
    const others = listSheets(doc).filter((s) => s.id !== sheetId)
    const before = others[index]
    const raw = before ? sheets.toArray().indexOf(before.id) : sheets.length
    sheets.insert(raw, [sheetId])
  }, origin)
}

/** Deletes a sheet (never the last one). Its document stays stored but unreachable. */
export function deleteSheet(doc: Y.Doc, sheetId: string, origin?: unknown): void {
  requireSheet(doc, sheetId)
  if (listSheets(doc).length <= 1) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a workbook keeps at least one sheet')
  }
  const { sheets, sheetMeta } = workbookTypes(doc)
  doc.transact(() => {
    removeFromOrder(sheets, sheetId)
    sheetMeta.delete(sheetId)
  }, origin)
}

/**
 * Lists a copy of `sheetId` right after it, named "<name> (copy)" (numbered if taken).
 * The caller fills the new sheet's document with `copySheetContent`.
 */
export function duplicateSheet(doc: Y.Doc, sheetId: string, origin?: unknown): SheetInfo {
  requireSheet(doc, sheetId)
  const tabs = listSheets(doc)
  const index = tabs.findIndex((s) => s.id === sheetId)
  const source = tabs[index] as SheetInfo
  const taken = new Set(tabs.map((s) => s.name.toLowerCase()))
  let name = `${source.name} (copy)`
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${source.name} (copy ${n})`
  return addSheet(doc, { name, index: index + 1 }, origin)
}

/**
 * Copies the rows, columns, cells, formats, sizes and freeze panes a reader sees in `source`
 * into the empty `target`.
 */
export function copySheetContent(source: Y.Doc, target: Y.Doc, origin?: unknown): void {
  const from = sheetTypes(source)
  const to = sheetTypes(target)
  const rows = liveIds(from.rows, from.removedRows)
  const cols = liveIds(from.cols, from.removedCols)
  const rowSet = new Set(rows)
  const colSet = new Set(cols)
  target.transact(() => {
    to.rows.push(rows)
    to.cols.push(cols)
    for (const [key, value] of from.cells.entries()) {
      const sep = key.indexOf(':')
      if (rowSet.has(key.slice(0, sep)) && colSet.has(key.slice(sep + 1))) to.cells.set(key, value)
    }
    const toFormats = formatsMap(target)
    for (const [key, value] of formatsMap(source).entries()) {
      const parsed = parseFormatKey(key)
      if (parsed && rowSet.has(parsed.rowId) && colSet.has(parsed.colId)) toFormats.set(key, value)
    }
    const fromView = sheetViewTypes(source)
    const toView = sheetViewTypes(target)
    for (const [id, px] of fromView.colWidths.entries())
      if (colSet.has(id)) toView.colWidths.set(id, px)
    for (const [id, px] of fromView.rowHeights.entries())
      if (rowSet.has(id)) toView.rowHeights.set(id, px)
    for (const [key, value] of fromView.view.entries()) toView.view.set(key, value)
  }, origin)
}

function removeFromOrder(sheets: Y.Array<string>, sheetId: string): void {
  const raw = sheets.toArray()
  for (let i = raw.length - 1; i >= 0; i--) if (raw[i] === sheetId) sheets.delete(i, 1)
}

/** Raw index in `sheets` for tab position `index` (ids without metadata are skipped). */
function rawIndexFor(doc: Y.Doc, index: number): number {
  const tabs = listSheets(doc)
  const before = tabs[index]
  return before
    ? workbookTypes(doc).sheets.toArray().indexOf(before.id)
    : workbookTypes(doc).sheets.length
}
