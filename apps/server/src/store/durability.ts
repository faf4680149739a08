/**
 * When the SQLite store acknowledges a write (`DURABILITY`):
 * - `write` (default): once the write-ahead log holds it in the operating system's cache. It
 *   survives the server process crashing or being killed; the log is flushed to the disk
 *   within `WAL_FLUSH_DELAY_MS`, so a power loss or an OS crash can take the edits of that
 *   last moment, which the browsers that made them send again when they next join.
 * - `fsync`: once the log is flushed to the disk (an fsync per group commit), so nothing
 *   acknowledged is lost to a power loss either; each ack waits for the disk (about 1–2 ms
 *   on this project's machines, more on a slow or busy disk).
 * Postgres commits durably either way (its default `synchronous_commit = on`).
 */
export const DURABILITY_MODES = ['write', 'fsync'] as const
export type Durability = (typeof DURABILITY_MODES)[number]
export const DEFAULT_DURABILITY: Durability = 'write'
