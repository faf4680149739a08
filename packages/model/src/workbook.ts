import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import { cellInputs, liveIds, sheetTypes } from './sheet.js'
import { formatsMap, isValidFormatValue, parseFormatKey } from './formats.js'
import { getFrozen, setFrozen, sheetViewTypes, storedSize } from './sheetView.js'
import { copyMerges } from './mergeEntries.js'
import { copyValidations } from './validations.js'
import { copyTables } from './tables.js'
import { copyConditionalFormats } from './conditionalFormats.js'
import { copyFilter } from './filter.js'

/**
 * Root names of a workbook document (`wb:<workbookId>`): the tab order, per-sheet metadata
 * (a nested map per sheet, so a rename and a colour change made at once both survive) and
 * workbook-level metadata such as the title, and the defined names (`definedNames.ts`).
 */
export const WORKBOOK_ROOTS = {
  sheets: 'sheets',
  sheetMeta: 'sheetMeta',
  meta: 'meta',
  names: 'names',
} as const

/** A sheet as listed in a workbook. */
export interface SheetInfo {
  id: string
  name: string
}

/**
 * The typed roots of a workbook document. Entries are `unknown` where a reader must check
 * them (a stored document may hold a string where a sheet's metadata map belongs): use
 * `sheetMetaOf` and `listSheets`, which skip what is not what it should be.
 */
export interface WorkbookTypes {
  /** Sheet ids in tab order. Read through `listSheets`, which skips entries that are not ids. */
  sheets: Y.Array<string>
  /** Sheet id -> a Y.Map of `name` (string) and display settings. */
  sheetMeta: Y.Map<unknown>
  meta: Y.Map<unknown>
  /** Defined names: name id -> a Y.Map of its fields. Read through `listNames`. */
  names: Y.Map<unknown>
}

export function workbookTypes(doc: Y.Doc): WorkbookTypes {
  return {
    sheets: doc.getArray<string>(WORKBOOK_ROOTS.sheets),
    sheetMeta: doc.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta),
    meta: doc.getMap<unknown>(WORKBOOK_ROOTS.meta),
    names: doc.getMap<unknown>(WORKBOOK_ROOTS.names),
  }
}

/** The metadata map of a sheet; undefined when absent or not a map. */
export function sheetMetaOf(doc: Y.Doc, sheetId: string): Y.Map<unknown> | undefined {
  const meta = workbookTypes(doc).sheetMeta.get(sheetId)
  return meta instanceof Y.Map ? (meta as Y.Map<unknown>) : undefined
}

/** Name of the Yjs document holding a workbook's sheet list. */
export function workbookDocName(workbookId: string): string {
  return `wb:${workbookId}`
}

/**
 * Name of the Yjs document holding one sheet's cells, scoped by its workbook: a connection
 * to one workbook cannot name another's sheets. (Which sheets a workbook has is the server's
 * record; the name only says where to look.)
 */
export function sheetDocName(workbookId: string, sheetId: string): string {
  return `sheet:${workbookId}:${sheetId}`
}

/** Workbook title (`"Untitled workbook"` until one is set). */
export function getTitle(doc: Y.Doc): string {
  const title = workbookTypes(doc).meta.get('title')
  return typeof title === 'string' && title !== '' ? title : 'Untitled workbook'
}

/**
 * Renames the workbook: the title trimmed, not blank, at most `LIMITS.maxTitleChars`
 * characters (what the server accepts). Returns the title as stored; nothing is written when
 * it is unchanged. One transaction with `origin`, so the renamer's undo can take it back.
 */
export function setTitle(doc: Y.Doc, title: string, origin?: unknown): string {
  const trimmed = title.trim()
  if (trimmed === '')
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a workbook title cannot be blank')
  if (trimmed.length > LIMITS.maxTitleChars) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `a workbook title has at most ${LIMITS.maxTitleChars} characters`,
    )
  }
  const { meta } = workbookTypes(doc)
  if (meta.get('title') !== trimmed) doc.transact(() => meta.set('title', trimmed), origin)
  return trimmed
}

/**
 * Sheets in tab order. Ids listed twice (concurrent moves) are kept once, ids without
 * metadata (a half-synced state) or with metadata that is not a map are skipped; a sheet
 * whose name is not text is named by its id.
 */
export function listSheets(doc: Y.Doc): SheetInfo[] {
  const { sheets } = workbookTypes(doc)
  const seen = new Set<string>()
  const out: SheetInfo[] = []
  for (const id of sheets.toArray() as unknown[]) {
    if (typeof id !== 'string' || seen.has(id)) continue
    seen.add(id)
    const meta = sheetMetaOf(doc, id)
    if (!meta) continue
    const name = meta.get('name')
    out.push({ id, name: typeof name === 'string' ? name : id })
  }
  return out
}

/** True when `sheetId` is (currently) a sheet of this workbook. */
export function hasSheet(doc: Y.Doc, sheetId: string): boolean {
  return sheetMetaOf(doc, sheetId) !== undefined
}

/**
 * Fills an empty workbook document: title and one sheet named `Sheet1`. Returns the new
 * sheet's id; the caller creates that sheet's own document.
 */
export function initWorkbook(
  doc: Y.Doc,
  title: string,
  sheetId: string,
  origin?: unknown,
): SheetInfo {
  const { sheets, sheetMeta, meta } = workbookTypes(doc)
  const sheet: SheetInfo = { id: sheetId, name: 'Sheet1' }
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

/**
 * True when `name` is a valid sheet name as stored (already trimmed, not blank, within the
 * length limit, none of `[ ] * ? / \\ :`). Uniqueness is not part of it: two people renaming
 * two sheets to one name at once both succeed, as in every live spreadsheet.
 */
export function isSheetNameValid(name: string): boolean {
  return (
    name !== '' &&
    name === name.trim() &&
    name.length <= LIMITS.maxSheetNameChars &&
    !FORBIDDEN_NAME_CHARS.test(name)
  )
}

/** The first free name of the form `<base>N` (`Sheet2`, `Sheet3`, …). */
export function nextSheetName(doc: Y.Doc, base = 'Sheet'): string {
  const taken = new Set(listSheets(doc).map((s) => s.name.toLowerCase()))
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`.toLowerCase())) return `${base}${n}`
}

function requireSheet(doc: Y.Doc, sheetId: string): void {
  if (!hasSheet(doc, sheetId)) throw new CellmateError(ERROR_CODES.NOT_FOUND, `no sheet ${sheetId}`)
}

/**
 * Lists sheet `id` after the others (or at `index`) and returns it. Sheet ids are issued by
 * the server, which records the sheet and creates its document (`initSheet`) before listing it.
 */
export function addSheet(
  doc: Y.Doc,
  options: { id: string; name?: string; index?: number },
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
  const sheet: SheetInfo = { id: options.id, name }
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
  doc.transact(() => sheetMetaOf(doc, sheetId)?.set('name', valid), origin)
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
 * Lists sheet `copyId` right after `sheetId`, named "<name> (copy)" (numbered if taken). The
 * server fills the copy's document with `copySheetContent` before listing it.
 */
export function duplicateSheet(
  doc: Y.Doc,
  sheetId: string,
  copyId: string,
  origin?: unknown,
): SheetInfo {
  requireSheet(doc, sheetId)
  const tabs = listSheets(doc)
  const index = tabs.findIndex((s) => s.id === sheetId)
  const source = tabs[index] as SheetInfo
  const taken = new Set(tabs.map((s) => s.name.toLowerCase()))
  let name = `${source.name} (copy)`
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${source.name} (copy ${n})`
  return addSheet(doc, { id: copyId, name, index: index + 1 }, origin)
}

/**
 * Copies the rows, columns, cells, formats, sizes and freeze panes a reader sees in `source`
 * into the empty `target`. `renameTable` names the copies of its tables (a duplicated sheet's
 * tables need names of their own; a whole workbook's copy keeps them).
 */
export function copySheetContent(
  source: Y.Doc,
  target: Y.Doc,
  origin?: unknown,
  renameTable?: (name: string) => string,
): void {
  const from = sheetTypes(source)
  const to = sheetTypes(target)
  const rows = liveIds(from.rows, from.removedRows)
  const cols = liveIds(from.cols, from.removedCols)
  const rowSet = new Set(rows)
  const colSet = new Set(cols)
  target.transact(() => {
    to.rows.push(rows)
    to.cols.push(cols)
    const copied: Array<[string, string]> = []
    for (const [key, value] of cellInputs(from.cells)) {
      const sep = key.indexOf(':')
      if (rowSet.has(key.slice(0, sep)) && colSet.has(key.slice(sep + 1))) copied.push([key, value])
    }
    to.cells.setMany(copied)
    const toFormats = formatsMap(target)
    for (const [key, value] of formatsMap(source).entries()) {
      const parsed = parseFormatKey(key)
      if (
        parsed &&
        rowSet.has(parsed.rowId) &&
        colSet.has(parsed.colId) &&
        isValidFormatValue(parsed.attr, value)
      ) {
        toFormats.set(key, value)
      }
    }
    copyMerges(source, target, rowSet, colSet)
    copyValidations(source, target, rowSet, colSet)
    copyConditionalFormats(source, target, rowSet, colSet)
    copyFilter(source, target, rowSet, colSet)
    copyTables(source, target, rowSet, colSet, renameTable)
    const fromView = sheetViewTypes(source)
    const toView = sheetViewTypes(target)
    for (const id of fromView.colWidths.keys()) {
      const px = storedSize(fromView.colWidths, id)
      if (colSet.has(id) && px !== undefined) toView.colWidths.set(id, px)
    }
    for (const id of fromView.rowHeights.keys()) {
      const px = storedSize(fromView.rowHeights, id)
      if (rowSet.has(id) && px !== undefined) toView.rowHeights.set(id, px)
    }
    setFrozen(target, getFrozen(source))
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
