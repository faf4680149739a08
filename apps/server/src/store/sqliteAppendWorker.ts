import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { CellEditBatch } from './historyRecords.js'
import { cellEditLogWriter } from './sqliteCellEditRuns.js'
import { CHECKPOINT_FRAMES, WalBacklog } from './walBacklog.js'
import {
  commitError,
  updateCommitter,
  type CommitError,
  type PackedAppends,
  type UpdateClaims,
} from './sqliteUpdateCommit.js'

/**
 * The commit thread of `SqliteStore`: writes each batch it is sent — update appends and client
 * id claims of any documents — in one transaction on its own connection to the same file (WAL)
 * and answers twice: once the commit is written to the WAL (`durable: false`: readable by every
 * connection and kept if the process is killed, so the server may apply and broadcast it), then
 * once the WAL is fsynced (`durable: true`: kept through a power loss, so the server may ack
 * it). The commit itself runs with `synchronous=NORMAL`, which in WAL mode writes the frames
 * without an fsync; `syncWal` then does the fsync `synchronous=FULL` would have done inside the
 * commit (SQLite's own, `fdatasync`, of the same file), after the first answer instead of
 * before it. The fsync (milliseconds on a real disk) blocks this thread, not the server's
 * event loop, which goes on reading and checking the next batch meanwhile.
 *
 * The batch's cell edit log rows (those of earlier edits, which ride with the next commit) go
 * in a transaction of their own after the fsync, and a third answer (`history`) reports them:
 * in the updates' transaction they made it ~0.1 ms slower when the machine was idle between
 * edits (0.16 → 0.26 ms, one update and one row), and every edit of a busy room carried the
 * rows of the one before it, on the way to everyone else's screen. Written after the fsync,
 * they survive kill -9 and are made power-safe by the next commit's fsync, as a batch of
 * history rows alone always was: a crash can take history rows, never the cells they describe.
 *
 * The thread also checkpoints the WAL, after a batch's answers (`checkpointIfDue`) and when the
 * event loop asks (`CheckpointRequest`), never inside a commit: SQLite's automatic checkpoint
 * runs in the COMMIT that crosses 1,000 frames, and there it took 5.3–7.1 ms where a commit
 * takes ~0.02 ms (one commit in ~936 small ones here), a wait for that batch's `written` answer
 * and so for its edits on everyone's screen.
 */
export interface CommitBatch {
  id: number
  /**
   * The appends: their documents, and their updates back to back in `data` (transferred, not
   * copied) with each one's length in `lengths`.
   */
  appends: PackedAppends
  claims: UpdateClaims[]
  /** Cell edit log entries (`SqliteStore.recordCellEdits`), none empty. */
  edits: CellEditBatch[]
}

/**
 * A batch's answers. With appends or claims: written (with their sequence numbers and owners),
 * then durable (`last` unless cell edit log rows follow), or a failure of either (`error`,
 * last: the batch's rows are not written either). Then, when the batch has cell edit log rows,
 * `history` (with `error` when their transaction failed), always last.
 */
export type CommitResult =
  | {
      id: number
      /** Sequence number of each append, in order. */
      seqs: number[]
      /** The owner each claimed client id is bound to now, in the order of the claims. */
      owners: Array<string | null>
      durable: false
    }
  | { id: number; durable: true; last: boolean }
  | { id: number; history: true; error?: CommitError }
  | { id: number; error: CommitError }

/**
 * The event loop's writes (`InlineWriter`) have grown the WAL: the thread checkpoints it when
 * it is still due. Not answered.
 */
export interface CheckpointRequest {
  checkpoint: true
}

/** What the thread is started with. */
export interface CommitThreadData {
  file: string
  /**
   * The store's descriptor of the WAL index (`WalBacklog`), read here too. One of the thread's
   * own would be closed by Node when the thread is stopped, before the store's connection, and
   * that close drops every lock the process holds on the file, SQLite's included. Null when the
   * store could not open one: the thread then leaves checkpoints to SQLite's automatic one.
   */
  walIndexFd: number | null
}

const { file, walIndexFd } = workerData as CommitThreadData
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
const BUSY_TIMEOUT_MS = 5000
/** How long a checkpoint waits for the write lock and for readers (`checkpointIfDue`). */
const CHECKPOINT_BUSY_MS = 20
db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
const backlog = walIndexFd === null ? null : WalBacklog.borrowed(walIndexFd)
// Checkpoints are made after answers instead (`checkpointIfDue`).
if (backlog) db.pragma('wal_autocheckpoint = 0')
const walFile = `${file}-wal`
const commitUpdates = updateCommitter(db)
const commitHistory = cellEditLogWriter(db)

/**
 * Makes every commit written so far survive a power loss: an fsync (`fdatasync`, as SQLite's
 * own) of the WAL file, which holds them all until a checkpoint copies them into the database
 * (SQLite fsyncs the WAL before that copy, and the header when the WAL starts over, at
 * `synchronous=NORMAL` too). Opened each time: the connections keep the file for as long as
 * they are open, but a descriptor held across calls would outlive a file SQLite replaced.
 */
function syncWal(): void {
  const fd = fs.openSync(walFile, 'r+')
  try {
    fs.fdatasyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Appends and claims: written, then fsynced. False when they failed (answered; nothing follows). */
function storeUpdates(batch: CommitBatch, last: boolean): boolean {
  try {
    const written = commitUpdates(batch.appends, batch.claims)
    parentPort?.postMessage({ id: batch.id, ...written, durable: false } satisfies CommitResult)
    syncWal()
  } catch (err) {
    parentPort?.postMessage({ id: batch.id, error: commitError(err) } satisfies CommitResult)
    return false
  }
  parentPort?.postMessage({ id: batch.id, durable: true, last } satisfies CommitResult)
  return true
}

/**
 * Copies the WAL into the database once it holds `CHECKPOINT_FRAMES`, as SQLite's automatic
 * checkpoint would have, but after the answers. RESTART: it holds the write lock while it
 * copies, so the next write starts the WAL over (a PASSIVE one let the event loop's writes go on
 * meanwhile, and with edits back to back the WAL was never wholly copied when the next began:
 * it grew 12 MB in 3,000 appends). A write of the event loop that meets the lock comes here and
 * waits for it, as every write waited for the checkpoint inside a commit. It waits for a lock
 * itself only briefly (`CHECKPOINT_BUSY_MS`: an inline commit holds the write lock ~0.2 ms, a
 * read of the event loop's connection is one synchronous call); past that it copies what it can
 * and the WAL does not start over this time (with no wait at all, an inline commit that met the
 * checkpoint under load left it at twice its size: 8.4 MB in a test on a busy machine). What it
 * leaves, and a checkpoint that fails, stays in the WAL (nothing is lost) for the next one,
 * after the next batch or request.
 */
function checkpointIfDue(): void {
  if (!backlog || backlog.frames() < CHECKPOINT_FRAMES) return
  db.pragma(`busy_timeout = ${CHECKPOINT_BUSY_MS}`)
  try {
    db.pragma('wal_checkpoint(RESTART)')
  } catch {
    // Retried after the next batch or request.
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}

parentPort?.on('message', (message: CommitBatch | CheckpointRequest) => {
  if (!('checkpoint' in message)) storeBatch(message)
  checkpointIfDue()
})

function storeBatch(batch: CommitBatch): void {
  const updates = batch.appends.docs.length > 0 || batch.claims.length > 0
  // A batch of nothing but waits for the log (`historyWritten`) is answered as a history one.
  const history = batch.edits.length > 0 || !updates
  if (updates && !storeUpdates(batch, !history)) return
  if (!history) return
  let error: CommitError | undefined
  try {
    // Not fsynced here (see above): the next commit's fsync of the WAL covers them. Their own
    // fsync made every edit cost two, and an update arriving meanwhile wait for it before it
    // could even be written, and so seen.
    commitHistory(batch.edits)
  } catch (err) {
    error = commitError(err)
  }
  parentPort?.postMessage({
    id: batch.id,
    history: true,
    ...(error ? { error } : {}),
  } satisfies CommitResult)
}
