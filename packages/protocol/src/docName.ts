/**
 * The kinds of document a client can join. A sheet's document is named within its workbook,
 * so one workbook's connection can never even name another workbook's sheet; whether the sheet
 * belongs to that workbook is still decided by the server's records, never by the name alone.
 */
export type DocRef =
  { kind: 'workbook'; id: string } | { kind: 'sheet'; workbookId: string; id: string }

/** The longest id. */
const MAX_ID_LENGTH = 64

/**
 * Ids of workbooks, sheets, rows and columns: short, URL-safe, never containing `:`. Anything
 * but a string is not one (callers pass values read from documents, which may be anything).
 */
export function isValidId(id: string): boolean {
  return typeof id === 'string' && isValidIdAt(id, 0, id.length)
}

/**
 * Whether `text` from `from` to `to` is an id (`isValidId`), read in place: a sheet's cell
 * entries hold two ids each, and a loaded sheet's repair checks a million of them without
 * cutting them out.
 */
export function isValidIdAt(text: string, from: number, to: number): boolean {
  if (typeof text !== 'string' || from < 0 || to > text.length) return false
  if (!(to - from >= 1 && to - from <= MAX_ID_LENGTH)) return false
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    // A–Z, a–z, 0–9, '_', '.', '-'
    if (
      c >= 97 ? c > 122 : c >= 65 ? c > 90 && c !== 95 : c >= 48 ? c > 57 : c !== 46 && c !== 45
    ) {
      return false
    }
  }
  return true
}

/**
 * Names parsed lately and what they parse to. An update names its document once on the wire
 * and the server reads the name at its message check, its handler and its history: with a
 * room of ten at ~10,000 edits/s, splitting and matching the same few names again was ~2 % of
 * the server's busy time (apps/server/README.md, "A room at 10,000 edits a second"). Names
 * come from clients, so the memo is bounded: it starts afresh once it holds `MEMO_NAMES`.
 */
const memo = new Map<string, DocRef | null>()
const MEMO_NAMES = 4096

/**
 * `"wb:abc"` -> workbook `abc`; `"sheet:abc:x1"` -> sheet `x1` of workbook `abc`; anything
 * else -> null. The result is frozen: one name's callers share it.
 */
export function parseDocName(name: string): DocRef | null {
  const known = memo.get(name)
  if (known !== undefined) return known
  const ref = parseName(name)
  if (memo.size >= MEMO_NAMES) memo.clear()
  memo.set(name, ref)
  return ref
}

function parseName(name: string): DocRef | null {
  const parts = name.split(':')
  if (parts.length === 2 && parts[0] === 'wb') {
    const id = parts[1] as string
    return isValidId(id) ? Object.freeze({ kind: 'workbook', id }) : null
  }
  if (parts.length === 3 && parts[0] === 'sheet') {
    const workbookId = parts[1] as string
    const id = parts[2] as string
    return isValidId(workbookId) && isValidId(id)
      ? Object.freeze({ kind: 'sheet', workbookId, id })
      : null
  }
  return null
}
