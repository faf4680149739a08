/** The kinds of document a client can join. */
export type DocRef = { kind: 'workbook'; id: string } | { kind: 'sheet'; id: string }

const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/

/** Ids of workbooks, sheets, rows and columns: short, URL-safe, never containing `:`. */
export function isValidId(id: string): boolean {
  return ID_RE.test(id)
}

/** `"wb:abc"` -> workbook `abc`; `"sheet:x.1"` -> sheet `x.1`; anything else -> null. */
export function parseDocName(name: string): DocRef | null {
  const sep = name.indexOf(':')
  if (sep < 0) return null
  const prefix = name.slice(0, sep)
  const id = name.slice(sep + 1)
  if (!isValidId(id)) return null
  if (prefix === 'wb') return { kind: 'workbook', id }
  if (prefix === 'sheet') return { kind: 'sheet', id }
  return null
}
