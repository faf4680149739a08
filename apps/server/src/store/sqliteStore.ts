import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { compactionRows, type SlicedSnapshot } from './compaction.js'
import { SqliteAppender } from './sqliteAppender.js'
import { WalBacklog } from './walBacklog.js'
import { SqliteHistory } from './sqliteHistory.js'
import { bytes, prepareSqliteSchema } from './sqliteSchema.js'
import {
  LINK_COLUMNS,
  linkFromRow,
  sheetFromRow,
  type LinkRow,
  type SheetRow,
} from './storeRows.js'
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

export interface SqliteStoreOptions {
  /** Where the one-time migrations opening an older store report what they did. */
  log?: MigrationLog
}

/**
 * Embedded SQLite store (better-sqlite3) in `<dataDir>/cellmate.db`.
 *
 * Durability: WAL, and a committed transaction is fsynced to the WAL before `appendUpdate`
 * resolves, which survives kill -9 and power loss; its `written` callback hears of it once the
 * commit is in the WAL, an fsync earlier (see `sqliteAppendWorker`). Group commit: appends
 * and client id claims of every document share one transaction (one fsync), committed on a
 * thread of its own (`SqliteAppender`) so the event loop never waits for the disk; that is
 * what keeps persist-before-ack cheap under load. A small batch (an idle room's edit) is
 * written into the WAL by the event loop itself and fsynced on libuv's thread pool.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database
  private readonly appender: SqliteAppender
  /** The WAL index's descriptor, closed after the connections (see `WalBacklog`). */
  private readonly walIndex: WalBacklog
  private readonly stmts
  private readonly history: SqliteHistory

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, 'cellmate.db')
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    prepareSqliteSchema(this.db, options.log)
    this.history = new SqliteHistory(this.db)
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
      insertSheet: this.db.prepare<[string, string, number]>(
        'INSERT INTO sheets (sheet_id, workbook_id, created_at) VALUES (?, ?, ?)',
      ),
      listSheets: this.db.prepare<[string], SheetRow>(
        `SELECT workbook_id, sheet_id, created_at, deleted_at FROM sheets
         WHERE workbook_id = ? ORDER BY created_at, sheet_id`,
      ),
      getSheet: this.db.prepare<[string, string], SheetRow>(
        `SELECT workbook_id, sheet_id, created_at, deleted_at FROM sheets
         WHERE workbook_id = ? AND sheet_id = ?`,
      ),
      countLiveSheets: this.db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM sheets WHERE workbook_id = ? AND deleted_at IS NULL',
      ),
      markSheetDeleted: this.db.prepare<[number, string, string]>(
        `UPDATE sheets SET deleted_at = ?
         WHERE workbook_id = ? AND sheet_id = ? AND deleted_at IS NULL`,
      ),
      markSheetLive: this.db.prepare<[string, string]>(
        `UPDATE sheets SET deleted_at = NULL
         WHERE workbook_id = ? AND sheet_id = ? AND deleted_at IS NOT NULL`,
      ),
      findLink: this.db.prepare<[string], LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM share_links WHERE token_hash = ?`,
      ),
    }
    // Opened after the schema exists: the commit thread only inserts. The WAL index exists
    // once the database is in WAL mode.
    this.walIndex = WalBacklog.open(file)
    this.appender = new SqliteAppender(file, this.walIndex)
  }

  loadDoc(doc: string): Promise<StoredDoc> {
    // Its writes follow (see SqliteAppender.start).
    this.appender.start()
    const rows = this.stmts.load.all(doc)
    return Promise.resolve({
      updates: rows.map((r) => bytes(r.data)),
      lastSeq: rows.length > 0 ? (rows[rows.length - 1]?.seq ?? 0) : 0,
    })
  }

  appendUpdate(doc: string, update: Uint8Array, written?: (seq: number) => void): Promise<number> {
    return this.appender.append(doc, update, written)
  }

  async compact(
    doc: string,
    snapshot: Uint8Array | SlicedSnapshot,
    throughSeq: number,
    dropPending = false,
  ): Promise<number> {
    // IMMEDIATE takes the write lock before the read, so the rows deleted are exactly the rows
    // merged, even if another connection to the file appends meanwhile.
    return this.db
      .transaction(() => {
        const entries = this.stmts.loadThrough.all(doc, throughSeq).map((r) => bytes(r.data))
        this.stmts.deleteThrough.run(doc, throughSeq)
        const rows = compactionRows(snapshot, entries, dropPending)
        for (const row of rows) this.stmts.insert.run(doc, row)
        return rows.length
      })
      .immediate()
  }

  countEntries(doc: string): Promise<number> {
    return Promise.resolve(this.stmts.count.get(doc)?.n ?? 0)
  }

  async createWorkbook(
    record: WorkbookRecord,
    docs: ReadonlyArray<{ doc: string; update: Uint8Array }>,
    sheetIds: readonly string[],
  ): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertWorkbook.run(record.id, record.ownerTokenHash, record.createdAt)
      for (const id of sheetIds) this.stmts.insertSheet.run(id, record.id, record.createdAt)
      for (const d of docs) this.stmts.insert.run(d.doc, d.update)
    })()
  }

  getWorkbook(id: string): Promise<WorkbookRecord | null> {
    const row = this.stmts.getWorkbook.get(id)
    return Promise.resolve(
      row ? { id: row.id, ownerTokenHash: row.owner_token_hash, createdAt: row.created_at } : null,
    )
  }

  listSheets(workbookId: string): Promise<SheetRecord[]> {
    return Promise.resolve(this.stmts.listSheets.all(workbookId).map(sheetFromRow))
  }

  async addSheets(
    workbookId: string,
    sheets: readonly NewSheet[],
    at: number,
    maxLive: number,
  ): Promise<boolean> {
    // One process owns the file and better-sqlite3 transactions are synchronous: the count
    // and the inserts cannot interleave with another sheet operation. The write lock is taken
    // first (`immediate`): a read-then-write transaction whose snapshot the commit thread
    // moved on meanwhile fails at once with SQLITE_BUSY, which no busy timeout waits out.
    return this.db
      .transaction(() => {
        const live = this.stmts.countLiveSheets.get(workbookId)?.n ?? 0
        if (live + sheets.length > maxLive) return false
        for (const sheet of sheets) {
          this.stmts.insertSheet.run(sheet.sheetId, workbookId, at)
          this.stmts.insert.run(sheet.doc, sheet.update)
        }
        return true
      })
      .immediate()
  }

  async deleteSheet(workbookId: string, sheetId: string, at: number): Promise<SheetDeletion> {
    return this.db
      .transaction((): SheetDeletion => {
        const row = this.stmts.getSheet.get(workbookId, sheetId)
        if (!row || row.deleted_at !== null) return 'missing'
        if ((this.stmts.countLiveSheets.get(workbookId)?.n ?? 0) <= 1) return 'last'
        this.stmts.markSheetDeleted.run(at, workbookId, sheetId)
        return 'deleted'
      })
      .immediate()
  }

  async restoreSheet(
    workbookId: string,
    sheetId: string,
    maxLive: number,
  ): Promise<SheetRestoration> {
    return this.db
      .transaction((): SheetRestoration => {
        const row = this.stmts.getSheet.get(workbookId, sheetId)
        if (!row || row.deleted_at === null) return 'missing'
        if ((this.stmts.countLiveSheets.get(workbookId)?.n ?? 0) >= maxLive) return 'limit'
        this.stmts.markSheetLive.run(workbookId, sheetId)
        return 'restored'
      })
      .immediate()
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

  async loadClientOwners(doc: string): Promise<Map<number, string>> {
    const rows = this.db
      .prepare<[string], { client_id: number; owner: string }>(
        'SELECT client_id, owner FROM doc_clients WHERE doc = ?',
      )
      .all(doc)
    return new Map(rows.map((r) => [r.client_id, r.owner]))
  }

  claimClients(
    doc: string,
    claims: ReadonlyArray<{ clientId: number; owner: string }>,
  ): Promise<Map<number, string>> {
    return this.appender.claim(doc, claims)
  }

  async addVersion(version: VersionRecord, docs: readonly VersionDoc[]): Promise<void> {
    this.history.addVersion(version, docs)
  }

  async listVersions(workbookId: string): Promise<VersionRecord[]> {
    return this.history.listVersions(workbookId)
  }

  async getVersion(workbookId: string, versionId: string): Promise<VersionRecord | null> {
    return this.history.getVersion(workbookId, versionId)
  }

  async loadVersionChain(versionId: string, doc: string): Promise<VersionDoc[]> {
    return this.history.loadVersionChain(versionId, doc)
  }

  async getLatestVersionDoc(workbookId: string, doc: string): Promise<VersionDoc | null> {
    return this.history.getLatestVersionDoc(workbookId, doc)
  }

  async listVersionDependents(versionId: string): Promise<VersionDoc[]> {
    return this.history.listVersionDependents(versionId)
  }

  async dropVersion(
    workbookId: string,
    versionId: string,
    rebased: readonly VersionDoc[],
  ): Promise<void> {
    this.history.dropVersion(workbookId, versionId, rebased)
  }

  /**
   * Goes to the commit thread: it shares the next group commit with the update appends (held
   * briefly for one, see `SqliteAppender.recordEdits`). Reads of the log wait for it.
   */
  recordCellEdits(edits: readonly CellEditBatch[]): Promise<void> {
    const some = edits.filter((b) => b.cells.length > 0)
    return some.length === 0 ? Promise.resolve() : this.appender.recordEdits(some)
  }

  async listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]> {
    await this.appender.historyWritten()
    return this.history.listCellEdits(workbookId, sheetId, rowId, colId, limit)
  }

  async listCellEditsSince(
    workbookId: string,
    since: number,
    limit: number,
  ): Promise<CellEditRecord[]> {
    await this.appender.historyWritten()
    return this.history.listCellEditsSince(workbookId, since, limit)
  }

  async summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary> {
    await this.appender.historyWritten()
    return this.history.summarizeCellEdits(workbookId, since, until, limit)
  }

  async getWorkbookSettings(workbookId: string): Promise<WorkbookSettings> {
    return this.history.getWorkbookSettings(workbookId)
  }

  async setWorkbookSettings(workbookId: string, settings: WorkbookSettings): Promise<void> {
    this.history.setWorkbookSettings(workbookId, settings)
  }

  async close(): Promise<void> {
    await this.appender.close()
    this.db.close()
    this.walIndex.close()
  }
}
