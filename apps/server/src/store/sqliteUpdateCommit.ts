import type Database from 'better-sqlite3'

/** The appends of a commit: documents, and their updates back to back in `data`. */
export interface PackedAppends {
  docs: string[]
  data: Uint8Array
  lengths: number[]
}

export interface UpdateClaims {
  doc: string
  clientId: number
  owner: string
}

/** What a commit of appends and claims returns: each append's seq, each claim's owner now. */
export interface WrittenUpdates {
  seqs: number[]
  owners: Array<string | null>
}

/**
 * The transaction that writes a batch's update appends and client id claims, on `db` (the
 * commit thread's connection, or the event loop's when it writes a small batch itself).
 */
export function updateCommitter(
  db: Database.Database,
): (appends: PackedAppends, claims: readonly UpdateClaims[]) => WrittenUpdates {
  const insert = db.prepare<[string, Uint8Array]>(
    'INSERT INTO doc_updates (doc, data) VALUES (?, ?)',
  )
  const claim = db.prepare<[string, number, string]>(
    'INSERT OR IGNORE INTO doc_clients (doc, client_id, owner) VALUES (?, ?, ?)',
  )
  const ownerOf = db.prepare<[string, number], { owner: string }>(
    'SELECT owner FROM doc_clients WHERE doc = ? AND client_id = ?',
  )
  return db.transaction((appends: PackedAppends, claims: readonly UpdateClaims[]) => {
    const { docs, data, lengths } = appends
    let at = 0
    const seqs = docs.map((doc, i) => {
      const length = lengths[i] as number
      const update = data.subarray(at, at + length)
      at += length
      return Number(insert.run(doc, update).lastInsertRowid)
    })
    for (const c of claims) claim.run(c.doc, c.clientId, c.owner)
    const owners = claims.map((c) => ownerOf.get(c.doc, c.clientId)?.owner ?? null)
    return { seqs, owners }
  })
}

/** A failed commit or fsync: the `SqliteError` / system error code (`SQLITE_FULL`, `EIO`, …). */
export interface CommitError {
  message: string
  code?: string
}

/** What a failed commit or fsync is reported as, on either path. */
export function commitError(err: unknown): CommitError {
  const { message, code } = err as { message?: string; code?: unknown }
  return { message: message ?? String(err), ...(typeof code === 'string' ? { code } : {}) }
}
