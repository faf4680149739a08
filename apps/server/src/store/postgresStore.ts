import pg from 'pg'
import { compactionRows, type SlicedSnapshot } from './compaction.js'
import { migrate } from './postgresSchema.js'
import { PostgresHistory, type PgRunner } from './postgresHistory.js'
import { PostgresLinks } from './postgresLinks.js'
import { PostgresSheets } from './postgresSheets.js'
import type {
  CellEditBatch,
  CellEditRecord,
  CellEditSummary,
  VersionDoc,
  VersionRecord,
  WorkbookSettings,
} from './historyRecords.js'
import type { MigrationLog } from './legacySheets.js'
import type {
  NewSheet,
  SheetDeletion,
  SheetRecord,
  SheetRestoration,
  ShareLinkRecord,
  Store,
  StoredDoc,
  WorkbookRecord,
} from './store.js'

interface QueuedAppend {
  doc: string
  update: Uint8Array
  resolve: (seq: number) => void
  reject: (err: unknown) => void
}

function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (libpq URL; `?sslmode=require` for TLS). */
  connectionString: string
  /** Where the migrations opening an older database report what they did. */
  log?: MigrationLog
  /** Connections in the pool (default 10). */
  maxConnections?: number
  /**
   * Called with every failed query and every error of an idle connection (a restarted or
   * unreachable database), for metrics and logs; the failing call still rejects.
   */
  onError?: (err: unknown) => void
}

/**
 * Postgres store, shared by every Cellmate process of a deployment (`DATABASE_URL`).
 *
 * Same layout as `SqliteStore`: an append-only `doc_updates` log per document plus snapshots,
 * workbook records and share links; the schema is created or upgraded on start
 * (`postgresSchema.ts`). Durability: `appendUpdate` resolves after the commit returned, which
 * with Postgres's default `synchronous_commit = on` means the WAL is flushed. Group commit:
 * appends queued while a commit is in flight go out together as one multi-row INSERT.
 *
 * Several processes append to the same document at once; compaction locks and merges exactly
 * the rows it read and deletes exactly those, so it never removes a row another node appended
 * meanwhile, and never drops content its snapshot lacks.
 */
export class PostgresStore implements Store {
  private queue: QueuedAppend[] = []
  private flushing: Promise<void> | null = null
  private readonly history: PostgresHistory
  private readonly sheets: PostgresSheets
  private readonly links: PostgresLinks

  private constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (err: unknown) => void,
  ) {
    const runner: PgRunner = {
      query: (text, values) => this.query(text, values),
      transaction: (fn) => this.transaction(fn),
    }
    this.history = new PostgresHistory(runner)
    this.sheets = new PostgresSheets(runner)
    this.links = new PostgresLinks(runner)
  }

  /** Connects, creates or upgrades the schema, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const onError = options.onError ?? (() => {})
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: 10_000,
    })
    // An idle connection that breaks (database restart) must not crash the process.
    pool.on('error', onError)
    try {
      await migrate(pool, options.log)
    } catch (err) {
      await pool.end()
      throw err
    }
    return new PostgresStore(pool, onError)
  }

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values)
    } catch (err) {
      this.onError(err)
      throw err
    }
  }

  /** Runs `fn` in one transaction on one connection. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (err) {
      this.onError(err)
      throw err
    }
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      this.onError(err)
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  async loadDoc(doc: string): Promise<StoredDoc> {
    const { rows } = await this.query<{ seq: string; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc = $1 ORDER BY seq',
      [doc],
    )
    const last = rows[rows.length - 1]
    return { updates: rows.map((r) => bytes(r.data)), lastSeq: last ? Number(last.seq) : 0 }
  }

  appendUpdate(doc: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, update, resolve, reject })
      if (!this.flushing) this.flushing = this.flushLoop()
    })
  }

  /** Commits queued appends, one batch at a time, until the queue is empty. */
  private async flushLoop(): Promise<void> {
    // Let every append of this event-loop turn join the first batch.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      try {
        // One statement is one transaction. Identity values are drawn in the order rows are
        // inserted, which follows the ordinality, so sorted seqs match the batch order.
        const { rows } = await this.query<{ seq: string }>(
          `INSERT INTO doc_updates (doc, data)
           SELECT doc, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t(doc, data, n)
           ORDER BY n
           RETURNING seq`,
          [batch.map((q) => q.doc), batch.map((q) => Buffer.from(q.update))],
        )
        const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b)
        batch.forEach((q, i) => q.resolve(seqs[i] ?? 0))
      } catch (err) {
        for (const q of batch) q.reject(err)
      }
    }
    this.flushing = null
  }

  async compact(
    doc: string,
    snapshot: Uint8Array | SlicedSnapshot,
    throughSeq: number,
    dropPending = false,
  ): Promise<number> {
    return await this.transaction(async (client) => {
      // FOR UPDATE: a second compaction of the same rows (another node) waits, then skips
      // the rows this one deleted. Rows appended meanwhile are not read, so not deleted.
      const { rows } = await client.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc = $1 AND seq <= $2 ORDER BY seq FOR UPDATE',
        [doc, throughSeq],
      )
      const written = compactionRows(
        snapshot,
        rows.map((r) => bytes(r.data)),
        dropPending,
      )
      await client.query('DELETE FROM doc_updates WHERE seq = ANY($1::bigint[])', [
        rows.map((r) => r.seq),
      ])
      // One at a time, so their sequence numbers keep the slices' order (at most 258).
      for (const row of written) {
        await client.query('INSERT INTO doc_updates (doc, data) VALUES ($1, $2)', [
          doc,
          Buffer.from(row),
        ])
      }
      return written.length
    })
  }

  async countEntries(doc: string): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM doc_updates WHERE doc = $1',
      [doc],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async createWorkbook(
    record: WorkbookRecord,
    docs: ReadonlyArray<{ doc: string; update: Uint8Array }>,
    sheetIds: readonly string[],
  ): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO workbooks (id, owner_token_hash, created_at) VALUES ($1, $2, $3)',
        [record.id, record.ownerTokenHash, record.createdAt],
      )
      await client.query(
        `INSERT INTO sheets (sheet_id, workbook_id, created_at)
         SELECT id, $2, $3 FROM unnest($1::text[]) AS t(id)`,
        [sheetIds, record.id, record.createdAt],
      )
      for (const d of docs) {
        await client.query('INSERT INTO doc_updates (doc, data) VALUES ($1, $2)', [
          d.doc,
          Buffer.from(d.update),
        ])
      }
    })
  }

  async getWorkbook(id: string): Promise<WorkbookRecord | null> {
    const { rows } = await this.query<{ id: string; owner_token_hash: string; created_at: string }>(
      'SELECT id, owner_token_hash, created_at FROM workbooks WHERE id = $1',
      [id],
    )
    const row = rows[0]
    return row
      ? { id: row.id, ownerTokenHash: row.owner_token_hash, createdAt: Number(row.created_at) }
      : null
  }

  listSheets(workbookId: string): Promise<SheetRecord[]> {
    return this.sheets.listSheets(workbookId)
  }

  addSheets(
    workbookId: string,
    sheets: readonly NewSheet[],
    at: number,
    maxLive: number,
  ): Promise<boolean> {
    return this.sheets.addSheets(workbookId, sheets, at, maxLive)
  }

  deleteSheet(workbookId: string, sheetId: string, at: number): Promise<SheetDeletion> {
    return this.sheets.deleteSheet(workbookId, sheetId, at)
  }

  restoreSheet(workbookId: string, sheetId: string, maxLive: number): Promise<SheetRestoration> {
    return this.sheets.restoreSheet(workbookId, sheetId, maxLive)
  }

  createLink(link: ShareLinkRecord): Promise<void> {
    return this.links.createLink(link)
  }

  listLinks(workbookId: string): Promise<ShareLinkRecord[]> {
    return this.links.listLinks(workbookId)
  }

  revokeLink(workbookId: string, linkId: string, at: number): Promise<ShareLinkRecord | null> {
    return this.links.revokeLink(workbookId, linkId, at)
  }

  findLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    return this.links.findLinkByTokenHash(tokenHash)
  }

  async probeWrite(): Promise<void> {
    // Rewrites the one row of the schema table unchanged: a real write whose commit flushes
    // the WAL like an append's, without a table of its own.
    await this.query('UPDATE cellmate_schema SET version = version', [])
  }

  async loadClientOwners(doc: string): Promise<Map<number, string>> {
    const { rows } = await this.query<{ client_id: string; owner: string }>(
      'SELECT client_id, owner FROM doc_clients WHERE doc = $1',
      [doc],
    )
    return new Map(rows.map((r) => [Number(r.client_id), r.owner]))
  }

  async claimClients(
    doc: string,
    claims: ReadonlyArray<{ clientId: number; owner: string }>,
  ): Promise<Map<number, string>> {
    const ids = claims.map((c) => c.clientId)
    await this.query(
      `INSERT INTO doc_clients (doc, client_id, owner)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`,
      [doc, ids, claims.map((c) => c.owner)],
    )
    const { rows } = await this.query<{ client_id: string; owner: string }>(
      'SELECT client_id, owner FROM doc_clients WHERE doc = $1 AND client_id = ANY($2::bigint[])',
      [doc, ids],
    )
    return new Map(rows.map((r) => [Number(r.client_id), r.owner]))
  }

  addVersion(version: VersionRecord, docs: readonly VersionDoc[]): Promise<void> {
    return this.history.addVersion(version, docs)
  }

  listVersions(workbookId: string): Promise<VersionRecord[]> {
    return this.history.listVersions(workbookId)
  }

  getVersion(workbookId: string, versionId: string): Promise<VersionRecord | null> {
    return this.history.getVersion(workbookId, versionId)
  }

  loadVersionChain(versionId: string, doc: string): Promise<VersionDoc[]> {
    return this.history.loadVersionChain(versionId, doc)
  }

  getLatestVersionDoc(workbookId: string, doc: string): Promise<VersionDoc | null> {
    return this.history.getLatestVersionDoc(workbookId, doc)
  }

  listVersionDependents(versionId: string): Promise<VersionDoc[]> {
    return this.history.listVersionDependents(versionId)
  }

  dropVersion(
    workbookId: string,
    versionId: string,
    rebased: readonly VersionDoc[],
  ): Promise<void> {
    return this.history.dropVersion(workbookId, versionId, rebased)
  }

  recordCellEdits(edits: readonly CellEditBatch[]): Promise<void> {
    return this.history.recordCellEdits(edits)
  }

  listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]> {
    return this.history.listCellEdits(workbookId, sheetId, rowId, colId, limit)
  }

  listCellEditsSince(workbookId: string, since: number, limit: number): Promise<CellEditRecord[]> {
    return this.history.listCellEditsSince(workbookId, since, limit)
  }

  summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary> {
    return this.history.summarizeCellEdits(workbookId, since, until, limit)
  }

  getWorkbookSettings(workbookId: string): Promise<WorkbookSettings> {
    return this.history.getWorkbookSettings(workbookId)
  }

  setWorkbookSettings(workbookId: string, settings: WorkbookSettings): Promise<void> {
    return this.history.setWorkbookSettings(workbookId, settings)
  }

  async close(): Promise<void> {
    // Appends already queued are committed (and acked) before the pool closes.
    while (this.flushing) await this.flushing
    await this.pool.end()
  }
}
