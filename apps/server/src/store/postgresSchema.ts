import type pg from 'pg'

/**
 * Schema migrations of the Postgres store, in order; never edit one that shipped, append a new
 * one. The number of applied migrations is kept in `cellmate_schema`.
 */
const MIGRATIONS: readonly string[] = [
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
]

/** Any fixed number: the advisory lock that serialises migrations of processes starting at once. */
const MIGRATION_LOCK = 0x63656c6c

/**
 * Brings the database to the latest schema. Safe when several processes start together: they
 * take turns on an advisory lock, and each applies only what is still missing.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
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
    for (const sql of MIGRATIONS.slice(applied)) await client.query(sql)
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
