import type {
  CellEditBatch,
  CellEditRecord,
  CellEditSummary,
  VersionDoc,
  VersionRecord,
  WorkbookSettings,
} from './historyRecords.js'
import type { SlicedSnapshot } from './compaction.js'

/** What a store returns for one document: every stored update, to be merged in any order. */
export interface StoredDoc {
  /** The snapshot (if compacted) and the log since. Yjs updates commute, so order is free. */
  updates: Uint8Array[]
  /** Sequence number of the newest stored update (0 when none); compaction goes up to it. */
  lastSeq: number
}

/** A workbook's server-side record. Its content lives in Yjs documents. */
export interface WorkbookRecord {
  id: string
  /** SHA-256 (hex) of the owner's capability token; the token itself is never stored. */
  ownerTokenHash: string
  createdAt: number
}

/**
 * Which workbook a sheet belongs to. Written only by the server (creating a workbook, the sheet
 * operations, the migration of older stores), never derived from a document a client can edit:
 * every access to a sheet's document goes through this record.
 */
export interface SheetRecord {
  workbookId: string
  /** Server-issued, 128 random bits (older stores keep their short ids, see `legacySheets.ts`). */
  sheetId: string
  createdAt: number
  /** When the sheet was deleted (epoch ms), null while it is live. Its document stays stored. */
  deletedAt: number | null
}

/** A sheet to record together with its first document (see `Store.addSheets`). */
export interface NewSheet {
  sheetId: string
  /** The sheet's document name and its first update. */
  doc: string
  update: Uint8Array
}

/** Outcome of `Store.deleteSheet`: done, refused (`last` live sheet), or no such live sheet. */
export type SheetDeletion = 'deleted' | 'last' | 'missing'

/** Outcome of `Store.restoreSheet`: done, refused (the workbook is at `maxLive`), or no such deleted sheet. */
export type SheetRestoration = 'restored' | 'limit' | 'missing'

/** A share link: a capability token granting one role in one workbook, until revoked. */
export interface ShareLinkRecord {
  id: string
  workbookId: string
  /** What the link grants; the owner's own token is not a link. */
  role: 'editor' | 'commenter' | 'viewer'
  /** SHA-256 (hex) of the link's token; the token itself is never stored. */
  tokenHash: string
  createdAt: number
  /** When the owner revoked it (epoch ms), null while it works. */
  revokedAt: number | null
}

/**
 * Persistence of Yjs documents as an append-only update log plus snapshots, of workbook
 * records and of share links. Implementations: `SqliteStore` (default, embedded, one process)
 * and `PostgresStore` (`DATABASE_URL`, shared by several processes).
 */
export interface Store {
  /** Every stored update of `doc` (empty for a document never written). */
  loadDoc(doc: string): Promise<StoredDoc>
  /**
   * Appends one update. Resolves only once the update would survive a crash or a power
   * loss: the server acks a client after this, never before. Returns its sequence number.
   * A store that can tell calls `written` first, once the update is committed — readable by
   * every reader of the store and kept if the process is killed, not yet through a power
   * loss: the server may apply and broadcast it then (a store that cannot tell never calls
   * it; the server then waits for the promise). An append whose commit fails is never
   * reported written; one whose commit was written and whose flush then fails was, and rejects.
   */
  appendUpdate(doc: string, update: Uint8Array, written?: (seq: number) => void): Promise<number>
  /**
   * Replaces the log entries of `doc` up to `throughSeq`, atomically, with `snapshot` and
   * whatever those entries hold that it lacks (`compactionRows`: one entry, or a big
   * document's slices and at most one more), so an entry another node appended before this
   * node saw it is never lost. Entries appended after `throughSeq` stay; the snapshot may
   * already contain them (idempotent). Resolves to the number of entries written.
   */
  compact(
    doc: string,
    snapshot: Uint8Array | SlicedSnapshot,
    throughSeq: number,
    /** Also drop structs and deletions that can never integrate (see `mergeForCompaction`). */
    dropPending?: boolean,
  ): Promise<number>
  /** Number of stored entries of `doc` (snapshot included). */
  countEntries(doc: string): Promise<number>
  /**
   * Creates a workbook record, the records of its sheets (`sheetIds`, live) and its initial
   * documents in one transaction.
   */
  createWorkbook(
    record: WorkbookRecord,
    docs: ReadonlyArray<{ doc: string; update: Uint8Array }>,
    sheetIds: readonly string[],
  ): Promise<void>
  getWorkbook(id: string): Promise<WorkbookRecord | null>
  /** The sheet records of a workbook, deleted ones included, oldest first. */
  listSheets(workbookId: string): Promise<SheetRecord[]>
  /**
   * Records new live sheets of a workbook and stores their first documents, in one
   * transaction that holds the workbook's lock: unless the workbook would then have more than
   * `maxLive` live sheets, in which case nothing is stored and it resolves false. A sheet id
   * is recorded once, ever (a duplicate rejects).
   */
  addSheets(
    workbookId: string,
    sheets: readonly NewSheet[],
    at: number,
    maxLive: number,
  ): Promise<boolean>
  /** Marks a live sheet deleted at `at`, unless it is the workbook's last live sheet. */
  deleteSheet(workbookId: string, sheetId: string, at: number): Promise<SheetDeletion>
  /** Makes a deleted sheet live again, unless the workbook already has `maxLive` live sheets. */
  restoreSheet(workbookId: string, sheetId: string, maxLive: number): Promise<SheetRestoration>
  /** Stores a new share link. */
  createLink(link: ShareLinkRecord): Promise<void>
  /** The links of a workbook that still work, oldest first. */
  listLinks(workbookId: string): Promise<ShareLinkRecord[]>
  /**
   * Revokes a link of a workbook. Resolves to the revoked link, or null when the workbook
   * has no such link that still works.
   */
  revokeLink(workbookId: string, linkId: string, at: number): Promise<ShareLinkRecord | null>
  /** The link (revoked or not) whose token has this SHA-256 hex, if any. */
  findLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null>
  /**
   * Makes one tiny write and commits it as durably as an append; rejects when the store
   * cannot write (disk full, read-only, unreachable). `/healthz` calls it.
   */
  probeWrite(): Promise<void>
  /**
   * Who owns each Yjs client id that has written to `doc` (an opaque owner string per session),
   * so no other session can write with an id that is not its own.
   */
  loadClientOwners(doc: string): Promise<Map<number, string>>
  /**
   * Binds each client id to its owner unless it is bound already (first claim wins, also
   * between processes), durably. Resolves to the owner each id is bound to now.
   */
  claimClients(
    doc: string,
    claims: ReadonlyArray<{ clientId: number; owner: string }>,
  ): Promise<Map<number, string>>
  /**
   * Stores a version and the state of each of its documents, in one transaction (see
   * `historyRecords.ts`). Versions live beside the update log: compaction never touches them.
   */
  addVersion(version: VersionRecord, docs: readonly VersionDoc[]): Promise<void>
  /** The versions of a workbook, oldest first. */
  listVersions(workbookId: string): Promise<VersionRecord[]>
  getVersion(workbookId: string, versionId: string): Promise<VersionRecord | null>
  /**
   * The rows needed to rebuild `doc` as of `versionId`: its full state first, then each delta
   * in order up to the version's own row. Empty when the version does not hold `doc`.
   */
  loadVersionChain(versionId: string, doc: string): Promise<VersionDoc[]>
  /** The newest row of `doc` among the workbook's versions (a new version's delta base). */
  getLatestVersionDoc(workbookId: string, doc: string): Promise<VersionDoc | null>
  /** The rows whose delta builds on `versionId` (they must be rebased before it goes). */
  listVersionDependents(versionId: string): Promise<VersionDoc[]>
  /**
   * Deletes a version (retention) in one transaction, rewriting its dependents first as
   * `rebased` (each one's delta merged with the dropped row's, on the dropped row's base).
   */
  dropVersion(workbookId: string, versionId: string, rebased: readonly VersionDoc[]): Promise<void>
  /** Appends to the cell edit log (batched with the update appends where the store can). */
  recordCellEdits(edits: readonly CellEditBatch[]): Promise<void>
  /** One cell's edits, newest first, at most `limit`. */
  listCellEdits(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]>
  /** The cell edits of a workbook's sheets made after `since` (epoch ms), oldest first. */
  listCellEditsSince(workbookId: string, since: number, limit: number): Promise<CellEditRecord[]>
  /**
   * Which cells each sheet had edited and who edited, over the first `limit` edits made after
   * `since` (epoch ms, oldest first) that were made by `until`: counted by the database, so a
   * busy period's edits are never read into memory one by one.
   */
  summarizeCellEdits(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary>
  getWorkbookSettings(workbookId: string): Promise<WorkbookSettings>
  setWorkbookSettings(workbookId: string, settings: WorkbookSettings): Promise<void>
  close(): Promise<void>
}
