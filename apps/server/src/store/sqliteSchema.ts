import type Database from 'better-sqlite3'
import { workbookDocName } from '@cellmate/model'
import { addCellEditRunColumn } from './sqliteCellEditRuns.js'
import { SQLITE_HISTORY_SCHEMA } from './sqliteHistory.js'
import {
  LegacySheetPlan,
  legacySheetId,
  logLegacySheetReport,
  type MigrationLog,
} from './legacySheets.js'
import { LINK_COLUMNS } from './storeRows.js'

/** `PRAGMA user_version` once the data is in today's layout (see `migrateLegacySheets`). */
const DATA_VERSION = 1

export function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

/**
 * Creates the SQLite store's tables, or brings those of an older store up to date: the
 * one-time migrations run here, each reporting to `log`.
 */
export function prepareSqliteSchema(db: Database.Database, log: MigrationLog | undefined): void {
  db.exec(`
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
      role TEXT NOT NULL CHECK (role IN ('editor', 'viewer', 'commenter')),
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS share_links_by_workbook ON share_links (workbook_id, created_at);
    CREATE TABLE IF NOT EXISTS sheets (
      sheet_id TEXT PRIMARY KEY,
      workbook_id TEXT NOT NULL REFERENCES workbooks (id),
      created_at INTEGER NOT NULL,
      deleted_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS sheets_by_workbook ON sheets (workbook_id, created_at);
  `)
  allowCommenterLinks(db)
  db.exec(`
    CREATE TABLE IF NOT EXISTS doc_clients (
      doc TEXT NOT NULL,
      client_id INTEGER NOT NULL,
      owner TEXT NOT NULL,
      PRIMARY KEY (doc, client_id)
    ) WITHOUT ROWID;
  `)
  db.exec(SQLITE_HISTORY_SCHEMA)
  addEditorShareSetting(db)
  addCellEditRunColumn(db)
  migrateLegacySheets(db, log)
}

/** A store made before the "editors may share view-only links" setting gets its column. */
function addEditorShareSetting(db: Database.Database): void {
  const columns = db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all('workbook_settings')
  if (columns.some((c) => c.name === 'editors_share_view_links')) return
  db.exec(
    'ALTER TABLE workbook_settings ADD COLUMN editors_share_view_links INTEGER NOT NULL DEFAULT 0',
  )
}

/**
 * A store made before comment links has `share_links` with a role check that refuses
 * `commenter`; SQLite cannot alter a check, so the table is rebuilt once, in a transaction.
 */
function allowCommenterLinks(db: Database.Database): void {
  const table = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'share_links'",
    )
    .get()
  if (!table || table.sql.includes("'commenter'")) return
  db.transaction(() => {
    db.exec(`
      CREATE TABLE share_links_new (
        id TEXT PRIMARY KEY,
        workbook_id TEXT NOT NULL REFERENCES workbooks (id),
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer', 'commenter')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      INSERT INTO share_links_new SELECT ${LINK_COLUMNS} FROM share_links;
      DROP TABLE share_links;
      ALTER TABLE share_links_new RENAME TO share_links;
      CREATE INDEX share_links_by_workbook ON share_links (workbook_id, created_at);
    `)
  })()
}

/**
 * Gives the sheets of a store written before sheet records their records and workbook-scoped
 * document names (see `legacySheets.ts`), once: one transaction, then `user_version` says so.
 */
function migrateLegacySheets(db: Database.Database, log: MigrationLog | undefined): void {
  const migrated = (): boolean =>
    Number(db.pragma('user_version', { simple: true })) >= DATA_VERSION
  if (migrated()) return
  const report = db
    .transaction(() => {
      // Checked again under the write lock: another handle on the file may have done it.
      if (migrated()) return null
      const loadUpdates = db.prepare<[string], { data: Buffer }>(
        'SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq',
      )
      const insertSheet = db.prepare<[string, string, number]>(
        'INSERT INTO sheets (sheet_id, workbook_id, created_at) VALUES (?, ?, ?)',
      )
      const insertUpdate = db.prepare<[string, Uint8Array]>(
        'INSERT INTO doc_updates (doc, data) VALUES (?, ?)',
      )
      const stored = new Set<string>()
      const docs = db
        .prepare<[], { doc: string }>(
          "SELECT DISTINCT doc FROM doc_updates WHERE doc LIKE 'sheet:%'",
        )
        .all()
      for (const { doc } of docs) {
        const id = legacySheetId(doc)
        if (id !== null) stored.add(id)
      }
      const recorded = db
        .prepare<[], { sheet_id: string; workbook_id: string }>(
          'SELECT sheet_id, workbook_id FROM sheets',
        )
        .all()
      const plan = new LegacySheetPlan(
        stored,
        new Map(recorded.map((r) => [r.sheet_id, r.workbook_id])),
      )
      const workbooks = db
        .prepare<[], { id: string; created_at: number }>(
          'SELECT id, created_at FROM workbooks ORDER BY created_at, id',
        )
        .all()
      for (const wb of workbooks) {
        const updates = loadUpdates.all(workbookDocName(wb.id)).map((r) => bytes(r.data))
        plan.addWorkbook({ id: wb.id, createdAt: wb.created_at }, updates)
      }
      for (const r of plan.records) insertSheet.run(r.sheetId, r.workbookId, r.createdAt)
      const renameUpdates = db.prepare<[string, string]>(
        'UPDATE doc_updates SET doc = ? WHERE doc = ?',
      )
      const renameClients = db.prepare<[string, string]>(
        'UPDATE doc_clients SET doc = ? WHERE doc = ?',
      )
      for (const { from, to } of plan.renames) {
        renameUpdates.run(to, from)
        renameClients.run(to, from)
      }
      for (const a of plan.appends) insertUpdate.run(a.doc, a.update)
      db.pragma(`user_version = ${DATA_VERSION}`)
      return plan.report
    })
    .immediate()
  if (report && log) logLegacySheetReport(report, log)
}
