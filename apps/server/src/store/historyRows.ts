import type {
  CellEditRecord,
  CellEditSummary,
  VersionDoc,
  VersionRecord,
} from './historyRecords.js'

/**
 * The rows of the history tables as both stores read them (`sqliteHistory.ts`,
 * `postgresHistory.ts`), and their records. Postgres returns BIGINT columns as text and the
 * JSONB `info` parsed; SQLite returns numbers and `info` as text.
 */

/** What a version's `info` column holds: the parts of a version only ever read whole. */
export type VersionInfo = Pick<VersionRecord, 'participants' | 'summary' | 'sheetIds' | 'restoring'>

export interface VersionRow {
  id: string
  workbook_id: string
  created_at: number | string
  kind: VersionRecord['kind']
  label: string | null
  info: string | VersionInfo
}

export interface VersionDocRow {
  version_id: string
  doc: string
  base: string | null
  depth: number
  state_vector: Buffer
  data: Buffer
}

export interface CellEditRow {
  workbook_id: string
  sheet_id: string
  row_id: string
  col_id: string
  value: string | null
  at: number | string
  link_id: string | null
  name: string | null
  source: CellEditRecord['source']
}

export const VERSION_DOC_COLUMNS = 'version_id, doc, base, depth, state_vector, data'
export const CELL_EDIT_COLUMNS =
  'workbook_id, sheet_id, row_id, col_id, value, at, link_id, name, source'

function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.length)
}

export function versionInfo(version: VersionRecord): VersionInfo {
  return {
    participants: version.participants,
    summary: version.summary,
    sheetIds: version.sheetIds,
    restoring: version.restoring,
  }
}

export function versionFromRow(row: VersionRow): VersionRecord {
  const info = typeof row.info === 'string' ? (JSON.parse(row.info) as VersionInfo) : row.info
  return {
    id: row.id,
    workbookId: row.workbook_id,
    createdAt: Number(row.created_at),
    kind: row.kind,
    label: row.label,
    participants: info.participants,
    summary: info.summary,
    sheetIds: info.sheetIds,
    restoring: info.restoring ?? null,
  }
}

export function versionDocFromRow(row: VersionDocRow): VersionDoc {
  return {
    versionId: row.version_id,
    doc: row.doc,
    base: row.base,
    depth: row.depth,
    stateVector: bytes(row.state_vector),
    data: bytes(row.data),
  }
}

export function cellEditFromRow(row: CellEditRow): CellEditRecord {
  return {
    workbookId: row.workbook_id,
    sheetId: row.sheet_id,
    rowId: row.row_id,
    colId: row.col_id,
    value: row.value,
    at: Number(row.at),
    linkId: row.link_id,
    name: row.name,
    source: row.source,
  }
}

/**
 * Two queries of `Store.summarizeCellEdits` (workbook, since, until), for a store's
 * placeholders (`$n`, `@name`): `cells` (a condition → the log's cells it selects: `sheet_id`,
 * `row_id`, `col_id`, big runs unpacked, `cellEditRuns.ts`) and `rows` (→ its rows as stored:
 * `at`, `name`, `link_id`, `source` and `seq`, what orders rows written at the same moment; a
 * run's cells share who and when). Each store finds `until` from its cap first (when the edit
 * at the cap was made, so the counts stop there, edits made at that same moment included);
 * both count over the time index alone: ~5x faster than a row limit applied first, which
 * makes the database sort the period's rows.
 */
export function cellEditSummarySql(
  p: readonly [workbook: string, since: string, until: string],
  cells: (where: string) => string,
  rows: (where: string) => string,
): { cells: string; editors: string } {
  const period = `workbook_id = ${p[0]} AND at > ${p[1]} AND at <= ${p[2]}`
  return {
    cells: `SELECT sheet_id, COUNT(*) AS cells
      FROM (SELECT DISTINCT sheet_id, row_id, col_id FROM (${cells(period)}) AS edits) AS d
      GROUP BY sheet_id`,
    editors: `SELECT name, link_id FROM (${rows(`${period} AND source <> 'server'`)}) AS edits
      GROUP BY name, link_id ORDER BY MIN(at), MIN(seq)`,
  }
}

/** The rows of `cellEditSummarySql`'s queries (Postgres returns COUNT and BIGINT as text). */
export interface CellEditSummaryRows {
  cells: Array<{ sheet_id: string; cells: number | string }>
  editors: Array<{ name: string | null; link_id: string | null }>
}

export function cellEditSummaryFromRows(
  rows: Pick<CellEditSummaryRows, 'cells' | 'editors'>,
): CellEditSummary {
  return {
    cellsBySheet: new Map(rows.cells.map((r) => [r.sheet_id, Number(r.cells)])),
    editors: rows.editors.map((r) => ({ name: r.name, linkId: r.link_id })),
  }
}
