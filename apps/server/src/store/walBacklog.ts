import fs from 'node:fs'
import os from 'node:os'

/**
 * How many WAL frames (one per page a commit changed) wait for a checkpoint before one is made:
 * SQLite's own default for its automatic checkpoint (`wal_autocheckpoint`), which the store's
 * writing connections turn off (see `sqliteAppendWorker`).
 */
export const CHECKPOINT_FRAMES = 1000

/** The WAL index header's `mxFrame` (frames in the WAL) and its checkpoint info's `nBackfill`. */
const MX_FRAME_OFFSET = 16
const BACKFILL_OFFSET = 96

/**
 * The frames of a database's WAL not yet copied into the database, read from its WAL index
 * (the `-shm` file every connection maps: its header's `mxFrame` less the checkpoint's
 * `nBackfill`, in the machine's byte order; https://sqlite.org/walformat.html), a read of
 * ~4 µs. SQLite offers no count without making a checkpoint (`wal_checkpoint` answers it after
 * one) and better-sqlite3 no `wal_hook`. A header read while a writer updates it may be stale by
 * a commit: only the checkpoint's timing depends on it.
 */
export class WalBacklog {
  private fd: number | null = null
  private readonly header = Buffer.alloc(BACKFILL_OFFSET + 4)
  private readonly littleEndian = os.endianness() === 'LE'

  constructor(private readonly file: string) {}

  /** The frames waiting for a checkpoint; 0 when the index cannot be read (no WAL yet). */
  frames(): number {
    try {
      this.fd ??= fs.openSync(`${this.file}-shm`, 'r')
      if (fs.readSync(this.fd, this.header, 0, this.header.length, 0) < this.header.length) return 0
    } catch {
      return 0
    }
    const read = (offset: number): number =>
      this.littleEndian ? this.header.readUInt32LE(offset) : this.header.readUInt32BE(offset)
    return Math.max(0, read(MX_FRAME_OFFSET) - read(BACKFILL_OFFSET))
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd)
    this.fd = null
  }
}
