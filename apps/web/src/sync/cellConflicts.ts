import * as Y from 'yjs'
import { sheetTypes, type CellEntryRef, type SheetCells } from '@cellmate/model'

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

/** The Yjs client id that wrote a cell's current value; null for an empty cell. */
export function cellWriter(doc: Y.Doc, key: string): number | null {
  return sheetTypes(doc).cells.writer(key) ?? null
}

function splitKey(key: string): { rowId: string; colId: string } {
  const at = key.indexOf(':')
  return { rowId: key.slice(0, at), colId: key.slice(at + 1) }
}

/**
 * Watches one sheet document for cell values of this user's that meet someone else's (see
 * `ConflictOutcome`), telling `onConflict` with both values and who wrote the other one.
 *
 * It reads what the cell log already says (`SheetCells`): a write deletes the entry it
 * replaces, so a writer who had seen this user's value deleted it, and one who had not left
 * it in the array, where the entry further right wins. The values involved are still readable
 * in the listener (garbage collection runs after it). The one thing the document cannot tell
 * — that the writer had an editor open on the cell since before this user's value reached
 * them — comes from presence: `editorsOf(key)` names the peers whose editor is open on the
 * cell when this user writes it, and a later write of theirs that replaces it counts as lost
 * too, until the cell changes again.
 */
export class CellConflictWatch {
  private readonly cells: SheetCells
  private readonly stop: () => void
  private readonly watched = new Map<string, WatchedWrite>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly isLocal: (origin: unknown) => boolean,
    private readonly editorsOf: (key: string) => readonly number[],
    private readonly onConflict: (conflict: CellConflict) => void,
  ) {
    this.cells = sheetTypes(doc).cells
    this.stop = this.cells.observe(this.onCells)
  }

  destroy(): void {
    this.stop()
    this.watched.clear()
  }

  private readonly onCells = (keys: ReadonlySet<string>, tr: Y.Transaction): void => {
    if (this.isLocal(tr.origin)) {
      for (const key of keys) this.recordOwn(key)
      return
    }
    // Neither outcome is possible for a user who never wrote to this document in this tab
    // (its entries carry the tab's client id): loading and watching others cost nothing.
    if (!this.doc.store.clients.has(this.doc.clientID)) return
    const changes = this.cells.changesIn(tr)
    for (const key of keys) {
      const conflict = this.inspect(
        key,
        tr,
        changes.get(key)?.deleted ?? [],
        changes.get(key)?.added ?? [],
      )
      this.watched.delete(key)
      if (conflict) this.onConflict(conflict)
    }
  }

  private recordOwn(key: string): void {
    this.watched.delete(key)
    const id = this.cells.entryId(key)
    if (!id || id.client !== this.doc.clientID) return
    const editors = this.editorsOf(key)
    if (editors.length === 0) return
    this.watched.set(key, { id, editors: new Set(editors) })
    if (this.watched.size > MAX_WATCHED) {
      const oldest = this.watched.keys().next().value
      if (oldest !== undefined) this.watched.delete(oldest)
    }
  }

  private inspect(
    key: string,
    tr: Y.Transaction,
    deleted: readonly CellEntryRef[],
    added: readonly CellEntryRef[],
  ): CellConflict | null {
    const me = this.doc.clientID
    const isNew = (id: Y.ID): boolean => id.clock >= (tr.beforeState.get(id.client) ?? 0)
    const winner = this.cells.entryId(key)
    const { rowId, colId } = splitKey(key)

    if (winner && winner.client === me && !isNew(winner)) {
      // Mine stands: someone else's write arrived that had not seen it, and lost to it.
      const lost = added.filter((e) => e.id.client !== me).pop()
      if (!lost) return null
      return {
        rowId,
        colId,
        outcome: 'kept',
        mine: this.cells.valueOf(winner),
        theirs: lost.value,
        by: lost.id.client,
      }
    }

    // My value before this transaction: still in the array having lost to a write that had
    // not seen it, or deleted by this transaction (replaced or cleared by someone who had).
    const outvoted = this.cells.losersOf(key).find((id) => id.client === me && !isNew(id))
    const replaced = deleted.find((e) => e.id.client === me && !e.isNew)
    const previous = outvoted ?? replaced?.id
    if (!previous) return null
    const mine = outvoted ? this.cells.valueOf(outvoted) : (replaced?.value ?? '')
    const watched = this.watched.get(key)
    const editorsSaw =
      watched !== undefined && Y.compareIDs(watched.id, previous) ? watched.editors : null
    if (winner && isNew(winner) && winner.client !== me) {
      if (!outvoted && !editorsSaw?.has(winner.client)) return null
      return {
        rowId,
        colId,
        outcome: 'lost',
        mine,
        theirs: this.cells.valueOf(winner),
        by: winner.client,
      }
    }
    if (!winner && replaced && editorsSaw) {
      // Cleared by someone who had the cell open (a delete names no author; one editor does).
      const [only, ...others] = [...editorsSaw]
      return {
        rowId,
        colId,
        outcome: 'lost',
        mine,
        theirs: '',
        by: only !== undefined && others.length === 0 ? only : null,
      }
    }
    return null
  }
}
