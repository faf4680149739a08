import type pg from 'pg'
import { workbookDocName } from '@cellmate/model'
import {
  LegacySheetPlan,
  legacySheetId,
  logLegacySheetReport,
  type MigrationLog,
} from './legacySheets.js'

/** A migration that moves data: runs in the migration's transaction, may log what it did. */
type DataMigration = (client: pg.PoolClient, log: MigrationLog | undefined) => Promise<void>

/**
 * Schema migrations of the Postgres store, in order; never edit one that shipped, append a new
 * one. The number of applied migrations is kept in `cellmate_schema`.
 */
const MIGRATIONS: ReadonlyArray<string | DataMigration> = [
  `CREATE TABLE workbooks (
     id text PRIMARY KEY,
     owner_token_hash text NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE TABLE doc_updates (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     doc text NOT NULL,
     data bytea NOT NULL
   );
   CREATE INDEX doc_updates_by_doc ON doc_updates (doc, seq);
   CREATE TABLE share_links (
     id text PRIMARY KEY,
     workbook_id text NOT NULL REFERENCES workbooks (id),
     role text NOT NULL CHECK (role IN ('editor', 'viewer')),
     token_hash text NOT NULL UNIQUE,
     created_at bigint NOT NULL,
     revoked_at bigint
   );
   CREATE INDEX share_links_by_workbook ON share_links (workbook_id, created_at);`,
  // Which workbook each sheet belongs to: the record every sheet access is checked against.
  `CREATE TABLE sheets (
     sheet_id text PRIMARY KEY,
     workbook_id text NOT NULL REFERENCES workbooks (id),
     created_at bigint NOT NULL,
     deleted_at bigint
   );
   CREATE INDEX sheets_by_workbook ON sheets (workbook_id, created_at);`,
  // Which session owns each Yjs client id of a document: nobody else may write with it.
  `CREATE TABLE doc_clients (
     doc text NOT NULL,
     client_id bigint NOT NULL,
     owner text NOT NULL,
     PRIMARY KEY (doc, client_id)
   );`,
  migrateLegacySheets,
  // Comment links: viewers who may comment.
  `ALTER TABLE share_links DROP CONSTRAINT share_links_role_check;
   ALTER TABLE share_links ADD CONSTRAINT share_links_role_check
     CHECK (role IN ('editor', 'viewer', 'commenter'));`,
  // Versions, the cell edit log and the owner's history setting (see historyRecords.ts).
  `CREATE TABLE versions (
     id text PRIMARY KEY,
     workbook_id text NOT NULL,
     created_at bigint NOT NULL,
     kind text NOT NULL,
     label text,
     info jsonb NOT NULL
   );
   CREATE INDEX versions_by_workbook ON versions (workbook_id, created_at);
   CREATE TABLE version_docs (
     version_id text NOT NULL,
     workbook_id text NOT NULL,
     doc text NOT NULL,
     base text,
     depth integer NOT NULL,
     state_vector bytea NOT NULL,
     data bytea NOT NULL,
     created_at bigint NOT NULL,
     PRIMARY KEY (version_id, doc)
   );
   CREATE INDEX version_docs_latest ON version_docs (workbook_id, doc, created_at);
   CREATE INDEX version_docs_by_base ON version_docs (base);
   CREATE TABLE cell_edits (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     workbook_id text NOT NULL,
     sheet_id text NOT NULL,
     row_id text NOT NULL,
     col_id text NOT NULL,
     value text,
     at bigint NOT NULL,
     link_id text,
     name text,
     source text NOT NULL
   );
   CREATE INDEX cell_edits_by_cell ON cell_edits (workbook_id, sheet_id, row_id, col_id, at);
   CREATE INDEX cell_edits_by_time ON cell_edits (workbook_id, at);
   CREATE TABLE workbook_settings (
     workbook_id text PRIMARY KEY,
     viewers_see_history boolean NOT NULL
   );`,
  `ALTER TABLE workbook_settings
     ADD COLUMN editors_share_view_links boolean NOT NULL DEFAULT false;`,
  // A big run of cell edits is one row holding its cells (`cellEditRuns.ts`); no data changes.
  `ALTER TABLE cell_edits ADD COLUMN cells text, ADD COLUMN cell_values text;
   CREATE TABLE cell_edit_lines (
     workbook_id text NOT NULL,
     sheet_id text NOT NULL,
     line text NOT NULL,
     edit bigint NOT NULL,
     PRIMARY KEY (workbook_id, sheet_id, line, edit)
   );`,
]

/** Any fixed number: the advisory lock that serialises migrations of processes starting at once. */
const MIGRATION_LOCK = 0x63656c6c

/**
 * Brings the database to the latest schema. Safe when several processes start together: they
 * take turns on an advisory lock, and each applies only what is still missing.
 */
export async function migrate(pool: pg.Pool, log?: MigrationLog): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS cellmate_schema (version integer NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM cellmate_schema')
    const applied = rows[0]?.version ?? 0
    if (applied > MIGRATIONS.length) {
      throw new Error(
        `the database schema is version ${applied}, newer than this Cellmate (${MIGRATIONS.length}); upgrade Cellmate`,
      )
    }
    for (const step of MIGRATIONS.slice(applied)) {
      if (typeof step === 'string') await client.query(step)
      else await step(client, log)
    }
    if (rows.length === 0) {
      await client.query('INSERT INTO cellmate_schema (version) VALUES ($1)', [MIGRATIONS.length])
    } else {
      await client.query('UPDATE cellmate_schema SET version = $1', [MIGRATIONS.length])
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/**
 * Gives the sheets of a database written before sheet records their records and
 * workbook-scoped document names (see `legacySheets.ts`). Runs inside `migrate`'s transaction
 * and advisory lock, so processes starting at once do it exactly once between them.
 */
async function migrateLegacySheets(
  client: pg.PoolClient,
  log: MigrationLog | undefined,
): Promise<void> {
  const docs = await client.query<{ doc: string }>(
    "SELECT DISTINCT doc FROM doc_updates WHERE doc LIKE 'sheet:%'",
  )
  const stored = new Set<string>()
  for (const { doc } of docs.rows) {
    const id = legacySheetId(doc)
    if (id !== null) stored.add(id)
  }
  const recorded = await client.query<{ sheet_id: string; workbook_id: string }>(
    'SELECT sheet_id, workbook_id FROM sheets',
  )
  const plan = new LegacySheetPlan(
    stored,
    new Map(recorded.rows.map((r) => [r.sheet_id, r.workbook_id])),
  )
  const workbooks = await client.query<{ id: string; created_at: string }>(
    'SELECT id, created_at FROM workbooks ORDER BY created_at, id',
  )
  for (const wb of workbooks.rows) {
    const { rows } = await client.query<{ data: Buffer }>(
      'SELECT data FROM doc_updates WHERE doc = $1 ORDER BY seq',
      [workbookDocName(wb.id)],
    )
    plan.addWorkbook(
      { id: wb.id, createdAt: Number(wb.created_at) },
      rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.length)),
    )
  }
  await client.query(
    `INSERT INTO sheets (sheet_id, workbook_id, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
    [
      plan.records.map((r) => r.sheetId),
      plan.records.map((r) => r.workbookId),
      plan.records.map((r) => r.createdAt),
    ],
  )
  for (const table of ['doc_updates', 'doc_clients']) {
    await client.query(
      `UPDATE ${table} SET doc = r.new_name
       FROM unnest($1::text[], $2::text[]) AS r(old_name, new_name)
       WHERE ${table}.doc = r.old_name`,
      [plan.renames.map((r) => r.from), plan.renames.map((r) => r.to)],
    )
  }
  await client.query(
    `INSERT INTO doc_updates (doc, data)
     SELECT doc, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t(doc, data, n)
     ORDER BY n`,
    [plan.appends.map((a) => a.doc), plan.appends.map((a) => Buffer.from(a.update))],
  )
  if (log) logLegacySheetReport(plan.report, log)
}
