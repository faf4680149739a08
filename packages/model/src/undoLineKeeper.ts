import * as Y from 'yjs'
import { SheetCells } from './cellStore.js'
import { cellKey, SHEET_ROOTS } from './sheet.js'
import type { Axis } from './structure.js'

/** Rows (or columns) an undo left in place, by id, with the document they are in. */
export interface KeptLines {
  doc: Y.Doc
  axis: Axis
  ids: string[]
}

type StackItem = Y.UndoManager['undoStack'][number]

/** What one undo of one document keeps track of while Yjs replays it. */
interface Run {
  manager: Y.UndoManager
  /** The undo stack as it was: the step being replayed is found by the stack's length. */
  stack: StackItem[]
  /** Where the parts of this user's step start in `stack` (`UndoHistory.together`). */
  stepStart: number
  /** The steps below the one being replayed, held back once it kept something. */
  held: StackItem[]
  kept: Record<Axis, Set<string>>
  restoring: { step: StackItem; axis: Axis; ids: Set<string> } | null
}

/**
 * The `deleteFilter` of one document's undo manager. An undo takes back this user's own edits
 * only: undoing an insert of rows or columns must not delete one another client has written a
 * cell in since (his cells would go with it). The rule, per id an undo is about to delete: keep
 * it when no other live occurrence of it stays in the id list and another client wrote the
 * current value of a cell in it. A sort or a move deletes and re-inserts the *same* ids, so
 * undoing one restores the old items and deletes the new ones: those ids stay listed (or are
 * about to be restored by the same step), and are deleted as usual.
 *
 * Only undo filters; a redo re-applies what this user did, as a new edit would.
 */
export class UndoLineKeeper {
  private run: Run | null = null

  constructor(private readonly doc: Y.Doc) {}

  /**
   * Undoes the newest stack item of `manager` (this keeper's document's) and returns the rows
   * and columns it left in place. `parts`: how many stack items, from the top, make up the
   * step it belongs to (all of them will be undone now).
   */
  undo(manager: Y.UndoManager, parts = 1): KeptLines[] {
    const run: Run = {
      manager,
      stack: manager.undoStack.slice(),
      stepStart: manager.undoStack.length - parts,
      held: [],
      kept: { rows: new Set(), cols: new Set() },
      restoring: null,
    }
    this.run = run
    try {
      manager.undo()
    } finally {
      this.run = null
      manager.undoStack.unshift(...run.held)
    }
    const kept: KeptLines[] = []
    for (const axis of ['rows', 'cols'] as const) {
      if (run.kept[axis].size > 0) kept.push({ doc: this.doc, axis, ids: [...run.kept[axis]] })
    }
    // A step that kept everything it would have deleted changed nothing, yet Yjs put an empty
    // step on the redo stack: Ctrl+Y would do nothing (or the step below it).
    const top = manager.redoStack.at(-1)
    if (kept.length > 0 && top && isEmpty(top)) manager.redoStack.pop()
    return kept
  }

  /** The filter: false leaves `item` in place. */
  mayDelete = (item: Y.Item): boolean => {
    const run = this.run
    const axis = run ? axisOf(this.doc, item) : null
    if (!run || !axis || item.deleted) return true
    const list = item.parent as Y.Array<unknown>
    const removed = this.doc.share.get(
      axis === 'rows' ? SHEET_ROOTS.removedRows : SHEET_ROOTS.removedCols,
    ) as Y.Map<unknown> | undefined
    const restoring = this.restoring(run, axis, list)
    const ids = new Set<string>()
    for (const v of item.content.getContent()) {
      if (typeof v === 'string' && !restoring.has(v) && !removed?.has(v)) ids.add(v)
    }
    // Live now, when the item is about to go: deletions made earlier in this undo are gone.
    for (let it = list._start; it !== null && ids.size > 0; it = it.right) {
      if (it === item || it.deleted) continue
      for (const v of it.content.getContent()) ids.delete(v as string)
    }
    const written = writtenByOthers(this.doc, axis, [...ids])
    if (written.size === 0) return true
    for (const id of written) run.kept[axis].add(id)
    // Yjs goes on to the next step when this one changed nothing; this step is one undo.
    run.held.push(...run.manager.undoStack.splice(0))
    deleteAllBut(list, item, written)
    return false
  }

  /**
   * Ids of `axis` that the stack item being undone, or a later part of the same step, restores
   * from its deletions, or has restored already (the copy is live): the ids a sort or a move
   * deleted. Read from the step, so it holds whether Yjs restores before or after it deletes.
   */
  private restoring(run: Run, axis: Axis, list: Y.Array<unknown>): Set<string> {
    const at = run.held.length + run.manager.undoStack.length
    const steps = run.stack.slice(Math.max(0, Math.min(run.stepStart, at)), at + 1)
    const top = steps.at(-1) as StackItem
    if (run.restoring?.step === top && run.restoring.axis === axis) return run.restoring.ids
    const ids = new Set<string>()
    const store = this.doc.store
    for (const step of steps) {
      for (const [client, ranges] of step.deletions.clients) {
        const structs = store.clients.get(client) ?? []
        for (const { clock, len } of ranges) {
          for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
            const it = structs[i] as Y.Item | Y.GC
            if (it.id.clock >= clock + len) break
            if (!(it instanceof Y.Item) || it.parent !== list || !it.deleted) continue
            if (!(it.content instanceof Y.ContentAny)) continue
            const { redone } = it
            const inserted = step.insertions.clients.has(client)
            let copy: Y.Item | Y.GC | null = null
            it.content.arr.forEach((v, k) => {
              const c = it.id.clock + k
              if (typeof v !== 'string' || c < clock || c >= clock + len) return
              if (inserted && Y.isDeleted(step.insertions, Y.createID(client, c))) return
              if (redone === null) return void ids.add(v)
              // Yjs restores an item only once (`redoItem`); after that, its copy counts.
              const at = redone.clock + k
              if (!copy || at < copy.id.clock || at >= copy.id.clock + copy.length) {
                copy = Y.getItem(store, Y.createID(redone.client, at))
              }
              if (copy instanceof Y.Item && !copy.deleted) ids.add(v)
            })
          }
        }
      }
    }
    run.restoring = { step: top, axis, ids }
    return ids
  }
}

function axisOf(doc: Y.Doc, item: Y.Item): Axis | null {
  if (item.parent === doc.share.get(SHEET_ROOTS.rows)) return 'rows'
  if (item.parent === doc.share.get(SHEET_ROOTS.cols)) return 'cols'
  return null
}

function isEmpty(step: StackItem): boolean {
  return step.insertions.clients.size === 0 && step.deletions.clients.size === 0
}

/**
 * The ids of `ids` (rows or columns, by `axis`) with a cell whose value another client wrote,
 * on a live line of the other axis. Looks each cell up, or reads every cell once when that is
 * fewer (a column of a long sheet).
 */
function writtenByOthers(doc: Y.Doc, axis: Axis, ids: string[]): Set<string> {
  const found = new Set<string>()
  if (ids.length === 0) return found
  const cells = SheetCells.of(doc)
  const across = (
    doc.share.get(axis === 'rows' ? SHEET_ROOTS.cols : SHEET_ROOTS.rows) as Y.Array<unknown>
  )
    .toArray()
    .filter((v): v is string => typeof v === 'string')
  const byOther = (key: string): boolean => {
    const writer = cells.writer(key)
    return writer !== undefined && writer !== doc.clientID
  }
  if (ids.length * across.length <= cells.size) {
    for (const id of ids) {
      if (
        across.some((other) => byOther(axis === 'rows' ? cellKey(id, other) : cellKey(other, id)))
      )
        found.add(id)
    }
    return found
  }
  const wanted = new Set(ids)
  const live = new Set(across)
  for (const key of cells.keys()) {
    const sep = key.indexOf(':')
    const [id, other] =
      axis === 'rows'
        ? [key.slice(0, sep), key.slice(sep + 1)]
        : [key.slice(sep + 1), key.slice(0, sep)]
    if (wanted.has(id) && !found.has(id) && live.has(other) && byOther(key)) found.add(id)
  }
  return found
}

/**
 * Deletes the entries of `item` (in `list`, live) but those in `keep`, in the current
 * transaction: the undo deletes the rest of an insert, and redo brings that part back.
 */
function deleteAllBut(list: Y.Array<unknown>, item: Y.Item, keep: Set<string>): void {
  let at = 0
  for (let it = list._start; it !== null && it !== item; it = it.right) {
    if (!it.deleted && it.countable) at += it.length
  }
  const entries = item.content.getContent()
  let end = entries.length
  for (let i = entries.length - 1; i >= -1; i--) {
    if (i >= 0 && !keep.has(entries[i] as string)) continue
    if (end > i + 1) list.delete(at + i + 1, end - i - 1)
    end = i
  }
}
