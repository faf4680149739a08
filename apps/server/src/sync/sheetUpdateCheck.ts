import * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import { MAX_CONDITIONAL_RULES, SHEET_ROOTS, type SheetLimits } from '@cellmate/model'
import { SHEET_RULES, checkItemAgainstRule, invalid } from './updateValidation.js'
import {
  BatchOverlay,
  type CheckedUpdate,
  type DecodedStruct,
  type Landing,
} from './batchOverlay.js'
import {
  checkCommentWrites,
  deletedItems,
  type CommentWrite,
  type DeletedItem,
  type UpdateWriter,
} from './commentWriteCheck.js'

/** A struct found by id, and where it was found. */
type Found = { in: 'doc'; struct: Y.Item | Y.GC } | { in: 'update'; struct: DecodedStruct }

/**
 * Checks an update against the sheet document it is about to be applied to, the way Yjs will
 * integrate it: every new item's parent is resolved through the document (an overwrite of a
 * map key or an insert into the middle of an array names only its neighbours, never its
 * parent), and the value is checked against the rule of the root it lands in. Refuses, with
 * nothing applied:
 * - OUT_OF_ORDER: structs or deletions for clocks neither the document nor the update holds
 *   (they would sit pending in the document forever, or delete another client's future edits);
 * - INVALID_UPDATE: a value the root does not hold (a number in `cells`, a nested type, an id
 *   list entry that is not an id), a root that does not exist;
 * - LIMIT_EXCEEDED: more rows or columns than the sheet limits;
 * - FORBIDDEN: a comment written or removed against its author, or anything but comments
 *   written by a commenter (`checkCommentWrites`; only when `writer` is given).
 *
 * The update has already been decoded once in the inspector worker within a time budget, so
 * decoding it again here cannot hang. Cost is proportional to the update, plus a binary search
 * in the document per item that names no parent.
 */
export function checkSheetUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  limits: SheetLimits,
  overlay: BatchOverlay = new BatchOverlay(),
  writer?: UpdateWriter,
): CheckedUpdate {
  const decoded = Y.decodeUpdate(update)
  const docState = (client: number): number => Y.getState(doc.store, client)
  const known = (client: number): number => Math.max(docState(client), overlay.end(client))

  // Which structs are new, and do they continue what the server has without a gap?
  const updateByClient = new Map<number, DecodedStruct[]>()
  for (const struct of decoded.structs) {
    const list = updateByClient.get(struct.id.client)
    if (list) list.push(struct)
    else updateByClient.set(struct.id.client, [struct])
  }
  const byClient = new Map<number, DecodedStruct[]>()
  /** Items the document holds already: Yjs still waits for their neighbours (see below). */
  const repeated: Y.Item[] = []
  const reach = new Map<number, number>()
  for (const [client, structs] of updateByClient) {
    structs.sort((a, b) => a.id.clock - b.id.clock)
    let end = known(client)
    const fresh: DecodedStruct[] = []
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue
      if (struct.id.clock > end) throw outOfOrder()
      if (struct.id.clock + struct.length > known(client)) fresh.push(struct)
      else if (struct instanceof Y.Item) repeated.push(struct)
      end = Math.max(end, struct.id.clock + struct.length)
    }
    reach.set(client, end)
    if (fresh.length > 0) byClient.set(client, fresh)
  }

  const rootNames = rootNamesOf(doc)

  // Before `find`, which records the landings of the batch's items it finds: an update that
  // repeats items of an earlier update of the batch resolves their neighbours through it.
  const landings = new Map<DecodedStruct, Landing>()

  const find = (id: Y.ID): Found => {
    if (id.clock < docState(id.client)) {
      const structs = doc.store.clients.get(id.client) as Array<Y.Item | Y.GC>
      return { in: 'doc', struct: structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC }
    }
    const inOverlay = overlay.find(id.client, id.clock)
    if (inOverlay) {
      if (inOverlay.landing) landings.set(inOverlay.struct, inOverlay.landing)
      return { in: 'update', struct: inOverlay.struct }
    }
    const inUpdate = findDecoded(updateByClient.get(id.client), id.clock)
    if (inUpdate && !(inUpdate instanceof Y.Skip)) return { in: 'update', struct: inUpdate }
    throw outOfOrder()
  }

  // An item the document already holds is skipped by Yjs only once its origins and parent
  // exist: one naming a neighbour nobody has would sit pending in the document forever.
  for (const item of repeated) {
    if (item.origin) find(item.origin)
    if (item.rightOrigin) find(item.rightOrigin)
    if (item.parent !== null && typeof item.parent !== 'string') find(item.parent as Y.ID)
  }

  const landingInDoc = (struct: Y.Item | Y.GC): Landing => {
    if (struct instanceof Y.GC) return 'gc'
    const parent = struct.parent as Y.AbstractType<any> // eslint-disable-line @typescript-eslint/no-explicit-any
    const root = rootNames.get(parent)
    if (root === undefined) throw invalid('nested types are not allowed in a sheet')
    return { root, key: struct.parentSub }
  }

  /**
   * Follows origins (left before right, as `Item.getMissing` does) until an item with a known
   * landing, iteratively: a crafted chain of thousands of items must not overflow the stack.
   */
  const landingOf = (start: Y.Item): Landing => {
    const chain: Y.Item[] = []
    const seen = new Set<DecodedStruct>()
    let cur: Y.Item = start
    let landing: Landing | undefined
    while (landing === undefined) {
      const memo = landings.get(cur)
      if (memo !== undefined) {
        landing = memo
        break
      }
      if (seen.has(cur)) throw invalid('the update refers to itself in a cycle')
      seen.add(cur)
      chain.push(cur)
      // Both neighbours must exist even when the parent is named: Yjs waits for a missing
      // origin before it integrates the item, so it would sit pending in the document.
      const left = cur.origin ? find(cur.origin) : null
      const right = cur.rightOrigin ? find(cur.rightOrigin) : null
      if (cur.parent !== null) {
        if (typeof cur.parent !== 'string') throw invalid('nested types are not allowed in a sheet')
        landing = { root: cur.parent, key: cur.parentSub }
        break
      }
      if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) {
        landing = 'gc'
        break
      }
      const next = left ?? right
      if (!next) throw invalid('an item with neither a parent nor a neighbour')
      if (next.in === 'doc') {
        landing = landingInDoc(next.struct)
        break
      }
      if (!(next.struct instanceof Y.Item)) {
        landing = 'gc'
        break
      }
      cur = next.struct
    }
    for (const item of chain) landings.set(item, landing)
    return landing
  }

  /**
   * A struct that starts inside what the document holds of its client is integrated by Yjs
   * only past that (`Item.integrate` with an offset): linked after the item at `known - 1`,
   * but left in the parent its own origin gave it. Where those differ, the item sits in one
   * root's list while belonging to another, and every later insert next to it lands in the
   * wrong root (a hostile update at fuzz seed 1684569578 made every user's cell edit refused
   * as "rows holds ids only"). A client that sends again an update the server stored before
   * its ack was lost continues its own item, in the same place.
   */
  const checkContinuation = (client: number, known: number, landing: Exclude<Landing, 'gc'>) => {
    const left = find(Y.createID(client, known - 1))
    const leftLanding =
      left.in === 'doc'
        ? landingInDoc(left.struct)
        : left.struct instanceof Y.Item
          ? landingOf(left.struct)
          : 'gc'
    if (
      leftLanding === 'gc' ||
      leftLanding.root !== landing.root ||
      leftLanding.key !== landing.key
    )
      throw invalid('an update continues an item the document holds somewhere else')
  }

  /**
   * Yjs takes an item's parent (and map key) from its left neighbour (`Item.getMissing`), so a
   * crafted item whose two neighbours are in different places was checked on one side and
   * landed on the other: a "cell entry" after another author's comment text replaced that
   * text, a "thread anchor" before a row id added a row. No client writes one: an insert's two
   * neighbours are in the same list, or the same map key.
   */
  const checkNeighbours = (item: Y.Item, landing: Landing): void => {
    if (landing === 'gc' || !item.origin || !item.rightOrigin) return
    const right = find(item.rightOrigin)
    const rightLanding =
      right.in === 'doc'
        ? landingInDoc(right.struct)
        : right.struct instanceof Y.Item
          ? landingOf(right.struct)
          : 'gc'
    if (rightLanding === 'gc') return
    if (rightLanding.root !== landing.root || rightLanding.key !== landing.key) {
      throw invalid('an item between neighbours in different places')
    }
  }

  const writers = new Set<number>()
  let addedRows = 0
  let addedCols = 0
  const commentWrites: CommentWrite[] = []
  const otherRoots = new Set<string>()
  /** Map keys whose value the update's deleted items replace (see the loop). */
  const removedKeys: DeletedItem[] = []
  const rules = doc.getMap(SHEET_ROOTS.conditionalFormats)
  const newRules = new Set<string>()
  for (const [client, structs] of byClient) {
    writers.add(client)
    const before = known(client)
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue
      const landing = landingOf(struct)
      checkNeighbours(struct, landing)
      if (struct.id.clock < before && landing !== 'gc') checkContinuation(client, before, landing)
      if (landing === 'gc') continue
      const rule = SHEET_RULES.get(landing.root)
      if (!rule) throw invalid(`a sheet document has no root named "${landing.root}"`)
      checkItemAgainstRule(rule, landing.root, landing.key, struct.content)
      if (landing.root !== SHEET_ROOTS.comments) otherRoots.add(landing.root)
      if (struct.content instanceof Y.ContentDeleted) {
        // Deleted content still lands where its origins put it. On a map key it becomes the
        // key's last item and removes the value before it (`Item.integrate` deletes its left),
        // a removal no delete set shows: a key set and removed before syncing is sent so, and
        // so is an attacker's removal of a value it may not touch.
        if (landing.key !== null) removedKeys.push({ root: landing.root, key: landing.key })
        continue
      }
      if (landing.root === SHEET_ROOTS.comments) {
        if (landing.key === null || !(struct.content instanceof Y.ContentAny)) continue
        commentWrites.push({ key: landing.key, value: struct.content.arr[0] })
        continue
      }
      if (landing.root === SHEET_ROOTS.conditionalFormats && landing.key !== null) {
        if (!rules.has(landing.key)) newRules.add(landing.key)
      }
      const added = struct.id.clock + struct.length - Math.max(struct.id.clock, before)
      if (landing.root === SHEET_ROOTS.rows) addedRows += added
      else if (landing.root === SHEET_ROOTS.cols) addedCols += added
    }
  }

  for (const [client, ranges] of decoded.ds.clients) {
    const end = Math.max(known(client), reach.get(client) ?? 0)
    for (const range of ranges) {
      if (range.clock + range.len > end) throw outOfOrder()
    }
  }

  let commentAuthors = new Map<string, string>()
  if (writer) {
    const deleted = removedKeys.concat(
      deletedItems(doc, decoded.ds, writer.role === 'commenter', rootNames, (client, clock) => {
        const found = overlay.find(client, clock)
        if (!found) return null
        const landing = found.landing === 'gc' ? null : (found.landing ?? null)
        return { clock: found.struct.id.clock, length: found.struct.length, landing }
      }),
    )
    commentAuthors = checkCommentWrites({
      doc,
      writer,
      writes: commentWrites,
      deleted,
      otherRoots,
      batchAuthor: (id) => overlay.commentAuthor(id),
    })
  }

  if (addedRows > 0 || addedCols > 0) {
    checkAxisLimit(doc, decoded.ds, SHEET_ROOTS.rows, addedRows + overlay.addedRows, limits.maxRows)
    checkAxisLimit(doc, decoded.ds, SHEET_ROOTS.cols, addedCols + overlay.addedCols, limits.maxCols)
  }
  if (newRules.size > 0) checkRuleLimit(rules.size, newRules, overlay.newRules)
  return { writers, landings, byClient, addedRows, addedCols, commentAuthors, newRules }
}

/**
 * Refuses an update that would give a sheet more than `MAX_CONDITIONAL_RULES` conditional
 * formats. Rules the same update deletes are not subtracted: a client replacing rules near the
 * limit writes the deletes first (the model's functions write one rule per transaction).
 */
function checkRuleLimit(held: number, added: Set<string>, inBatch: ReadonlySet<string>): void {
  const all = new Set([...added, ...inBatch])
  if (held + all.size > MAX_CONDITIONAL_RULES) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a sheet has at most ${MAX_CONDITIONAL_RULES} conditional format rules`,
    )
  }
}

/**
 * Refuses an update that would leave the `rows` (or `cols`) array longer than the limit,
 * counting the live items its delete set removes from that array (a move is a delete and an
 * insert in one update).
 */
function checkAxisLimit(
  doc: Y.Doc,
  ds: { clients: Map<number, Array<{ clock: number; len: number }>> },
  root: string,
  added: number,
  max: number,
): void {
  if (added === 0) return
  const array = doc.getArray(root)
  if (array.length + added <= max) return
  let removed = 0
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs) continue
    const state = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      if (clock >= state) continue
      const end = Math.min(clock + len, state)
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= end) break
        if (s instanceof Y.Item && !s.deleted && s.countable && s.parent === array) {
          removed += Math.min(end, s.id.clock + s.length) - Math.max(clock, s.id.clock)
        }
      }
    }
  }
  if (array.length + added - removed > max) {
    const noun = root === SHEET_ROOTS.rows ? 'rows' : 'columns'
    throw new CellmateError(ERROR_CODES.LIMIT_EXCEEDED, `a sheet has at most ${max} ${noun}`)
  }
}

type RootNames = Map<Y.AbstractType<any>, string> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Per document, its root types by name: built once, again only when a root is added. */
const rootNameCache = new WeakMap<Y.Doc, { roots: number; names: RootNames }>()

function rootNamesOf(doc: Y.Doc): RootNames {
  const cached = rootNameCache.get(doc)
  // Yjs never removes a root type: the same count means the same roots.
  if (cached && cached.roots === doc.share.size) return cached.names
  const names: RootNames = new Map()
  for (const [name, type] of doc.share) names.set(type, name)
  rootNameCache.set(doc, { roots: doc.share.size, names })
  return names
}

/** The struct of a clock-sorted list that holds `clock`, by binary search. */
function findDecoded(
  structs: DecodedStruct[] | undefined,
  clock: number,
): DecodedStruct | undefined {
  if (!structs) return undefined
  let lo = 0
  let hi = structs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = structs[mid] as DecodedStruct
    if (clock < s.id.clock) hi = mid - 1
    else if (clock >= s.id.clock + s.length) lo = mid + 1
    else return s
  }
  return undefined
}

/** The refusal of an update that builds on edits the server does not have. */
export function outOfOrder(): CellmateError {
  return new CellmateError(
    ERROR_CODES.OUT_OF_ORDER,
    'the update builds on edits the server does not have; sync again',
  )
}
