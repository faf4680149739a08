import type Database from 'better-sqlite3'
import {
  DEFAULT_WORKBOOK_SETTINGS,
  type CellEditRecord,
  type CellEditSummary,
  type VersionDoc,
  type VersionRecord,
  type WorkbookSettings,
} from './historyRecords.js'
import {
  VERSION_DOC_COLUMNS,
  cellEditFromRow,
  cellEditSummaryFromRows,
  cellEditSummarySql,
  type CellEditSummaryRows,
  versionDocFromRow,
  versionFromRow,
  versionInfo,
  type VersionDocRow,
  type VersionRow,
} from './historyRows.js'
import {
  sqliteCellEditAt,
  sqliteCellEdits,
  sqliteCellEditsSince,
  sqliteEditCells,
} from './sqliteCellEditRuns.js'

/** The history tables of `SqliteStore` (created before its commit thread starts). */
export const SQLITE_HISTORY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS versions (
    id TEXT PRIMARY KEY,
    workbook_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT,
    info TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions (workbook_id, created_at);
  CREATE TABLE IF NOT EXISTS version_docs (
    version_id TEXT NOT NULL,
    workbook_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    base TEXT,
    depth INTEGER NOT NULL,
    state_vector BLOB NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (version_id, doc)
  );
  CREATE INDEX IF NOT EXISTS version_docs_latest ON version_docs (workbook_id, doc, created_at);
  CREATE INDEX IF NOT EXISTS version_docs_by_base ON version_docs (base);
  CREATE TABLE IF NOT EXISTS cell_edits (
    workbook_id TEXT NOT NULL,
    sheet_id TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col_id TEXT NOT NULL,
    value TEXT,
    at INTEGER NOT NULL,
    link_id TEXT,
    name TEXT,
    source TEXT NOT NULL,
    cells TEXT
  );
  CREATE INDEX IF NOT EXISTS cell_edits_by_cell ON cell_edits (workbook_id, sheet_id, row_id, col_id, at);
  CREATE INDEX IF NOT EXISTS cell_edits_by_time ON cell_edits (workbook_id, at);
  CREATE TABLE IF NOT EXISTS workbook_settings (
    workbook_id TEXT PRIMARY KEY,
    viewers_see_history INTEGER NOT NULL,
    editors_share_view_links INTEGER NOT NULL DEFAULT 0
  );
`

/** Workbook, since, and until (or the cap's offset): `cellEditSummarySql`'s parameters. */
interface SummaryArgs {
  workbook: string
  since: number
  until: number
}

/** Versions, cell edits and workbook settings of `SqliteStore`, on its main connection. */
export class SqliteHistory {
  private readonly stmts
  private readonly cellEdits: ReturnType<typeof sqliteCellEdits>
  private readonly cellEditsSince: ReturnType<typeof sqliteCellEditsSince>
  private readonly cellEditAt: ReturnType<typeof sqliteCellEditAt>

  constructor(private readonly db: Database.Database) {
    const summary = cellEditSummarySql(
      ['@workbook', '@since', '@until'],
      sqliteEditCells,
      (where) => `SELECT *, rowid AS seq FROM cell_edits WHERE ${where}`,
    )
    this.cellEdits = sqliteCellEdits(db)
    this.cellEditsSince = sqliteCellEditsSince(db)
    this.cellEditAt = sqliteCellEditAt(db)
    this.stmts = {
      summaryCells: db.prepare<[SummaryArgs], CellEditSummaryRows['cells'][number]>(summary.cells),
      summaryEditors: db.prepare<[SummaryArgs], CellEditSummaryRows['editors'][number]>(
        summary.editors,
      ),
      insertVersion: db.prepare<[string, string, number, string, string | null, string]>(
        'INSERT INTO versions (id, workbook_id, created_at, kind, label, info) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertVersionDoc: db.prepare<
        [string, string, string, string | null, number, Uint8Array, Uint8Array, number]
      >(
        `INSERT INTO version_docs
         (version_id, workbook_id, doc, base, depth, state_vector, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listVersions: db.prepare<[string], VersionRow>(
        'SELECT * FROM versions WHERE workbook_id = ? ORDER BY created_at, id',
      ),
      getVersion: db.prepare<[string, string], VersionRow>(
        'SELECT * FROM versions WHERE workbook_id = ? AND id = ?',
      ),
      versionDoc: db.prepare<[string, string], VersionDocRow>(
        `SELECT ${VERSION_DOC_COLUMNS} FROM version_docs WHERE version_id = ? AND doc = ?`,
      ),
      latestVersionDoc: db.prepare<[string, string], VersionDocRow>(
        `SELECT ${VERSION_DOC_COLUMNS} FROM version_docs WHERE workbook_id = ? AND doc = ?
         ORDER BY created_at DESC, version_id DESC LIMIT 1`,
      ),
      dependents: db.prepare<[string], VersionDocRow>(
        `SELECT ${VERSION_DOC_COLUMNS} FROM version_docs WHERE base = ?`,
      ),
      rebase: db.prepare<[string | null, number, Uint8Array, string, string]>(
        'UPDATE version_docs SET base = ?, depth = ?, data = ? WHERE version_id = ? AND doc = ?',
      ),
      deleteVersionDocs: db.prepare<[string]>('DELETE FROM version_docs WHERE version_id = ?'),
      deleteVersion: db.prepare<[string, string]>(
        'DELETE FROM versions WHERE workbook_id = ? AND id = ?',
      ),
      getSettings: db.prepare<
        [string],
        { viewers_see_history: number; editors_share_view_links: number }
      >(
        'SELECT viewers_see_history, editors_share_view_links FROM workbook_settings WHERE workbook_id = ?',
      ),
      setSettings: db.prepare<[string, number, number]>(
        `INSERT INTO workbook_settings (workbook_id, viewers_see_history, editors_share_view_links)
         VALUES (?, ?, ?)
         ON CONFLICT (workbook_id) DO UPDATE SET viewers_see_history = excluded.viewers_see_history,
           editors_share_view_links = excluded.editors_share_view_links`,
      ),
    }
  }

  addVersion(version: VersionRecord, docs: readonly VersionDoc[]): void {
    this.db.transaction(() => {
      this.stmts.insertVersion.run(
        version.id,
        version.workbookId,
        version.createdAt,
        version.kind,
        version.label,
        JSON.stringify(versionInfo(version)),
      )
      for (const d of docs) {
        this.stmts.insertVersionDoc.run(
          d.versionId,
          version.workbookId,
          d.doc,
          d.base,
          d.depth,
          d.stateVector,
          d.data,
          version.createdAt,
        )
      }
    })()
  }

  listVersions(workbookId: string): VersionRecord[] {
    return this.stmts.listVersions.all(workbookId).map(versionFromRow)
  }

  getVersion(workbookId: string, versionId: string): VersionRecord | null {
    const row = this.stmts.getVersion.get(workbookId, versionId)
    return row ? versionFromRow(row) : null
  }

  loadVersionChain(versionId: string, doc: string): VersionDoc[] {
    const chain: VersionDoc[] = []
    let at: string | null = versionId
    while (at !== null) {
      const row = this.stmts.versionDoc.get(at, doc)
      if (!row) return []
      chain.unshift(versionDocFromRow(row))
      at = row.base
    }
    return chain
  }

  getLatestVersionDoc(workbookId: string, doc: string): VersionDoc | null {
    const row = this.stmts.latestVersionDoc.get(workbookId, doc)
    return row ? versionDocFromRow(row) : null
  }

  listVersionDependents(versionId: string): VersionDoc[] {
    return this.stmts.dependents.all(versionId).map(versionDocFromRow)
  }

  dropVersion(workbookId: string, versionId: string, rebased: readonly VersionDoc[]): void {
    this.db.transaction(() => {
      for (const d of rebased) this.stmts.rebase.run(d.base, d.depth, d.data, d.versionId, d.doc)
      this.stmts.deleteVersionDocs.run(versionId)
      this.stmts.deleteVersion.run(workbookId, versionId)
    })()
  }

  listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): CellEditRecord[] {
    return this.cellEdits(workbookId, sheetId, rowId, colId, limit).map(cellEditFromRow)
  }

  listCellEditsSince(workbookId: string, since: number, limit: number): CellEditRecord[] {
    return this.cellEditsSince(workbookId, since, limit).map(cellEditFromRow)
  }

  summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): CellEditSummary {
    // One read transaction: the cap and both counts see the same log.
    return this.db.transaction(() => {
      const last = this.cellEditAt(workbookId, since, limit - 1)
      const args: SummaryArgs = {
        workbook: workbookId,
        since,
        until: Math.min(until, last ?? until),
      }
      return cellEditSummaryFromRows({
        cells: this.stmts.summaryCells.all(args),
        editors: this.stmts.summaryEditors.all(args),
      })
    })()
  }

  getWorkbookSettings(workbookId: string): WorkbookSettings {
    const row = this.stmts.getSettings.get(workbookId)
    return row
      ? {
          viewersSeeHistory: row.viewers_see_history === 1,
          editorsShareViewLinks: row.editors_share_view_links === 1,
        }
      : DEFAULT_WORKBOOK_SETTINGS
  }

  setWorkbookSettings(workbookId: string, settings: WorkbookSettings): void {
    this.stmts.setSettings.run(
      workbookId,
      settings.viewersSeeHistory ? 1 : 0,
      settings.editorsShareViewLinks ? 1 : 0,
    )
  }
}
