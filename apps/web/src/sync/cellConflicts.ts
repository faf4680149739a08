import * as Y from 'yjs'
import { sheetTypes } from '@cellmate/model'

/**
 * How a cell value of this user's met someone else's:
 * - `lost`: someone else's write replaced it without them having seen it first — a concurrent
 *   write (both typed before either saw the other's, or one of them was offline), or one typed
 *   in an editor that was already open on the cell when this user's value landed;
 * - `kept`: this user's value stands, and a concurrent write of someone else's lost to it
 *   (the same cell resolves last-writer-wins by Yjs order, so one of the two always loses).
 * A deliberate later edit of a value someone had already seen is no conflict.
 */
export type ConflictOutcome = 'lost' | 'kept'

export interface CellConflict {
  rowId: string
  colId: string
  outcome: ConflictOutcome
  /** This user's value, as stored (`""`: empty). */
  mine: string
  /**
   * The other value, as stored; null when it is not known: a `kept` value whose loser was
   * offline had already dropped its own value (it saw ours first) when it sent it.
   */
  theirs: string | null
  /** The Yjs client id that wrote `theirs`; null when unknown (a cleared cell: deletes are anonymous). */
  by: number | null
}

/** A write of this user's that someone had an editor open on when it was made. */
interface WatchedWrite {
  id: Y.ID
  editors: ReadonlySet<number>
}

/** Only so many watched writes are kept (the oldest go first). */
const MAX_WATCHED = 500

/** The item holding a key's value in a Y.Map (the last written, possibly deleted). */
function keyItem(map: Y.Map<unknown>, key: string): Y.Item | undefined {
  return map._map.get(key)
}

/**
 * The stored input a cell item holds; null when it holds none (another type, or a value its
 * writer had already discarded and sent without content).
 */
function itemInput(item: Y.Item): string | null {
  if (!(item.content instanceof Y.ContentAny)) return null
  const content = item.content.getContent() as unknown[]
  const value = content[content.length - 1]
  return typeof value === 'string' ? value : null
}

/** Whether `tr` brought `item` (it was not in the document before). */
function isNewIn(tr: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)
}

/** The Yjs client id that wrote a cell's current value; null for an empty cell. */
export function cellWriter(doc: Y.Doc, key: string): number | null {
  const item = keyItem(sheetTypes(doc).cells, key)
  return item && !item.deleted ? item.id.client : null
}

function splitKey(key: string): { rowId: string; colId: string } {
  const at = key.indexOf(':')
  return { rowId: key.slice(0, at), colId: key.slice(at + 1) }
}

/**
 * Watches one sheet document for cell values of this user's that meet someone else's (see
 * `ConflictOutcome`), telling `onConflict` with both values and who wrote the other one.
 *
 * It reads what Yjs already knows: a map value is an item whose `origin` is the value its
 * writer saw, so a write that did not see this user's value is concurrent with it; the value
 * that lost in a transaction is still readable in its observers (garbage collection runs
 * after them). The one thing the document cannot tell — that the writer had an editor open on
 * the cell since before this user's value reached them — comes from presence: `editorsOf(key)`
 * names the peers whose editor is open on the cell when this user writes it, and a later write
 * of theirs that replaces it counts as lost too, until the cell changes again.
 */
export class CellConflictWatch {
  private readonly cells: Y.Map<unknown>
  private readonly watched = new Map<string, WatchedWrite>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly isLocal: (origin: unknown) => boolean,
    private readonly editorsOf: (key: string) => readonly number[],
    private readonly onConflict: (conflict: CellConflict) => void,
  ) {
    this.cells = sheetTypes(doc).cells
    this.cells.observe(this.onCells)
  }

  destroy(): void {
    this.cells.unobserve(this.onCells)
    this.watched.clear()
  }

  private readonly onCells = (event: Y.YMapEvent<unknown>): void => {
    const tr = event.transaction
    if (this.isLocal(tr.origin)) {
      for (const key of event.keysChanged) this.recordOwn(key)
      return
    }
    // Neither outcome is possible for a user who never wrote to this document in this tab
    // (its items carry the tab's client id): loading and watching others cost nothing.
    if (!this.doc.store.clients.has(this.doc.clientID)) return
    const replaced = this.deletedItems(tr, event.keysChanged)
    for (const key of event.keysChanged) {
      const conflict = this.inspect(key, tr, replaced.get(key) ?? [])
      this.watched.delete(key)
      if (conflict) this.onConflict(conflict)
    }
  }

  private recordOwn(key: string): void {
    this.watched.delete(key)
    const item = keyItem(this.cells, key)
    if (!item || item.deleted || item.id.client !== this.doc.clientID) return
    const editors = this.editorsOf(key)
    if (editors.length === 0) return
    this.watched.set(key, { id: item.id, editors: new Set(editors) })
    if (this.watched.size > MAX_WATCHED) {
      const oldest = this.watched.keys().next().value
      if (oldest !== undefined) this.watched.delete(oldest)
    }
  }

  /** The cell items of `keys` that transaction `tr` deleted (replaced, cleared, or lost). */
  private deletedItems(tr: Y.Transaction, keys: ReadonlySet<string>): Map<string, Y.Item[]> {
    const out = new Map<string, Y.Item[]>()
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || struct.parent !== this.cells) return
      const key = struct.parentSub
      if (key === null || !keys.has(key)) return
      const list = out.get(key)
      if (list) list.push(struct)
      else out.set(key, [struct])
    })
    return out
  }

  private inspect(key: string, tr: Y.Transaction, deleted: readonly Y.Item[]): CellConflict | null {
    const me = this.doc.clientID
    const isNew = (item: Y.Item): boolean => isNewIn(tr, item)
    const current = keyItem(this.cells, key)
    const live = current && !current.deleted ? current : null
    const { rowId, colId } = splitKey(key)

    if (live && live.id.client === me && !isNew(live)) {
      // Mine stands; a write of someone else's that arrived and went at once lost to it.
      const lost = this.closestLeft(
        live,
        deleted.filter((i) => isNew(i) && i.id.client !== me),
      )
      if (!lost) return null
      return {
        rowId,
        colId,
        outcome: 'kept',
        mine: itemInput(live) ?? '',
        theirs: itemInput(lost),
        by: lost.id.client,
      }
    }

    // The value this transaction replaced: the only one it deleted that was there before it.
    const previous = deleted.find((i) => !isNew(i))
    if (!previous || previous.id.client !== me) return null
    const watched = this.watched.get(key)
    const editorsSaw =
      watched !== undefined && Y.compareIDs(watched.id, previous.id) ? watched.editors : null
    if (live && isNew(live) && live.id.client !== me) {
      const concurrent = !this.builtOn(live, previous, tr)
      if (!concurrent && !editorsSaw?.has(live.id.client)) return null
      return {
        rowId,
        colId,
        outcome: 'lost',
        mine: itemInput(previous) ?? '',
        theirs: itemInput(live) ?? '',
        by: live.id.client,
      }
    }
    if (!live && editorsSaw) {
      // Cleared by someone who had the cell open (a delete names no author; one editor does).
      const [only, ...others] = [...editorsSaw]
      return {
        rowId,
        colId,
        outcome: 'lost',
        mine: itemInput(previous) ?? '',
        theirs: '',
        by: only !== undefined && others.length === 0 ? only : null,
      }
    }
    return null
  }

  /**
   * Whether `item`'s writer had seen `base` when writing it: following the values it was
   * written over back through this transaction's new items (several writes of one offline
   * session arrive together), the first one that is not new is `base`.
   */
  private builtOn(item: Y.Item, base: Y.Item, tr: Y.Transaction): boolean {
    for (let at: Y.Item = item; ;) {
      const origin = at.origin
      if (origin === null) return false
      if (Y.compareIDs(origin, base.lastId)) return true
      const prior = Y.getItem(this.doc.store, origin)
      if (!(prior instanceof Y.Item) || !isNewIn(tr, prior)) return false
      at = prior
    }
  }

  /** Of `candidates`, the one nearest to the left of `item` in its key's history. */
  private closestLeft(item: Y.Item, candidates: readonly Y.Item[]): Y.Item | null {
    if (candidates.length === 0) return null
    const set = new Set(candidates)
    for (let at = item.left; at !== null; at = at.left) {
      if (at instanceof Y.Item && set.has(at)) return at
    }
    return candidates[candidates.length - 1] ?? null
  }
}
