import fs from 'node:fs'
import { Worker } from 'node:worker_threads'
import type {
  CheckpointRequest,
  CommitBatch,
  CommitResult,
  CommitThreadData,
} from './sqliteAppendWorker.js'
import type { CellEditBatch } from './historyRecords.js'
import { InlineWriter } from './sqliteInlineWriter.js'
import type { WalBacklog } from './walBacklog.js'
import { commitError, type CommitError, type WrittenUpdates } from './sqliteUpdateCommit.js'
import {
  announceWritten,
  commitFailure,
  editsParts,
  onlyRows,
  rowsDue,
  rowsDueAt,
  packBatch,
  resolveUpdates,
  settleEdits,
  takeBatch,
  type EditsPart,
  type Queued,
} from './commitBatch.js'

/**
 * Group commit for `SqliteStore`'s hot writes (update appends, client id claims), off the
 * event loop: writes of every document queue here and go to the commit thread
 * (`sqliteAppendWorker`) as one transaction; while a commit is in flight the next batch
 * gathers, and it is sent the moment the commit returns. So a batch holds whatever arrived
 * during one fsync — with 20 clients waiting for their acks it holds ~20 — and its appends and
 * claims resolve together, in order. Appends hear twice: `written` when the commit is in the
 * WAL (visible, kept through kill -9), their promise when it is fsynced. The batch's cell edit
 * log rows are written after that, in a transaction of their own (the commit thread's third
 * answer): they never delay an update, and rows that cannot be written refuse only themselves.
 *
 * A small batch (`InlineWriter`) is written by the event loop itself, on a connection of its
 * own, and fsynced on libuv's thread pool; after its acks, its rows are written there too when
 * they are few, else by the thread (`writeRows`). The commit thread is idle whenever a batch
 * is sent (one is in flight at a time, rows included) or checkpointing the WAL (a write that
 * meets the checkpoint's lock goes to the thread), so the event loop never waits for the
 * thread's lock. An idle room's edit reached its first
 * receivers 0.5–1.0 ms sooner, its last up to 0.9 ms (the thread's round trip cost ~0.8 ms
 * before the room's flush on this machine, the write itself ~0.2 ms): server README,
 * "Written on the event loop, fsynced on the pool".
 */
export class SqliteAppender {
  private worker: Worker | null = null
  private queue: Queued[] = []
  private inFlight: {
    id: number
    batch: Queued[]
    /** The commit's answer once written; its writes resolve with it once durable. */
    written: { seqs: number[]; owners: Array<string | null> } | null
  } | null = null
  private scheduled = false
  /** `close()` was called: nothing is held for a later commit any more. */
  private closing = false
  private historyTimer: NodeJS.Timeout | null = null
  private nextId = 0
  private idle: Array<() => void> = []
  private readonly inline: InlineWriter

  constructor(
    private readonly file: string,
    /** The WAL index (`WalBacklog`), which the store closes after its own connection. */
    private readonly walIndex: WalBacklog,
  ) {
    this.inline = new InlineWriter(file, walIndex)
  }

  /**
   * Starts the commit thread if it is not running: `SqliteStore` calls it when it loads a
   * document, so the thread is ready by that document's first write (loading it takes tens of
   * milliseconds, seconds on a busy machine, which would otherwise be the first user's wait),
   * and a server that has loaded nothing does not run it (~15 MB of RSS). A start failure is
   * reported by the first write instead.
   */
  start(): void {
    try {
      this.ensureWorker()
    } catch {
      this.worker = null
    }
  }

  /** See `Store.appendUpdate`: `written` hears of the commit before its fsync. */
  append(doc: string, update: Uint8Array, written?: (seq: number) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'append', doc, update, written, resolve, reject })
    })
  }

  /** Binds client ids unless bound already (first claim wins); resolves to their owners now. */
  claim(
    doc: string,
    claims: ReadonlyArray<{ clientId: number; owner: string }>,
  ): Promise<Map<number, string>> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'claim', doc, claims, resolve, reject })
    })
  }

  /**
   * Appends to the cell edit log: held up to `HISTORY_HOLD_MS` for later rows, then with the
   * next commit or in one of their own (at once for many rows, in parts: `editsParts`).
   */
  recordEdits(edits: readonly CellEditBatch[]): Promise<void> {
    const parts = editsParts(edits)
    if (parts.length === 1) return this.enqueueEdits(parts[0]!)
    return Promise.all(parts.map((part) => this.enqueueEdits(part))).then(() => {})
  }

  /** Resolves once the cell edit log rows recorded so far are committed (readers of the log). */
  historyWritten(): Promise<void> {
    const waiting = [...this.queue, ...(this.inFlight?.batch ?? [])]
    if (!waiting.some((q) => q.kind === 'edits')) return Promise.resolve()
    return this.enqueueEdits({ edits: [], rows: 0, urgent: true })
  }

  private enqueueEdits(part: EditsPart): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'edits', ...part, at: performance.now(), resolve, reject })
    })
  }

  /** Resolves once every write made so far is committed (or refused), then stops the thread. */
  async close(): Promise<void> {
    this.closing = true
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.send(true)
      // A batch that could not be sent was refused: nothing is in flight then.
      if (this.inFlight) await new Promise<void>((resolve) => this.idle.push(resolve))
    }
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
    this.inline.close()
  }

  private enqueue(item: Queued): void {
    this.queue.push(item)
    // The writes made in the same synchronous run (a document's whole checked batch) go
    // together; later ones gather while that commit is in flight.
    if (!this.inFlight && !this.scheduled) {
      this.scheduled = true
      queueMicrotask(() => {
        this.scheduled = false
        this.send()
      })
    }
  }

  private send(now = false): void {
    if (this.inFlight || this.queue.length === 0) return
    const at = performance.now()
    const withRows = now || this.closing || rowsDue(this.queue, at)
    if (!withRows && onlyRows(this.queue)) {
      this.historyTimer ??= setTimeout(
        () => {
          this.historyTimer = null
          this.send(true)
        },
        Math.max(0, (rowsDueAt(this.queue) ?? at) - at),
      ).unref()
      return
    }
    if (this.historyTimer) clearTimeout(this.historyTimer)
    this.historyTimer = null
    const { batch, rest } = takeBatch(this.queue, withRows)
    this.queue = rest
    let worker: Worker
    try {
      worker = this.ensureWorker()
    } catch (err) {
      for (const q of batch) q.reject(err)
      this.settled()
      return
    }
    const { packed, buffer, claims, edits } = packBatch(batch)
    const rowsAlone = packed.docs.length + claims.length === 0
    let written: WrittenUpdates | null = null
    if (!rowsAlone && this.inline.takes(packed)) {
      try {
        written = this.inline.write(packed, claims)
      } catch (err) {
        // Refused as the thread would have refused it (`SQLITE_FULL`, say): nothing of the
        // batch was written. A lock held elsewhere (another connection's, or the thread's
        // checkpoint) sends the batch to the thread, which waits for it.
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') {
          for (const q of batch) q.reject(err)
          this.settled()
          this.send()
          return
        }
      }
    }
    const id = ++this.nextId
    this.inFlight = { id, batch, written }
    worker.ref()
    if (rowsAlone && this.inline.takesRows(edits)) {
      // Cell edit log rows alone, few: the event loop writes them (the thread's round trip
      // cost more than the rows), after whatever acks the run that sent them sets off — a
      // batch's fsync answer sends the next batch before its acks' promise jobs have run.
      afterPromiseJobs(() => this.writeRows(id, edits))
      return
    }
    if (!written) {
      worker.postMessage({ id, appends: packed, claims, edits } satisfies CommitBatch, [buffer])
      return
    }
    announceWritten(batch, written.seqs)
    // The fsync starts once what `written` sets off (the room's flush, the apply: promise
    // jobs of this same run) is done. Started first, handing it to another thread cost the
    // event loop 0.15–0.2 ms here before the flush (0.35–0.5 ms for a post to the commit
    // thread), on the way to everyone else's screen; the author's ack waits for it anyway.
    process.nextTick(() => this.syncInline(id, edits))
  }

  /**
   * The fsync of a batch the event loop wrote: on libuv's thread pool (the same `fdatasync` of
   * the WAL the commit thread makes), then its appends and claims resolve and its cell edit log
   * rows go to the commit thread as a batch of their own.
   */
  private syncInline(id: number, edits: CellEditBatch[]): void {
    const done = (err: unknown): void => {
      const current = this.inFlight
      if (!current || current.id !== id) return
      if (err) {
        this.finish({ id, error: commitError(err) })
        return
      }
      const hasRows = edits.length > 0
      this.finish({ id, durable: true, last: !hasRows })
      // The rows go once the acks this sets off are sent, and at once after them: the batch
      // is in flight until its rows are written, and the next one waits for that. The acks
      // are promise jobs, which run after this callback's ticks (it is a libuv callback, not
      // a promise job), and a tick queued from a promise job runs once they are all done.
      // Then the thread is asked to checkpoint the WAL if it has grown (after the rows, which
      // a checkpoint under way would send to the thread).
      afterPromiseJobs(() => {
        if (hasRows) this.writeRows(id, edits)
        this.checkpointIfDue()
      })
    }
    this.inline.sync(done)
  }

  /**
   * A fsynced inline batch's cell edit log rows, or a batch of rows alone: a few are written by
   * the event loop too (the commit thread is idle or checkpointing, the batch being in flight),
   * more are posted to the commit thread (answered `history`). Posted, an idle room's row cost
   * the event loop ~0.2–0.35 ms for the post and kept the batch in flight for the thread's
   * round trip.
   */
  private writeRows(id: number, edits: CellEditBatch[]): void {
    if (this.inFlight?.id !== id) return
    if (!this.inline.takesRows(edits)) {
      this.postRows(id, edits)
      return
    }
    let error: CommitError | undefined
    try {
      // None: only readers waiting for the log (`historyWritten`).
      if (edits.length > 0) this.inline.writeRows(edits)
    } catch (err) {
      // A lock held elsewhere (another connection's, or the thread's checkpoint): the thread
      // waits for it.
      if ((err as { code?: unknown }).code === 'SQLITE_BUSY') {
        this.postRows(id, edits)
        return
      }
      error = commitError(err)
    }
    this.finish({ id, history: true, ...(error ? { error } : {}) })
  }

  /**
   * Asks the commit thread to checkpoint the WAL when the event loop's writes have grown it
   * (`InlineWriter.checkpointDue`): the thread checkpoints after its own batches, and this
   * connection never does.
   */
  private checkpointIfDue(): void {
    if (this.worker && this.inline.checkpointDue()) {
      this.worker.postMessage({ checkpoint: true } satisfies CheckpointRequest)
    }
  }

  /** Cell edit log rows of a fsynced inline batch, to the commit thread (answered `history`). */
  private postRows(id: number, edits: CellEditBatch[]): void {
    const worker = this.worker
    // `lost` refused the batch when the thread died meanwhile.
    if (!worker || this.inFlight?.id !== id) return
    worker.postMessage({
      id,
      appends: { docs: [], data: new Uint8Array(0), lengths: [] },
      claims: [],
      edits,
    } satisfies CommitBatch)
  }

  private finish(result: CommitResult): void {
    const current = this.inFlight
    if (!current || current.id !== result.id) return
    if ('seqs' in result) {
      current.written = { seqs: result.seqs, owners: result.owners }
      announceWritten(current.batch, result.seqs)
      return
    }
    if ('durable' in result) {
      resolveUpdates(current.batch, current.written ?? { seqs: [], owners: [] })
      // Without rows of its own to write, the batch's waits for the log are answered too.
      if (!result.last) return
      settleEdits(current.batch, null)
    } else if ('history' in result) {
      settleEdits(current.batch, result.error ? commitFailure(result.error) : null)
    } else {
      const err = commitFailure(result.error)
      for (const q of current.batch) q.reject(err)
    }
    this.inFlight = null
    this.worker?.unref()
    this.send()
    this.settled()
  }

  /** The commit thread died: what it held is refused (the transaction rolled back). */
  private lost(worker: Worker, err: unknown): void {
    if (this.worker !== worker) return
    this.worker = null
    const current = this.inFlight
    this.inFlight = null
    for (const q of current?.batch ?? []) q.reject(err)
    this.send()
    this.settled()
  }

  private settled(): void {
    if (this.inFlight || this.queue.length > 0) return
    for (const resolve of this.idle.splice(0)) resolve()
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(workerUrl(), {
      workerData: { file: this.file, walIndexFd: this.walIndex.fd } satisfies CommitThreadData,
      resourceLimits: { maxYoungGenerationSizeMb: COMMIT_THREAD_YOUNG_GENERATION_MB },
    })
    worker.on('message', (result: CommitResult) => this.finish(result))
    worker.on('error', (err) => this.lost(worker, err))
    worker.on('exit', (code) => this.lost(worker, new Error(`the commit thread exited (${code})`)))
    worker.unref()
    this.worker = worker
    return worker
  }
}

/**
 * Runs `fn` once the promise jobs queued so far, and the ones they queue, have run: a tick
 * queued from a promise job waits for the whole microtask queue. The acks a batch's answer
 * sets off are such jobs, so its rows and the checkpoint ask go after them.
 */
function afterPromiseJobs(fn: () => void): void {
  queueMicrotask(() => process.nextTick(fn))
}

/**
 * The commit thread's young generation: 2 MB semi-spaces. What it allocates for a batch (the
 * edit log's rows, statement bindings) is garbage once the batch commits; V8's default let it
 * grow to 4 MB semi-spaces seeding 50 sheets and 8 MB with 25,000-cell pastes, held for good
 * (its heap after 50 sheets 14.3 -> 10.5 MB; acks of 10 clients unchanged, interleaved).
 */
const COMMIT_THREAD_YOUNG_GENERATION_MB = 6

/**
 * The compiled `sqliteAppendWorker.js`: running from source (tests, `pnpm dev`) uses the one in
 * `dist/` (a worker thread does not inherit the TypeScript loader of its parent).
 */
function workerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts')
  const url = new URL(
    fromSource ? '../../dist/store/sqliteAppendWorker.js' : './sqliteAppendWorker.js',
    import.meta.url,
  )
  if (!fs.existsSync(url)) {
    throw new Error(`${url.pathname} is missing: build the server first (pnpm build)`)
  }
  return url
}
