/**
 * Why a store call failed, when the cause is the storage itself (disk full, read-only, I/O
 * error, database unreachable) rather than the request: the server answers those with
 * `STORAGE_FAILED` (503, retry later) and `/healthz` reports them.
 */
export type StorageFailure = 'full' | 'read-only' | 'io-error' | 'unavailable'

/** How each failure reads in a message: "storage is full: …". */
export const STORAGE_FAILURE_TEXT: Record<StorageFailure, string> = {
  full: 'is full',
  'read-only': 'is read-only',
  'io-error': 'has an I/O error',
  unavailable: 'is unavailable',
}

/** better-sqlite3 `SqliteError.code`, Node system errors (`err.code`). */
const BY_CODE: Record<string, StorageFailure> = {
  SQLITE_FULL: 'full',
  ENOSPC: 'full',
  EDQUOT: 'full',
  SQLITE_READONLY: 'read-only',
  SQLITE_CANTOPEN: 'read-only',
  SQLITE_PERM: 'read-only',
  SQLITE_AUTH: 'read-only',
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  SQLITE_IOERR: 'io-error',
  SQLITE_CORRUPT: 'io-error',
  SQLITE_NOTADB: 'io-error',
  EIO: 'io-error',
  SQLITE_BUSY: 'unavailable',
  SQLITE_LOCKED: 'unavailable',
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
}

/** Errors node-postgres raises without a code when the database goes away. */
const PG_CONNECTION_LOST =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/

/**
 * The storage failure behind `err`, or null when the error is something else (a constraint,
 * a bug): those keep their own meaning and are not the storage's health.
 */
export function storageFailure(err: unknown): StorageFailure | null {
  if (!(err instanceof Error)) return null
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') {
    // SQLite extended codes refine a primary one: SQLITE_READONLY_DBMOVED, SQLITE_IOERR_FSYNC, …
    const primary = code.startsWith('SQLITE_') ? code.split('_', 2).join('_') : code
    const known = BY_CODE[primary]
    if (known) return known
    // Postgres SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
    if (code === '53100') return 'full'
    if (code === '25006') return 'read-only'
    if (code === '58030' || code.startsWith('XX')) return 'io-error'
    if (/^(08|53|57P|58)/.test(code)) return 'unavailable'
  }
  return PG_CONNECTION_LOST.test(err.message) ? 'unavailable' : null
}
