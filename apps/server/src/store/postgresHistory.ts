import type pg from 'pg'
import {
  DEFAULT_WORKBOOK_SETTINGS,
  type CellEditRecord,
  type CellEditSummary,
  type VersionDoc,
  type VersionRecord,
  type WorkbookSettings,
} from './historyRecords.js'
import {
  CELL_EDIT_COLUMNS,
  VERSION_DOC_COLUMNS,
  cellEditFromRow,
  cellEditSummaryFromRows,
  cellEditSummarySql,
  type CellEditSummaryRows,
  versionDocFromRow,
  versionFromRow,
  versionInfo,
  type CellEditRow,
  type VersionDocRow,
  type VersionRow,
} from './historyRows.js'

/** How `PostgresStore` runs a query and a transaction (its error reporting included). */
export interface PgRunner {
  query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>>
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
}

/** Versions, cell edits and workbook settings of `PostgresStore`. */
export class PostgresHistory {
  constructor(private readonly pg: PgRunner) {}

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

  async recordCellEdits(edits: readonly CellEditRecord[]): Promise<void> {
    if (edits.length === 0) return
    const column = <K extends keyof CellEditRecord>(key: K) => edits.map((e) => e[key])
    await this.pg.query(
      `INSERT INTO cell_edits (${CELL_EDIT_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::bigint[], $7::text[], $8::text[], $9::text[])`,
      [
        column('workbookId'),
        column('sheetId'),
        column('rowId'),
        column('colId'),
        column('value'),
        column('at'),
        column('linkId'),
        column('name'),
        column('source'),
      ],
    )
  }

  async listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]> {
    const { rows } = await this.pg.query<CellEditRow>(
      `SELECT ${CELL_EDIT_COLUMNS} FROM cell_edits
       WHERE workbook_id = $1 AND sheet_id = $2 AND row_id = $3 AND col_id = $4
       ORDER BY at DESC, id DESC LIMIT $5`,
      [workbookId, sheetId, rowId, colId, limit],
    )
    return rows.map(cellEditFromRow)
  }

  async listCellEditsSince(
    workbookId: string,
    since: number,
    limit: number,
  ): Promise<CellEditRecord[]> {
    const { rows } = await this.pg.query<CellEditRow>(
      `SELECT ${CELL_EDIT_COLUMNS} FROM cell_edits WHERE workbook_id = $1 AND at > $2
       ORDER BY at, id LIMIT $3`,
      [workbookId, since, limit],
    )
    return rows.map(cellEditFromRow)
  }

  async summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary> {
    const sql = cellEditSummarySql(
      ['$1', '$2', '$3'],
      (where) =>
        `SELECT sheet_id, row_id, col_id, at, name, link_id, id AS seq FROM cell_edits WHERE ${where}`,
    )
    const last = await this.pg.query<CellEditSummaryRows['lastAt']>(sql.lastAt, [
      workbookId,
      since,
      limit - 1,
    ])
    const args = [workbookId, since, Math.min(until, Number(last.rows[0]?.at ?? until))]
    const [cells, editors] = await Promise.all([
      this.pg.query<CellEditSummaryRows['cells'][number]>(sql.cells, args),
      this.pg.query<CellEditSummaryRows['editors'][number]>(sql.editors, args),
    ])
    return cellEditSummaryFromRows({ cells: cells.rows, editors: editors.rows })
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
