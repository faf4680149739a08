import * as Y from 'yjs'
import { UndoLineKeeper, type KeptLines } from './undoLineKeeper.js'

type Listener = () => void

/**
 * A step of this user's that no tracked document can take back by itself: a sheet added,
 * copied or deleted, which only the server may do. Undo and redo call back; they may fail (no
 * connection), and then the step stays where it was, to be tried again.
 */
export interface ExternalStep {
  undo(): Promise<void>
  redo(): Promise<void>
}

interface ExternalEntry {
  step: ExternalStep
  t: number
}

type Stack = 'undoStack' | 'redoStack'

/** The newest step of a stack: in one document's undo manager, or an external one. */
type Latest = { manager: Y.UndoManager } | { external: ExternalEntry[] }

/**
 * Per-user undo across a workbook's documents. One `Y.UndoManager` per document, each
 * tracking only `origin` — the local user's edits — so undo never touches what others did,
 * even when they edited the same sheet since. Undo and redo pick the most recent step over all
 * tracked documents and the external steps (`record`); one step is one committed cell edit,
 * one structural operation (`captureTimeout: 0`: every model function is exactly one
 * transaction) or one server-side sheet operation.
 */
export class UndoHistory {
  private readonly managers = new Map<Y.Doc, Y.UndoManager>()
  private readonly external: Record<Stack, ExternalEntry[]> = { undoStack: [], redoStack: [] }
  private readonly listeners = new Set<Listener>()
  private readonly failureListeners = new Set<(err: unknown) => void>()
  private readonly keptListeners = new Set<(kept: KeptLines[]) => void>()
  private readonly keepers = new Map<Y.UndoManager, UndoLineKeeper>()
  private readonly running = new Set<Promise<void>>()
  private clock = 0
  private replaying = false
  /** While set, every step added shares this time: one step over several documents. */
  private groupT: number | null = null

  constructor(readonly origin: object) {}

  /** Starts recording this user's edits to `doc` (all its root types). */
  track(doc: Y.Doc): void {
    if (this.managers.has(doc)) return
    const keeper = new UndoLineKeeper(doc)
    const manager = new Y.UndoManager(doc, {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 0,
      deleteFilter: keeper.mayDelete,
    })
    this.keepers.set(manager, keeper)
    manager.on('stack-item-added', (event) => {
      // A transaction of ours that changed nothing (a doc as scope records every one): its undo
      // would do nothing, and Yjs would go on to undo the step before (a cut of empty cells
      // to another sheet took the reply written before it), so it is no step.
      if (!this.replaying && event.type === 'undo' && isEmptyStep(event.stackItem)) {
        if (manager.undoStack.at(-1) === event.stackItem) manager.undoStack.pop()
        // Still an edit: Yjs has ended this document's redo chain, so the others end too.
        this.endRedoChains(manager)
        this.changed()
        return
      }
      event.stackItem.meta.set('t', this.groupT ?? ++this.clock)
      // A new edit (not an undo or redo being replayed) ends every other redo chain.
      if (!this.replaying && event.type === 'undo') this.endRedoChains(manager)
      this.changed()
    })
    manager.on('stack-item-popped', () => this.changed())
    manager.on('stack-cleared', () => this.changed())
    this.managers.set(doc, manager)
    this.changed()
  }

  /** Stops recording `doc` and forgets its steps (the sheet was closed). */
  untrack(doc: Y.Doc): void {
    const manager = this.managers.get(doc)
    if (!manager) return
    manager.destroy()
    this.managers.delete(doc)
    this.keepers.delete(manager)
    this.changed()
  }

  /**
   * Runs `write` (edits to several tracked documents, each in transactions of this user's) as
   * one step: one undo takes back all of it, one redo brings all of it back (Convert to Range
   * rewrites formulas on every sheet and the workbook's names).
   */
  together(write: () => void): void {
    if (this.groupT !== null) return write()
    this.groupT = ++this.clock
    try {
      write()
    } finally {
      this.groupT = null
    }
  }

  /** Records an external step as this user's newest; like an edit, it ends every redo chain. */
  record(step: ExternalStep): void {
    this.external.undoStack.push({ step, t: ++this.clock })
    this.endRedoChains(null)
    this.changed()
  }

  get canUndo(): boolean {
    return this.latest('undoStack') !== null
  }

  get canRedo(): boolean {
    return this.latest('redoStack') !== null
  }

  /** The document the next undo (or redo) would change; null when none, or an external step. */
  nextDoc(stack: 'undo' | 'redo'): Y.Doc | null {
    const latest = this.latest(stack === 'undo' ? 'undoStack' : 'redoStack')
    return latest && 'manager' in latest ? (latest.manager.doc as Y.Doc) : null
  }

  /** Undoes this user's most recent step; false when there is none. */
  undo(): boolean {
    return this.replay('undoStack')
  }

  redo(): boolean {
    return this.replay('redoStack')
  }

  /** Resolves once every external undo or redo started so far has finished (or failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /** Called whenever `canUndo` / `canRedo` may have changed. Returns an unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Called after an undo that left in place rows or columns this user inserted, because
   * another user has written in them since (`UndoLineKeeper`): undo takes back only this
   * user's own edits.
   */
  onKept(listener: (kept: KeptLines[]) => void): () => void {
    this.keptListeners.add(listener)
    return () => this.keptListeners.delete(listener)
  }

  /** Called with the error of an external undo or redo that failed (the step is kept). */
  onFailure(listener: (err: unknown) => void): () => void {
    this.failureListeners.add(listener)
    return () => this.failureListeners.delete(listener)
  }

  destroy(): void {
    for (const m of this.managers.values()) m.destroy()
    this.managers.clear()
    this.keepers.clear()
    this.external.undoStack.length = 0
    this.external.redoStack.length = 0
    this.listeners.clear()
    this.failureListeners.clear()
    this.keptListeners.clear()
  }

  private replay(stack: Stack): boolean {
    const latest = this.latest(stack)
    if (!latest) return false
    if ('external' in latest) {
      this.replayExternal(stack)
      return true
    }
    // Every document's part of the step (see `together`), newest first; what they put on the
    // other stack is again one step.
    const t = topTime(latest.manager, stack)
    const kept: KeptLines[] = []
    this.replaying = true
    this.groupT = ++this.clock
    try {
      for (const m of [...this.managers.values()].reverse()) {
        while (m[stack].length > 0 && topTime(m, stack) === t) {
          if (stack === 'undoStack') {
            const keeper = this.keepers.get(m) as UndoLineKeeper
            kept.push(...keeper.undo(m, m.undoStack.filter((s) => stepTime(s) === t).length))
          } else {
            m.redo()
          }
        }
      }
    } finally {
      this.replaying = false
      this.groupT = null
    }
    if (kept.length > 0) {
      // The undo may have changed nothing (so Yjs reported no step popped).
      this.changed()
      for (const l of this.keptListeners) l(kept)
    }
    return true
  }

  /**
   * Moves the newest external step to the other stack at once (so a second Ctrl+Z goes on to
   * the step before it) and calls it; should the call fail, the step goes back.
   */
  private replayExternal(stack: Stack): void {
    const from = this.external[stack]
    const to = this.external[stack === 'undoStack' ? 'redoStack' : 'undoStack']
    const entry = from.pop() as ExternalEntry
    const moved: ExternalEntry = { step: entry.step, t: ++this.clock }
    to.push(moved)
    this.changed()
    const run = (stack === 'undoStack' ? entry.step.undo() : entry.step.redo()).catch(
      (err: unknown) => {
        const at = to.indexOf(moved)
        if (at >= 0) {
          to.splice(at, 1)
          from.push(entry)
          from.sort((a, b) => a.t - b.t)
        }
        this.changed()
        for (const l of this.failureListeners) l(err)
      },
    )
    this.running.add(run)
    void run.finally(() => this.running.delete(run))
  }

  private endRedoChains(except: Y.UndoManager | null): void {
    for (const other of this.managers.values()) if (other !== except) other.clear(false, true)
    this.external.redoStack.length = 0
  }

  private latest(stack: Stack): Latest | null {
    let best: Latest | null = null
    let bestT = -1
    for (const m of this.managers.values()) {
      const t = topTime(m, stack)
      if (t > bestT) {
        best = { manager: m }
        bestT = t
      }
    }
    const external = this.external[stack]
    const top = external.at(-1)
    if (top && top.t > bestT) best = { external }
    return best
  }

  private changed(): void {
    for (const l of this.listeners) l()
  }
}

function isEmptyStep(item: Y.UndoManager['undoStack'][number]): boolean {
  return item.insertions.clients.size === 0 && item.deletions.clients.size === 0
}

/** When the newest step of a manager's stack was made; -1 when the stack is empty. */
function topTime(m: Y.UndoManager, stack: Stack): number {
  const top = m[stack].at(-1)
  return top ? stepTime(top) : -1
}

function stepTime(item: Y.UndoManager['undoStack'][number]): number {
  return Number(item.meta.get('t') ?? 0)
}
