import fs from 'node:fs'
import Database from 'better-sqlite3'
import { cellCount } from './cellEditBatches.js'
import type { CellEditBatch } from './historyRecords.js'
import { cellEditLogWriter } from './sqliteCellEditRuns.js'
import {
  updateCommitter,
  type PackedAppends,
  type UpdateClaims,
  type WrittenUpdates,
} from './sqliteUpdateCommit.js'
import { CHECKPOINT_FRAMES, type WalBacklog } from './walBacklog.js'

/**
 * The largest batch the event loop writes itself (`takes`): an idle room's edit is one small
 * append (~0.2 ms to write here, cold). A busy room's batches, which gather during an fsync,
 * and big pastes stay on the commit thread, off the event loop.
 */
const INLINE_MAX_APPENDS = 8
const INLINE_MAX_BYTES = 32 * 1024

/** The WAL's frames are read once in this many writes here (`checkpointDue`). */
const WRITES_PER_BACKLOG_READ = 16

/**
 * The most cell edit log rows the event loop writes itself after a batch it wrote
 * (`takesRows`): an idle room's edit has a row or a few (~0.1 ms to insert here, cold).
 */
const INLINE_MAX_ROWS = 64

/**
 * `SqliteAppender`'s writes on the event loop: a small batch's appends and claims go into the
 * WAL on a connection of its own (`synchronous=NORMAL`: seen by every connection, kept through
 * kill -9), and `sync` fsyncs the WAL on libuv's thread pool (the same `fdatasync` the commit
 * thread makes); a few cell edit log rows follow in a transaction of their own (`writeRows`).
 * The appender only writes here while the commit thread is idle or checkpointing (a write that
 * meets the checkpoint's lock goes to the thread instead), so the two connections never wait
 * for each other's lock. This connection never checkpoints (it copies pages and fsyncs the
 * database, on the event loop): it tells when the thread should (`checkpointDue`).
 */
export class InlineWriter {
  /** The connection and the WAL's descriptor, opened on first use. */
  private open: {
    db: Database.Database
    commit: ReturnType<typeof updateCommitter>
    rows: (edits: readonly CellEditBatch[]) => void
    wal: number
  } | null = null
  /** The WAL's frames when the thread was last asked to checkpoint it (`checkpointDue`). */
  private askedAt = 0
  /** Writes made since the WAL's frames were last read (`checkpointDue`). */
  private unread = 0

  constructor(
    private readonly file: string,
    /** The WAL index, opened and closed by the store (see `WalBacklog`). */
    private readonly backlog: WalBacklog,
  ) {}

  /** Whether this batch is written here rather than by the commit thread. */
  takes(appends: PackedAppends): boolean {
    return appends.docs.length <= INLINE_MAX_APPENDS && appends.data.byteLength <= INLINE_MAX_BYTES
  }

  /**
   * Whether the commit thread should be asked to checkpoint the WAL: it holds `CHECKPOINT_FRAMES`
   * more than when it was last asked (the count drops once a checkpoint has copied them).
   */
  checkpointDue(): boolean {
    // A small batch adds a few frames (~3 for an edit and its row); reading the count for each
    // cost ~20 µs of the event loop's ~1.8 ms an edit with ten people in the room.
    if (this.unread < WRITES_PER_BACKLOG_READ) return false
    this.unread = 0
    const frames = this.backlog.frames()
    if (frames < this.askedAt) this.askedAt = 0
    if (frames < this.askedAt + CHECKPOINT_FRAMES) return false
    this.askedAt = frames
    return true
  }

  /** Writes appends and claims: in the WAL, not yet fsynced. Throws what SQLite refuses. */
  write(appends: PackedAppends, claims: readonly UpdateClaims[]): WrittenUpdates {
    const written = this.connection().commit(appends, claims)
    this.unread++
    return written
  }

  /** Whether these cell edit log rows are written here rather than by the commit thread. */
  takesRows(edits: readonly CellEditBatch[]): boolean {
    return cellCount(edits) <= INLINE_MAX_ROWS
  }

  /**
   * Writes cell edit log rows in a transaction of their own: in the WAL, not fsynced (as the
   * commit thread writes them: the next commit's fsync covers them). Throws what SQLite refuses.
   */
  writeRows(edits: readonly CellEditBatch[]): void {
    this.connection().rows(edits)
  }

  /** Fsyncs the WAL off the event loop; `done` hears of it (with the error if it failed). */
  sync(done: (err: unknown) => void): void {
    const fd = this.open?.wal
    if (fd === undefined) queueMicrotask(() => done(new Error('no WAL file open')))
    else fs.fdatasync(fd, done)
  }

  close(): void {
    if (this.open) {
      this.open.db.close()
      fs.closeSync(this.open.wal)
    }
    this.open = null
  }

  private connection(): NonNullable<InlineWriter['open']> {
    if (this.open) return this.open
    const db = new Database(this.file)
    try {
      // The WAL is fsynced after each write (`sync`) and checkpointed by the commit thread
      // (`checkpointDue`).
      db.pragma('synchronous = NORMAL')
      db.pragma('wal_autocheckpoint = 0')
      db.pragma('busy_timeout = 0')
      const commit = updateCommitter(db)
      const rows = cellEditLogWriter(db)
      this.open = { db, commit, rows, wal: fs.openSync(`${this.file}-wal`, 'r+') }
      return this.open
    } catch (err) {
      db.close()
      throw err
    }
  }
}
