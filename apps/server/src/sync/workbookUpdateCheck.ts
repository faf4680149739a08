import * as Y from 'yjs'
import { LIMITS } from '@cellmate/protocol'
import {
  MAX_DEFINED_NAMES,
  WORKBOOK_ROOTS,
  isSheetNameValid,
  namedEntryProblem,
} from '@cellmate/model'
import { invalid } from './updateValidation.js'
import { outOfOrder } from './sheetUpdateCheck.js'

/**
 * Checks a client's update to a workbook document by its effect: it is applied to a scratch
 * copy of the document (a workbook document is small: tab order, names, title) and the copy must
 * still satisfy what only the server may change:
 * - the set of sheets is the server's (`sheetMeta` keys stay exactly those the server wrote,
 *   each the same nested map — sheets are added and deleted through the server, which records
 *   which sheet belongs to which workbook);
 * - `sheets` (the tab order) lists only those sheets, each at least once;
 * - a sheet's metadata holds a valid `name` and nothing else; the title is text within limits;
 * - every defined name is a map of text fields that `namedEntryProblem` accepts (a valid
 *   Excel name, a formula, an id as scope), at most `MAX_DEFINED_NAMES` of them;
 * - nothing is left pending (structs or deletions the document does not have the base of);
 * - every list and map is whole: its items belong to it, a map's value is its key's last
 *   item, an array counts what it lists (`structureBreaches`).
 * A rule the stored document already breaks (written before it was checked) is held only
 * against updates that add a breach, so an old flaw does not block every later edit.
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
      throw outOfOrder()
    }
    checkSheetSet(doc, scratch)
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
    if (was === undefined) throw invalid('sheets are added through the server')
    if (
      value !== was &&
      !(value instanceof Y.Map && was instanceof Y.Map && sameItem(value, was))
    ) {
      throw invalid("a sheet's metadata cannot be replaced")
    }
  }
  for (const id of meta.keys()) {
    if (!after.has(id)) throw invalid('sheets are deleted through the server')
  }
  // Rules the stored document may already break (written before they were checked) are only
  // held against what the update changes: it may not add a breach, it need not mend old ones.
  const before = breaches(doc)
  for (const breach of breaches(scratch)) if (!before.has(breach)) throw invalid(breach)
}

/** What in a workbook document breaks the rules, one message per breach. */
function breaches(doc: Y.Doc): Set<string> {
  const found = new Set<string>()
  const sheetMeta = doc.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta)
  for (const [id, value] of sheetMeta) {
    if (!(value instanceof Y.Map)) continue
    for (const [key, v] of value) {
      if (key !== 'name') found.add(`"${key.slice(0, 40)}" is not a sheet setting`)
      else if (typeof v !== 'string' || !isSheetNameValid(v)) {
        found.add(
          `a sheet name is 1 to ${LIMITS.maxSheetNameChars} characters without [ ] * ? / \\ :`,
        )
      }
    }
    if (typeof value.get('name') !== 'string') found.add(`sheet ${id} keeps its name`)
  }
  const order = doc.getArray<unknown>(WORKBOOK_ROOTS.sheets)
  if (order.length > 2 * LIMITS.maxSheets) found.add('the tab order lists too many sheets')
  const listed = new Set<unknown>()
  for (const id of order) {
    if (typeof id !== 'string' || !sheetMeta.has(id)) found.add('the tab order lists only sheets')
    listed.add(id)
  }
  for (const id of sheetMeta.keys()) if (!listed.has(id)) found.add(`sheet ${id} keeps its tab`)
  for (const [key, value] of doc.getMap<unknown>(WORKBOOK_ROOTS.meta)) {
    if (key !== 'title') found.add(`"${key.slice(0, 40)}" is not a workbook setting`)
    else if (typeof value !== 'string' || value.length > LIMITS.maxTitleChars) {
      found.add(`a title is text of at most ${LIMITS.maxTitleChars} characters`)
    }
  }
  for (const root of Object.values(WORKBOOK_ROOTS)) structureBreaches(doc, root, found)
  const names = doc.getMap<unknown>(WORKBOOK_ROOTS.names)
  if (names.size > MAX_DEFINED_NAMES) {
    found.add(`a workbook has at most ${MAX_DEFINED_NAMES} names`)
  }
  for (const [id, value] of names) {
    const problem = namedEntryProblem(id, value)
    // Per name, so an old malformed name does not hide a new one.
    if (problem) found.add(`${problem} (name ${id.slice(0, 40)})`)
  }
  return found
}

/**
 * Whether the lists and maps under `root` hang together as Yjs builds them. A struct that
 * starts inside what the document holds of its client is integrated by Yjs only past that
 * point, linked after the item at the client's last known clock while keeping the parent its
 * own origin names. Tab-order entries continuing a client's title were merged into the title's
 * item (read back as the title: a sheet id) and counted in the tab order, which then listed
 * fewer entries than its length, and later renames were lost. The sheet document refuses such
 * a struct before applying it (`checkSheetUpdate`); a workbook update is applied to a copy,
 * so its result is looked at here.
 */
function structureBreaches(doc: Y.Doc, root: string, found: Set<string>): void {
  const broken = () => found.add(`the document's "${root}" is not whole`)
  const visit = (type: unknown): void => {
    if (type instanceof Y.Array) {
      let length = 0
      for (let item = type._start; item !== null; item = item.right) {
        if (item.parent !== type || item.parentSub !== null) return void broken()
        if (item.deleted) continue
        if (item.countable) length += item.length
        if (item.content instanceof Y.ContentType) visit(item.content.type)
      }
      if (length !== type._length) broken()
    } else if (type instanceof Y.Map) {
      for (const [key, last] of type._map) {
        // A map's value is the last item of its key, one value long, in the document's store.
        if (last.right !== null || Y.getItem(doc.store, last.id) !== last) return void broken()
        if (!last.deleted && last.length !== 1) return void broken()
        for (let item: Y.Item | null = last; item !== null; item = item.left) {
          if (item.parent !== type || item.parentSub !== key) return void broken()
        }
        if (!last.deleted && last.content instanceof Y.ContentType) visit(last.content.type)
      }
    }
  }
  visit(root === WORKBOOK_ROOTS.sheets ? doc.getArray(root) : doc.getMap(root))
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
