import type { SheetRecord, ShareLinkRecord } from './store.js'

/**
 * A time column (epoch ms) as a driver returns it: a number from SQLite, a string from
 * Postgres, whose bigint columns may exceed 2^53 (ours never do).
 */
type StoredTime = number | string

/** A `sheets` row, in either store. */
export interface SheetRow {
  workbook_id: string
  sheet_id: string
  created_at: StoredTime
  deleted_at: StoredTime | null
}

/** A `share_links` row, in either store. */
export interface LinkRow {
  id: string
  workbook_id: string
  role: ShareLinkRecord['role']
  token_hash: string
  created_at: StoredTime
  revoked_at: StoredTime | null
}

/** The columns of `share_links`, in table order: what a `LinkRow` holds. */
export const LINK_COLUMNS = 'id, workbook_id, role, token_hash, created_at, revoked_at'

export function sheetFromRow(row: SheetRow): SheetRecord {
  return {
    workbookId: row.workbook_id,
    sheetId: row.sheet_id,
    createdAt: Number(row.created_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  }
}

export function linkFromRow(row: LinkRow): ShareLinkRecord {
  return {
    id: row.id,
    workbookId: row.workbook_id,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}
