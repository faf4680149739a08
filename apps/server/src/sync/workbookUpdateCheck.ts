import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import { WORKBOOK_ROOTS, isSheetNameValid } from '@cellmate/model'
import { invalid } from './updateValidation.js'

/**
 * Checks a client's update to a workbook document by its effect: it is applied to a scratch
 * copy of the document (a workbook document is small: tab order, names, title) and the copy must
 * still satisfy what only the server may change:
 * - the set of sheets is the server's (`sheetMeta` keys stay exactly those the server wrote,
 *   each the same nested map — sheets are added and deleted through the server, which records
 *   which sheet belongs to which workbook);
 * - `sheets` (the tab order) lists only those sheets, each at least once;
 * - a sheet's metadata holds a valid `name` and nothing else; the title is text within limits;
 * - nothing is left pending (structs or deletions the document does not have the base of).
 *
 * Returns the Yjs client ids that write structs the document lacks (for client-id ownership).
 * Rename and reorder (a move is a delete and an insert of the same id) pass.
 */
export function checkWorkbookUpdate(doc: Y.Doc, update: Uint8Array): Set<number> {
  const before = Y.encodeStateVector(doc)
  const scratch = new Y.Doc()
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc))
    // Anything pending in the stored document is not the update's fault.
    const pendingBefore = scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null
    Y.applyUpdate(scratch, update)
    if (
      !pendingBefore &&
      (scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null)
    ) {
      throw new CellmateError(
        ERROR_CODES.OUT_OF_ORDER,
        'the update builds on edits the server does not have; sync again',
      )
    }
    checkSheetSet(doc, scratch)
    checkMeta(scratch)
    return newWriters(Y.decodeStateVector(before), scratch)
  } finally {
    scratch.destroy()
  }
}

function checkSheetSet(doc: Y.Doc, scratch: Y.Doc): void {
  const meta = doc.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta)
  const after = scratch.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta)
  for (const [id, value] of after) {
    const was = meta.get(id)
    if (!(was instanceof Y.Map)) throw invalid('sheets are added through the server')
    if (!(value instanceof Y.Map) || !sameItem(value, was)) {
      throw invalid("a sheet's metadata cannot be replaced")
    }
    for (const [key, v] of value) {
      if (key !== 'name') throw invalid(`"${key.slice(0, 40)}" is not a sheet setting`)
      if (typeof v !== 'string' || !isSheetNameValid(v)) {
        throw invalid(
          `a sheet name is 1 to ${LIMITS.maxSheetNameChars} characters without [ ] * ? / \\ :`,
        )
      }
    }
    if (typeof value.get('name') !== 'string') throw invalid('a sheet keeps its name')
  }
  for (const id of meta.keys()) {
    if (!after.has(id)) throw invalid('sheets are deleted through the server')
  }
  const order = scratch.getArray<unknown>(WORKBOOK_ROOTS.sheets)
  if (order.length > 2 * LIMITS.maxSheets) throw invalid('the tab order lists too many sheets')
  const listed = new Set<unknown>()
  for (const id of order) {
    if (typeof id !== 'string' || !after.has(id)) throw invalid('the tab order lists only sheets')
    listed.add(id)
  }
  for (const id of after.keys()) {
    if (!listed.has(id)) throw invalid('every sheet keeps its tab')
  }
}

function checkMeta(scratch: Y.Doc): void {
  for (const [key, value] of scratch.getMap<unknown>(WORKBOOK_ROOTS.meta)) {
    if (key !== 'title') throw invalid(`"${key.slice(0, 40)}" is not a workbook setting`)
    if (typeof value !== 'string' || value.length > LIMITS.maxTitleChars) {
      throw invalid(`a title is text of at most ${LIMITS.maxTitleChars} characters`)
    }
  }
}

function sameItem(a: Y.Map<unknown>, b: Y.Map<unknown>): boolean {
  const x = a._item?.id
  const y = b._item?.id
  return x !== undefined && y !== undefined && x.client === y.client && x.clock === y.clock
}

/** Client ids whose state the update advanced. */
function newWriters(before: Map<number, number>, scratch: Y.Doc): Set<number> {
  const writers = new Set<number>()
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(scratch))) {
    if (clock > (before.get(client) ?? 0)) writers.add(client)
  }
  return writers
}
