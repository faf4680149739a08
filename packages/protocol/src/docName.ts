/**
 * The kinds of document a client can join. A sheet's document is named within its workbook,
 * so one workbook's connection can never even name another workbook's sheet; whether the sheet
 * belongs to that workbook is still decided by the server's records, never by the name alone.
 */
export type DocRef =
  { kind: 'workbook'; id: string } | { kind: 'sheet'; workbookId: string; id: string }

const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/

/** Ids of workbooks, sheets, rows and columns: short, URL-safe, never containing `:`. */
export function isValidId(id: string): boolean {
  return ID_RE.test(id)
}

/**
 * `"wb:abc"` -> workbook `abc`; `"sheet:abc:x1"` -> sheet `x1` of workbook `abc`; anything
 * else -> null.
 */
export function parseDocName(name: string): DocRef | null {
  const parts = name.split(':')
  if (parts.length === 2 && parts[0] === 'wb') {
    const id = parts[1] as string
    return isValidId(id) ? { kind: 'workbook', id } : null
  }
  if (parts.length === 3 && parts[0] === 'sheet') {
    const workbookId = parts[1] as string
    const id = parts[2] as string
    return isValidId(workbookId) && isValidId(id) ? { kind: 'sheet', workbookId, id } : null
  }
  return null
}
