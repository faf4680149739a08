import type * as Y from 'yjs'

/**
 * Bytes of held updates written per task: well under 50 ms of copying and cloning into
 * IndexedDB. 2 MB took 55 ms on a busy 2-core machine (issue 19).
 */
const BATCH_BYTES = 512 * 2 ** 10

/** How the held updates reach IndexedDB: a batch is one IndexedDB transaction. */
export interface JoinWriteTarget {
  /**
   * Writes updates as records in one transaction. Before the database is open it may write
   * nothing: y-indexeddb stores the whole document when it opens.
   */
  write(batch: readonly Uint8Array[]): void
  /** Resolves when the database is open (y-indexeddb's `whenSynced`). */
  opened: Promise<unknown>
}

/**
 * Holds back the IndexedDB writes of a document's first join and writes them once the join is
 * done, in batches of a few MB per task. Writing each of a 1,000,000-cell sheet's 262 join
 * slices as it was applied took 1.3-1.6 s of the open's main thread (y-indexeddb opens an
 * IndexedDB transaction and clones the slice per update), all before the sheet was editable.
 *
 * The records are the slices exactly as received, in y-indexeddb's layout (one Yjs update per
 * record in its `updates` store), so every build reads them. Only updates from the join
 * (`origin` is the syncing document) wait: everything typed here goes to `store` at once, as
 * before, so the offline guarantee is untouched. Updates commute in Yjs: an edit stored before
 * the join it builds on applies once the join's records (or the server) bring the rest.
 */
export class JoinWrites {
  private held: Uint8Array[] = []
  private joining = true
  private writing = false
  private closed = false

  constructor(
    private readonly doc: Y.Doc,
    private readonly joinOrigin: unknown,
    /** y-indexeddb's own update handler: one record per update. */
    private readonly store: (update: Uint8Array, origin: unknown) => void,
    private readonly target: JoinWriteTarget,
    private readonly nextTask: () => Promise<void> = idleTask,
  ) {
    doc.on('update', this.onUpdate)
  }

  /** Updates of the join still waiting to be written. */
  get pending(): number {
    return this.held.length
  }

  /** The join is done: write what it brought, a batch per task. Resolves when all is written. */
  async joined(): Promise<void> {
    this.joining = false
    await this.target.opened
    if (this.writing) return
    this.writing = true
    try {
      while (this.held.length > 0 && !this.closed) {
        await this.nextTask()
        if (this.closed) return
        this.writeBatch(BATCH_BYTES)
      }
    } finally {
      this.writing = false
    }
  }

  /** Stops: whatever is still held is written now, in one transaction (nothing is dropped). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.doc.off('update', this.onUpdate)
    this.writeBatch(Infinity)
  }

  private writeBatch(maxBytes: number): void {
    let bytes = 0
    let count = 0
    while (count < this.held.length && bytes < maxBytes) {
      bytes += (this.held[count] as Uint8Array).byteLength
      count++
    }
    if (count > 0) this.target.write(this.held.splice(0, count).map(ownBytes))
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.joining && origin === this.joinOrigin) this.held.push(update)
    else this.store(update, origin)
  }
}

/**
 * The update in a buffer of its own. The join's slices are views into the one message that
 * brought them all (`unframeSlices`), and IndexedDB clones a view's whole buffer: 262 records
 * of a 31 MB buffer each. Copied here, after the join, rather than while it applies.
 */
function ownBytes(update: Uint8Array): Uint8Array {
  const whole = update.byteOffset === 0 && update.byteLength === update.buffer.byteLength
  return whole ? update : update.slice()
}

/**
 * A later task when the page has a moment (`requestIdleCallback`, at most a second away), so
 * the writes come after the sheet's first paint and between the user's input.
 */
function idleTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 1000 })
    else setTimeout(resolve, 0)
  })
}
