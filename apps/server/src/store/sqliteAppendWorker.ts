import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { cellEditRuns, type PackedCellEdits } from './packedCellEdits.js'
import { INSERT_CELL_EDIT_RUN, cellEditRunValues } from './sqliteHistory.js'

/**
 * The commit thread of `SqliteStore`: writes each batch it is sent — update appends and client
 * id claims of any documents — in one transaction on its own connection to the same file (WAL,
 * `synchronous=FULL`) and answers once the commit is fsynced. The fsync (milliseconds on a real
 * disk) blocks this thread, not the server's event loop, which goes on reading and checking
 * the next batch meanwhile.
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

/** A failed commit carries the `SqliteError` code (`SQLITE_FULL`, …) for `storageFailure`. */
export type CommitResult =
  | {
      id: number
      /** Sequence number of each append, in order. */
      seqs: number[]
      /** The owner each claimed client id is bound to now, in the order of the claims. */
      owners: Array<string | null>
    }
  | { id: number; error: { message: string; code?: string } }

const { file } = workerData as { file: string }
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
const insert = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)')
const claim = db.prepare<[string, number, string]>(
  'INSERT OR IGNORE INTO doc_clients (doc, client_id, owner) VALUES (?, ?, ?)',
)
const ownerOf = db.prepare<[string, number], { owner: string }>(
  'SELECT owner FROM doc_clients WHERE doc = ? AND client_id = ?',
)
const insertEditRun = db.prepare(INSERT_CELL_EDIT_RUN)
const syncNormal = db.prepare('PRAGMA synchronous = NORMAL')
const syncFull = db.prepare('PRAGMA synchronous = FULL')
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

parentPort?.on('message', (batch: CommitBatch) => {
  let result: CommitResult
  // A batch of cell edit log rows alone (recorded once their update is stored and applied, so
  // they always trail it) commits without an fsync of its own: written to the WAL before the
  // answer, so it survives kill -9, and made power-safe by the next commit's fsync of the WAL.
  // Its own fsync made every edit cost two, and the next edit wait for the second one.
  const historyOnly = batch.appends.docs.length === 0 && batch.claims.length === 0
  try {
    if (historyOnly) syncNormal.run()
    result = { id: batch.id, ...commit(batch) }
  } catch (err) {
    const { message, code } = err as { message?: string; code?: unknown }
    result = {
      id: batch.id,
      error: {
        message: message ?? String(err),
        ...(typeof code === 'string' ? { code } : {}),
      },
    }
  } finally {
    if (historyOnly) syncFull.run()
  }
  parentPort?.postMessage(result)
})
