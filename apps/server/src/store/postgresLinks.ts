import type { PgRunner } from './postgresHistory.js'
import type { ShareLinkRecord } from './store.js'

interface LinkRow {
  id: string
  workbook_id: string
  role: ShareLinkRecord['role']
  token_hash: string
  /** bigint columns arrive as strings (they may exceed 2^53; ours never do). */
  created_at: string
  revoked_at: string | null
}

const LINK_COLUMNS = 'id, workbook_id, role, token_hash, created_at, revoked_at'

function linkFromRow(row: LinkRow): ShareLinkRecord {
  return {
    id: row.id,
    workbookId: row.workbook_id,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}

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
