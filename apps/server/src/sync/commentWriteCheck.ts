import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, type Role } from '@cellmate/protocol'
import { AUTHOR_FIELDS, SHEET_ROOTS, parseCommentKey } from '@cellmate/model'

/** Who sends an update: the session its client ids are bound to, and its role. */
export interface UpdateWriter {
  owner: string
  role: Role
}

/** A value an update writes to the `comments` map. */
export interface CommentWrite {
  key: string
  value: unknown
}

/** Where an existing item of the document is deleted by an update. */
export interface DeletedItem {
  root: string | null
  key: string | null
}

/**
 * The comment rules a sheet update must keep, beyond each value's type and size (`COMMENTS`
 * in `updateValidation.ts`). Authorship is the session, which the server binds every Yjs
 * client id to (`claimClients`) and which nobody else can present (it is the hash of a secret
 * the client keeps), so:
 * - a comment's `by` may be written only with the writer's own session, and never over
 *   another author's (`by` is write-once per author);
 * - its name, time, text and edit time only by its author: an editor cannot put words in
 *   someone else's mouth through sync any more than through REST;
 * - a thread's anchor (`row`, `col`) by its author, or re-anchored by anyone who may edit cells:
 *   a cut and paste moves it with its cell, as in Sheets (an editor can move the cell's value
 *   away from it anyway); never by a commenter, and never making a reply a thread;
 * - `deleted` by its author or the workbook's owner (moderation); `resolved*` by anyone;
 * - removing a field (an undo) follows the same rules, except that the key an update writes
 *   anew may drop its previous value (that is how a map overwrite looks).
 * An editor could still delete cells or rows under a comment; that hides it, as in any
 * spreadsheet, and the editor's undo (or anyone's re-insert of the row) brings it back.
 *
 * A commenter writes only to `comments`: any new item elsewhere, or a removal of anything
 * live outside it, is refused.
 */
export function checkCommentWrites(args: {
  doc: Y.Doc
  writer: UpdateWriter
  writes: readonly CommentWrite[]
  /** Live items of the document (or of earlier updates of the batch) the update deletes. */
  deleted: readonly DeletedItem[]
  /** Roots other than `comments` the update adds items to. */
  otherRoots: ReadonlySet<string>
  /** Authors that earlier updates of the same batch gave comments. */
  batchAuthor: (commentId: string) => string | undefined
}): Map<string, string> {
  const { doc, writer, writes, deleted, otherRoots } = args
  if (writer.role === 'commenter') {
    const [root] = otherRoots
    if (root !== undefined) throw forbidden(`a commenter may not write to "${root}"`)
    const other = deleted.find((d) => d.root !== SHEET_ROOTS.comments)
    if (other) throw forbidden(`a commenter may not remove from "${other.root ?? 'a nested type'}"`)
  }
  const stored = doc.getMap<unknown>(SHEET_ROOTS.comments)
  const storedAuthor = (id: string): string | undefined => {
    const by = stored.get(`${id}:by`)
    return typeof by === 'string' ? by : undefined
  }
  const authors = new Map<string, string>()
  for (const { key, value } of writes) {
    const parsed = parseCommentKey(key)
    if (parsed?.field !== 'by') continue
    if (value !== writer.owner) throw forbidden('a comment may only be written as yourself')
    const before = storedAuthor(parsed.id) ?? args.batchAuthor(parsed.id)
    if (before !== undefined && before !== writer.owner) {
      throw forbidden('a comment keeps its author')
    }
    authors.set(parsed.id, writer.owner)
  }
  const mayEditCells = writer.role === 'owner' || writer.role === 'editor'
  const authorOf = (id: string): string | undefined =>
    authors.get(id) ?? args.batchAuthor(id) ?? storedAuthor(id)
  /** `removing`: the key is dropped, not rewritten (an anchor may move, never go). */
  const mayWrite = (key: string, removing = false): boolean => {
    const parsed = parseCommentKey(key)
    if (!parsed) return false
    if (parsed.field === 'resolved' || parsed.field === 'resolvedBy') return true
    if (parsed.field === 'resolvedAt') return true
    const own = authorOf(parsed.id) === writer.owner
    if (parsed.field === 'deleted') return own || writer.role === 'owner'
    if ((parsed.field === 'row' || parsed.field === 'col') && mayEditCells && !removing) {
      if (typeof stored.get(`${parsed.id}:row`) === 'string') return true
    }
    return AUTHOR_FIELDS.has(parsed.field) && own
  }
  const written = new Set<string>()
  for (const { key } of writes) {
    if (!mayWrite(key)) throw forbidden(`only its author may write "${key.slice(0, 80)}"`)
    written.add(key)
  }
  for (const d of deleted) {
    if (d.root !== SHEET_ROOTS.comments || d.key === null || written.has(d.key)) continue
    if (!mayWrite(d.key, true))
      throw forbidden(`only its author may remove "${d.key.slice(0, 80)}"`)
  }
  return authors
}

/** An item of an earlier update of the batch (not in the document yet) and where it lands. */
export type PendingItem = { length: number; clock: number; landing: DeletedItem | null }

/**
 * The live items an update's delete set removes, with where they are: in the document
 * (skipping what is already deleted: a sync diff repeats the whole delete set) and in earlier
 * updates of the same batch (`pending`). Only comment items are listed unless `all` (a
 * commenter's update, where every removal matters). Items of the update itself were checked
 * where they land.
 */
export function deletedItems(
  doc: Y.Doc,
  ds: { clients: Map<number, Array<{ clock: number; len: number }>> },
  all: boolean,
  rootNames: ReadonlyMap<Y.AbstractType<unknown>, string>,
  pending: (client: number, clock: number) => PendingItem | null,
): DeletedItem[] {
  const comments = doc.getMap(SHEET_ROOTS.comments)
  const out: DeletedItem[] = []
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client) ?? []
    const state = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      for (let c = Math.max(clock, state); c < clock + len;) {
        const item = pending(client, c)
        if (!item) break
        const root = item.landing?.root
        if (item.landing && (all || root === SHEET_ROOTS.comments)) out.push(item.landing)
        c = item.clock + item.length
      }
      // No comment was ever written: nothing an editor deletes in the document can be one.
      if (clock >= state || (!all && comments._map.size === 0)) continue
      const end = Math.min(clock + len, state)
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= end) break
        if (!(s instanceof Y.Item) || s.deleted) continue
        const parent = s.parent as Y.AbstractType<unknown>
        if (!all && parent !== comments) continue
        out.push({ root: rootNames.get(parent) ?? null, key: s.parentSub })
      }
    }
  }
  return out
}

function forbidden(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.FORBIDDEN, message)
}
