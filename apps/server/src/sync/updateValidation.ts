import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS, type DocRef } from '@cellmate/protocol'
import { SHEET_ROOTS, WORKBOOK_ROOTS } from '@cellmate/model'

const ALLOWED_ROOTS: Record<DocRef['kind'], ReadonlySet<string>> = {
  sheet: new Set(Object.values(SHEET_ROOTS)),
  workbook: new Set(Object.values(WORKBOOK_ROOTS)),
}

/**
 * Checks an untrusted Yjs update before it touches a document: it must decode, name only the
 * root types of its document kind, and carry no string longer than a cell may be.
 * Throws a `CellmateError` (INVALID_UPDATE / UPDATE_TOO_LARGE / LIMIT_EXCEEDED) otherwise.
 */
export function validateUpdate(update: Uint8Array, kind: DocRef['kind']): void {
  if (update.byteLength > LIMITS.maxUpdateBytes) {
    throw new CellmateError(
      ERROR_CODES.UPDATE_TOO_LARGE,
      `update of ${update.byteLength} bytes exceeds the limit of ${LIMITS.maxUpdateBytes}`,
    )
  }
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    throw new CellmateError(ERROR_CODES.INVALID_UPDATE, 'the update is not a valid Yjs update')
  }
  const roots = ALLOWED_ROOTS[kind]
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (typeof struct.parent === 'string' && !roots.has(struct.parent)) {
      throw new CellmateError(
        ERROR_CODES.INVALID_UPDATE,
        `a ${kind} document has no root named "${struct.parent}"`,
      )
    }
    checkContentSize(struct.content)
  }
}

function checkContentSize(content: Y.Item['content']): void {
  const values: unknown[] =
    content instanceof Y.ContentAny
      ? content.arr
      : content instanceof Y.ContentString
        ? [content.str]
        : []
  for (const v of values) {
    if (typeof v === 'string' && v.length > LIMITS.maxCellChars) {
      throw new CellmateError(
        ERROR_CODES.LIMIT_EXCEEDED,
        `a text of ${v.length} characters exceeds the limit of ${LIMITS.maxCellChars}`,
      )
    }
  }
}
