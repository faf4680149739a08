import type pg from 'pg'
import type { PgRunner } from './postgresHistory.js'
import type { NewSheet, SheetDeletion, SheetRecord, SheetRestoration } from './store.js'
import { sheetFromRow, type SheetRow } from './storeRows.js'

/** The sheet records of `PostgresStore`: which sheets belong to which workbook. */
export class PostgresSheets {
  constructor(private readonly pg: PgRunner) {}

  async listSheets(workbookId: string): Promise<SheetRecord[]> {
    const { rows } = await this.pg.query<SheetRow>(
      `SELECT workbook_id, sheet_id, created_at, deleted_at FROM sheets
       WHERE workbook_id = $1 ORDER BY created_at, sheet_id`,
      [workbookId],
    )
    return rows.map(sheetFromRow)
  }

  /**
   * Locks the workbook's row for the rest of the transaction and counts its live sheets: sheet
   * operations of one workbook on any node take turns here, so a count checked against a
   * limit stays true until the transaction commits.
   */
  private async lockLiveSheets(client: pg.PoolClient, workbookId: string): Promise<number> {
    await client.query('SELECT 1 FROM workbooks WHERE id = $1 FOR UPDATE', [workbookId])
    const { rows } = await client.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM sheets WHERE workbook_id = $1 AND deleted_at IS NULL',
      [workbookId],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async addSheets(
    workbookId: string,
    sheets: readonly NewSheet[],
    at: number,
    maxLive: number,
  ): Promise<boolean> {
    return this.pg.transaction(async (client) => {
      if ((await this.lockLiveSheets(client, workbookId)) + sheets.length > maxLive) return false
      await client.query(
        `INSERT INTO sheets (sheet_id, workbook_id, created_at)
         SELECT id, $2, $3 FROM unnest($1::text[]) AS t(id)`,
        [sheets.map((s) => s.sheetId), workbookId, at],
      )
      await client.query(
        `INSERT INTO doc_updates (doc, data)
         SELECT doc, data FROM unnest($1::text[], $2::bytea[]) AS t(doc, data)`,
        [sheets.map((s) => s.doc), sheets.map((s) => Buffer.from(s.update))],
      )
      return true
    })
  }

  async deleteSheet(workbookId: string, sheetId: string, at: number): Promise<SheetDeletion> {
    return this.pg.transaction(async (client): Promise<SheetDeletion> => {
      const live = await this.lockLiveSheets(client, workbookId)
      const { rows } = await client.query<{ deleted_at: string | null }>(
        'SELECT deleted_at FROM sheets WHERE workbook_id = $1 AND sheet_id = $2',
        [workbookId, sheetId],
      )
      if (rows.length === 0 || rows[0]?.deleted_at !== null) return 'missing'
      if (live <= 1) return 'last'
      await client.query(
        'UPDATE sheets SET deleted_at = $1 WHERE workbook_id = $2 AND sheet_id = $3',
        [at, workbookId, sheetId],
      )
      return 'deleted'
    })
  }

  async restoreSheet(
    workbookId: string,
    sheetId: string,
    maxLive: number,
  ): Promise<SheetRestoration> {
    return this.pg.transaction(async (client): Promise<SheetRestoration> => {
      const live = await this.lockLiveSheets(client, workbookId)
      const { rows } = await client.query<{ deleted_at: string | null }>(
        'SELECT deleted_at FROM sheets WHERE workbook_id = $1 AND sheet_id = $2',
        [workbookId, sheetId],
      )
      if (rows.length === 0 || rows[0]?.deleted_at === null) return 'missing'
      if (live >= maxLive) return 'limit'
      await client.query(
        'UPDATE sheets SET deleted_at = NULL WHERE workbook_id = $1 AND sheet_id = $2',
        [workbookId, sheetId],
      )
      return 'restored'
    })
  }
}
