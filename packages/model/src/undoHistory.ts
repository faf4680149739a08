import * as Y from 'yjs'

type Listener = () => void

/**
 * Per-user undo across a workbook's documents. One `Y.UndoManager` per document, each
 * tracking only `origin` — the local user's edits — so undo never touches what others did,
 * even when they edited the same sheet since. Undo and redo pick the most recent step over all
 * tracked documents; one step is one committed cell edit or one structural operation
 * (`captureTimeout: 0`: every model function is exactly one transaction).
 */
export class UndoHistory {
  private readonly managers = new Map<Y.Doc, Y.UndoManager>()
  private readonly listeners = new Set<Listener>()
  private clock = 0
  private replaying = false

  constructor(readonly origin: object) {}

  /** Starts recording this user's edits to `doc` (all its root types). */
  track(doc: Y.Doc): void {
    if (this.managers.has(doc)) return
    const manager = new Y.UndoManager(doc, {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 0,
    })
    manager.on('stack-item-added', (event) => {
      event.stackItem.meta.set('t', ++this.clock)
      // A new edit (not an undo or redo being replayed) ends every document's redo chain.
      if (!this.replaying && event.type === 'undo') {
        for (const other of this.managers.values()) if (other !== manager) other.clear(false, true)
      }
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
    this.changed()
  }

  get canUndo(): boolean {
    return this.latest('undoStack') !== null
  }

  get canRedo(): boolean {
    return this.latest('redoStack') !== null
  }

  /** The document the next undo (or redo) would change, or null when there is none. */
  nextDoc(stack: 'undo' | 'redo'): Y.Doc | null {
    const manager = this.latest(stack === 'undo' ? 'undoStack' : 'redoStack')
    return manager ? (manager.doc as Y.Doc) : null
  }

  /** Undoes this user's most recent step; false when there is none. */
  undo(): boolean {
    return this.replay('undoStack', (m) => m.undo())
  }

  redo(): boolean {
    return this.replay('redoStack', (m) => m.redo())
  }

  /** Called whenever `canUndo` / `canRedo` may have changed. Returns an unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    for (const m of this.managers.values()) m.destroy()
    this.managers.clear()
    this.listeners.clear()
  }

  private replay(stack: 'undoStack' | 'redoStack', run: (m: Y.UndoManager) => unknown): boolean {
    const manager = this.latest(stack)
    if (!manager) return false
    this.replaying = true
    try {
      run(manager)
    } finally {
      this.replaying = false
    }
    return true
  }

  private latest(stack: 'undoStack' | 'redoStack'): Y.UndoManager | null {
    let best: Y.UndoManager | null = null
    let bestT = -1
    for (const m of this.managers.values()) {
      const top = m[stack][m[stack].length - 1]
      const t = top ? Number(top.meta.get('t') ?? 0) : -1
      if (top && t > bestT) {
        best = m
        bestT = t
      }
    }
    return best
  }

  private changed(): void {
    for (const l of this.listeners) l()
  }
}
