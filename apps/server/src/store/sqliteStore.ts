import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { mergeForCompaction } from './compaction.js'
import type { ShareLinkRecord, Store, StoredDoc, WorkbookRecord } from './store.js'

interface QueuedAppend {
  doc: string
  update: Uint8Array
  resolve: (seq: number) => void
  reject: (err: unknown) => void
}

interface LinkRow {
  id: string
  workbook_id: string
  role: ShareLinkRecord['role']
  token_hash: string
  created_at: number
  revoked_at: number | null
}

const LINK_COLUMNS = 'id, workbook_id, role, token_hash, created_at, revoked_at'

function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

function linkFromRow(row: LinkRow): ShareLinkRecord {
  return {
    id: row.id,
    workbookId: row.workbook_id,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

/**
 * Embedded SQLite store (better-sqlite3) in `<dataDir>/cellmate.db`.
 *
 * Durability: WAL with `synchronous=FULL`, so a committed transaction is fsynced to the WAL
 * before `appendUpdate` resolves, which survives kill -9 and power loss. Group commit: every
 * append queued in the same event-loop turn shares one transaction (one fsync), which is what
 * keeps persist-before-ack cheap under load.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database
  private queue: QueuedAppend[] = []
  private flushScheduled = false
  private readonly stmts

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, 'cellmate.db'))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS workbooks (
        id TEXT PRIMARY KEY,
        owner_token_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates (doc, seq);
      CREATE TABLE IF NOT EXISTS share_links (
        id TEXT PRIMARY KEY,
        workbook_id TEXT NOT NULL REFERENCES workbooks (id),
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS share_links_by_workbook ON share_links (workbook_id, created_at);
    `)
    this.stmts = {
      load: this.db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq',
      ),
      insert: this.db.prepare<[string, Uint8Array]>(
        'INSERT INTO doc_updates (doc, data) VALUES (?, ?)',
      ),
      loadThrough: this.db.prepare<[string, number], { data: Buffer }>(
        'SELECT data FROM doc_updates WHERE doc = ? AND seq <= ? ORDER BY seq',
      ),
      deleteThrough: this.db.prepare<[string, number]>(
        'DELETE FROM doc_updates WHERE doc = ? AND seq <= ?',
      ),
      count: this.db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?',
      ),
      insertWorkbook: this.db.prepare<[string, string, number]>(
        'INSERT INTO workbooks (id, owner_token_hash, created_at) VALUES (?, ?, ?)',
      ),
      getWorkbook: this.db.prepare<
        [string],
        { id: string; owner_token_hash: string; created_at: number }
      >('SELECT id, owner_token_hash, created_at FROM workbooks WHERE id = ?'),
      insertLink: this.db.prepare<[string, string, string, string, number, number | null]>(
        `INSERT INTO share_links (id, workbook_id, role, token_hash, created_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      listLinks: this.db.prepare<[string], LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM share_links
         WHERE workbook_id = ? AND revoked_at IS NULL ORDER BY created_at, id`,
      ),
      revokeLink: this.db.prepare<[number, string, string], LinkRow>(
        `UPDATE share_links SET revoked_at = ?
         WHERE workbook_id = ? AND id = ? AND revoked_at IS NULL RETURNING ${LINK_COLUMNS}`,
      ),
      findLink: this.db.prepare<[string], LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM share_links WHERE token_hash = ?`,
      ),
    }
  }

  loadDoc(doc: string): Promise<StoredDoc> {
    const rows = this.stmts.load.all(doc)
    return Promise.resolve({
      updates: rows.map((r) => bytes(r.data)),
      lastSeq: rows.length > 0 ? (rows[rows.length - 1]?.seq ?? 0) : 0,
    })
  }

  appendUpdate(doc: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, update, resolve, reject })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.flushScheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    let seqs: number[]
    try {
      seqs = this.db.transaction(() =>
        batch.map((q) => Number(this.stmts.insert.run(q.doc, q.update).lastInsertRowid)),
      )()
    } catch (err) {
      for (const q of batch) q.reject(err)
      return
    }
    batch.forEach((q, i) => q.resolve(seqs[i] ?? 0))
  }

  async compact(doc: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    // IMMEDIATE takes the write lock before the read, so the rows deleted are exactly the rows
    // merged, even if another connection to the file appends meanwhile.
    this.db
      .transaction(() => {
        const entries = this.stmts.loadThrough.all(doc, throughSeq).map((r) => bytes(r.data))
        this.stmts.deleteThrough.run(doc, throughSeq)
        this.stmts.insert.run(doc, mergeForCompaction(snapshot, entries))
      })
      .immediate()
  }

  countEntries(doc: string): Promise<number> {
    return Promise.resolve(this.stmts.count.get(doc)?.n ?? 0)
  }

  async createWorkbook(
    record: WorkbookRecord,
    docs: ReadonlyArray<{ doc: string; update: Uint8Array }>,
  ): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertWorkbook.run(record.id, record.ownerTokenHash, record.createdAt)
      for (const d of docs) this.stmts.insert.run(d.doc, d.update)
    })()
  }

  getWorkbook(id: string): Promise<WorkbookRecord | null> {
    const row = this.stmts.getWorkbook.get(id)
    return Promise.resolve(
      row ? { id: row.id, ownerTokenHash: row.owner_token_hash, createdAt: row.created_at } : null,
    )
  }

  async createLink(link: ShareLinkRecord): Promise<void> {
    this.stmts.insertLink.run(
      link.id,
      link.workbookId,
      link.role,
      link.tokenHash,
      link.createdAt,
      link.revokedAt,
    )
  }

  listLinks(workbookId: string): Promise<ShareLinkRecord[]> {
    return Promise.resolve(this.stmts.listLinks.all(workbookId).map(linkFromRow))
  }

  revokeLink(workbookId: string, linkId: string, at: number): Promise<ShareLinkRecord | null> {
    const row = this.stmts.revokeLink.get(at, workbookId, linkId)
    return Promise.resolve(row ? linkFromRow(row) : null)
  }

  findLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    const row = this.stmts.findLink.get(tokenHash)
    return Promise.resolve(row ? linkFromRow(row) : null)
  }

  async probeWrite(): Promise<void> {
    // Its own one-row table, created on first use: a committed, fsynced write that touches
    // nothing else.
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)',
    )
    this.db
      .prepare(
        'INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      )
      .run(Date.now())
  }

  close(): Promise<void> {
    this.flush()
    this.db.close()
    return Promise.resolve()
  }
}
