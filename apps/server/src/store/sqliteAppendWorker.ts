import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { cellEditRuns, type PackedCellEdits } from './packedCellEdits.js'
import { INSERT_CELL_EDIT_RUN, cellEditRunValues } from './sqliteHistory.js'

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
 */
export interface CommitBatch {
  id: number
  /**
   * The appends: their documents, and their updates back to back in `data` (transferred, not
   * copied) with each one's length in `lengths`.
   */
  appends: { docs: string[]; data: Uint8Array; lengths: number[] }
  claims: Array<{ doc: string; clientId: number; owner: string }>
  /** Cell edit log entries (`SqliteStore.recordCellEdits`). */
  edits: PackedCellEdits
}

/**
 * A batch's answers: written (with its sequence numbers and owners), then durable (alone, or
 * with them when there was no fsync to wait for: a batch of history rows only). A failed
 * commit or fsync carries the `SqliteError` / system error code (`SQLITE_FULL`, `EIO`, …) for
 * `storageFailure`; nothing follows it.
 */
export type CommitResult =
  | {
      id: number
      /** Sequence number of each append, in order. */
      seqs: number[]
      /** The owner each claimed client id is bound to now, in the order of the claims. */
      owners: Array<string | null>
      durable: boolean
    }
  | { id: number; durable: true }
  | { id: number; error: { message: string; code?: string } }

const { file } = workerData as { file: string }
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 5000')
const walFile = `${file}-wal`
const insert = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)')
const claim = db.prepare<[string, number, string]>(
  'INSERT OR IGNORE INTO doc_clients (doc, client_id, owner) VALUES (?, ?, ?)',
)
const ownerOf = db.prepare<[string, number], { owner: string }>(
  'SELECT owner FROM doc_clients WHERE doc = ? AND client_id = ?',
)
const insertEditRun = db.prepare(INSERT_CELL_EDIT_RUN)
const commit = db.transaction((batch: CommitBatch) => {
  const { docs, data, lengths } = batch.appends
  let at = 0
  const seqs = docs.map((doc, i) => {
    const length = lengths[i] as number
    const update = data.subarray(at, at + length)
    at += length
    return Number(insert.run(doc, update).lastInsertRowid)
  })
  for (const c of batch.claims) claim.run(c.doc, c.clientId, c.owner)
  for (const run of cellEditRuns(batch.edits)) insertEditRun.run(...cellEditRunValues(run))
  const owners = batch.claims.map((c) => ownerOf.get(c.doc, c.clientId)?.owner ?? null)
  return { seqs, owners }
})

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

function failure(id: number, err: unknown): CommitResult {
  const { message, code } = err as { message?: string; code?: unknown }
  return {
    id,
    error: { message: message ?? String(err), ...(typeof code === 'string' ? { code } : {}) },
  }
}

parentPort?.on('message', (batch: CommitBatch) => {
  // A batch of cell edit log rows alone (recorded once their update is stored and applied, so
  // they always trail it) is not fsynced on its own: written to the WAL before the answer, so
  // it survives kill -9, and made power-safe by the next commit's fsync of the WAL. Its own
  // fsync made every edit cost two, and the next edit wait for the second one.
  const historyOnly = batch.appends.docs.length === 0 && batch.claims.length === 0
  let written: ReturnType<typeof commit>
  try {
    written = commit(batch)
  } catch (err) {
    parentPort?.postMessage(failure(batch.id, err))
    return
  }
  parentPort?.postMessage({ id: batch.id, ...written, durable: historyOnly })
  if (historyOnly) return
  let result: CommitResult = { id: batch.id, durable: true }
  try {
    syncWal()
  } catch (err) {
    result = failure(batch.id, err)
  }
  parentPort?.postMessage(result)
})
