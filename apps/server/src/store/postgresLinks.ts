import type { PgRunner } from './postgresHistory.js'
import type { ShareLinkRecord } from './store.js'
import { LINK_COLUMNS, linkFromRow, type LinkRow } from './storeRows.js'

/** Share links of `PostgresStore`. */
export class PostgresLinks {
  constructor(private readonly pg: PgRunner) {}

  async createLink(link: ShareLinkRecord): Promise<void> {
    await this.pg.query(
      `INSERT INTO share_links (id, workbook_id, role, token_hash, created_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [link.id, link.workbookId, link.role, link.tokenHash, link.createdAt, link.revokedAt],
    )
  }

  async listLinks(workbookId: string): Promise<ShareLinkRecord[]> {
    const { rows } = await this.pg.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM share_links
       WHERE workbook_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      [workbookId],
    )
    return rows.map(linkFromRow)
  }

  async revokeLink(
    workbookId: string,
    linkId: string,
    at: number,
  ): Promise<ShareLinkRecord | null> {
    const { rows } = await this.pg.query<LinkRow>(
      `UPDATE share_links SET revoked_at = $1
       WHERE workbook_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING ${LINK_COLUMNS}`,
      [at, workbookId, linkId],
    )
    const row = rows[0]
    return row ? linkFromRow(row) : null
  }

  async findLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    const { rows } = await this.pg.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM share_links WHERE token_hash = $1`,
      [tokenHash],
    )
    const row = rows[0]
    return row ? linkFromRow(row) : null
  }
}
