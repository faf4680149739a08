import type pg from 'pg'
import {
  DEFAULT_WORKBOOK_SETTINGS,
  type CellEditBatch,
  type CellEditRecord,
  type CellEditSummary,
  type VersionDoc,
  type VersionRecord,
  type WorkbookSettings,
} from './historyRecords.js'
import {
  VERSION_DOC_COLUMNS,
  versionDocFromRow,
  versionFromRow,
  versionInfo,
  type VersionDocRow,
  type VersionRow,
} from './historyRows.js'
import { PostgresCellEdits } from './postgresCellEdits.js'

/** How `PostgresStore` runs a query and a transaction (its error reporting included). */
export interface PgRunner {
  query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>>
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
}

/** Versions, cell edits and workbook settings of `PostgresStore`. */
export class PostgresHistory {
  private readonly cellEdits: PostgresCellEdits

  constructor(private readonly pg: PgRunner) {
    this.cellEdits = new PostgresCellEdits(pg)
  }

  async addVersion(version: VersionRecord, docs: readonly VersionDoc[]): Promise<void> {
    await this.pg.transaction(async (client) => {
      await client.query(
        'INSERT INTO versions (id, workbook_id, created_at, kind, label, info) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          version.id,
          version.workbookId,
          version.createdAt,
          version.kind,
          version.label,
          JSON.stringify(versionInfo(version)),
        ],
      )
      await client.query(
        `INSERT INTO version_docs
         (version_id, workbook_id, doc, base, depth, state_vector, data, created_at)
         SELECT $1::text, $2::text, *, $8::bigint FROM unnest($3::text[], $4::text[], $5::int[], $6::bytea[], $7::bytea[])`,
        [
          version.id,
          version.workbookId,
          docs.map((d) => d.doc),
          docs.map((d) => d.base),
          docs.map((d) => d.depth),
          docs.map((d) => Buffer.from(d.stateVector)),
          docs.map((d) => Buffer.from(d.data)),
          version.createdAt,
        ],
      )
    })
  }

  async listVersions(workbookId: string): Promise<VersionRecord[]> {
    const { rows } = await this.pg.query<VersionRow>(
      'SELECT * FROM versions WHERE workbook_id = $1 ORDER BY created_at, id',
      [workbookId],
    )
    return rows.map(versionFromRow)
  }

  async getVersion(workbookId: string, versionId: string): Promise<VersionRecord | null> {
    const { rows } = await this.pg.query<VersionRow>(
      'SELECT * FROM versions WHERE workbook_id = $1 AND id = $2',
      [workbookId, versionId],
    )
    return rows[0] ? versionFromRow(rows[0]) : null
  }

  async loadVersionChain(versionId: string, doc: string): Promise<VersionDoc[]> {
    // One round trip: the chain is followed by a recursive query, newest first.
    const { rows } = await this.pg.query<VersionDocRow>(
      `WITH RECURSIVE chain AS (
         SELECT ${VERSION_DOC_COLUMNS}, 0 AS n FROM version_docs WHERE version_id = $1 AND doc = $2
         UNION ALL
         SELECT v.version_id, v.doc, v.base, v.depth, v.state_vector, v.data, c.n + 1
         FROM version_docs v JOIN chain c ON v.version_id = c.base AND v.doc = c.doc
       )
       SELECT ${VERSION_DOC_COLUMNS} FROM chain ORDER BY n DESC`,
      [versionId, doc],
    )
    if (rows.length === 0 || rows[0]?.base !== null) return []
    return rows.map(versionDocFromRow)
  }

  async getLatestVersionDoc(workbookId: string, doc: string): Promise<VersionDoc | null> {
    const { rows } = await this.pg.query<VersionDocRow>(
      `SELECT ${VERSION_DOC_COLUMNS} FROM version_docs WHERE workbook_id = $1 AND doc = $2
       ORDER BY created_at DESC, version_id DESC LIMIT 1`,
      [workbookId, doc],
    )
    return rows[0] ? versionDocFromRow(rows[0]) : null
  }

  async listVersionDependents(versionId: string): Promise<VersionDoc[]> {
    const { rows } = await this.pg.query<VersionDocRow>(
      `SELECT ${VERSION_DOC_COLUMNS} FROM version_docs WHERE base = $1`,
      [versionId],
    )
    return rows.map(versionDocFromRow)
  }

  async dropVersion(
    workbookId: string,
    versionId: string,
    rebased: readonly VersionDoc[],
  ): Promise<void> {
    await this.pg.transaction(async (client) => {
      for (const d of rebased) {
        await client.query(
          'UPDATE version_docs SET base = $1, depth = $2, data = $3 WHERE version_id = $4 AND doc = $5',
          [d.base, d.depth, Buffer.from(d.data), d.versionId, d.doc],
        )
      }
      await client.query('DELETE FROM version_docs WHERE version_id = $1', [versionId])
      await client.query('DELETE FROM versions WHERE workbook_id = $1 AND id = $2', [
        workbookId,
        versionId,
      ])
    })
  }

  recordCellEdits(edits: readonly CellEditBatch[]): Promise<void> {
    return this.cellEdits.record(edits)
  }

  listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]> {
    return this.cellEdits.list(workbookId, sheetId, rowId, colId, limit)
  }

  listCellEditsSince(workbookId: string, since: number, limit: number): Promise<CellEditRecord[]> {
    return this.cellEdits.listSince(workbookId, since, limit)
  }

  summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary> {
    return this.cellEdits.summarize(workbookId, since, until, limit)
  }

  async getWorkbookSettings(workbookId: string): Promise<WorkbookSettings> {
    const { rows } = await this.pg.query<{
      viewers_see_history: boolean
      editors_share_view_links: boolean
    }>(
      'SELECT viewers_see_history, editors_share_view_links FROM workbook_settings WHERE workbook_id = $1',
      [workbookId],
    )
    const row = rows[0]
    return row
      ? {
          viewersSeeHistory: row.viewers_see_history,
          editorsShareViewLinks: row.editors_share_view_links,
        }
      : DEFAULT_WORKBOOK_SETTINGS
  }

  async setWorkbookSettings(workbookId: string, settings: WorkbookSettings): Promise<void> {
    await this.pg.query(
      `INSERT INTO workbook_settings (workbook_id, viewers_see_history, editors_share_view_links)
       VALUES ($1, $2, $3)
       ON CONFLICT (workbook_id) DO UPDATE SET viewers_see_history = excluded.viewers_see_history,
         editors_share_view_links = excluded.editors_share_view_links`,
      [workbookId, settings.viewersSeeHistory, settings.editorsShareViewLinks],
    )
  }
}
