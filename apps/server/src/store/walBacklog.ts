import fs from 'node:fs'
import os from 'node:os'

/**
 * How many WAL frames (one per page a commit changed) wait for a checkpoint before one is made:
 * SQLite's own default for its automatic checkpoint (`wal_autocheckpoint`), which the commit
 * thread's connection turns off (see `sqliteAppendWorker`).
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
 *
 * One descriptor serves the process (the commit thread reads through it too, `borrowed`), and
 * it is closed only after every connection of the process to the database: closing any
 * descriptor of a file drops every `fcntl` lock the process holds on that file, and SQLite's WAL
 * locks are on this one.
 */
export class WalBacklog {
  private readonly header = Buffer.alloc(BACKFILL_OFFSET + 4)
  private readonly littleEndian = os.endianness() === 'LE'
  private open: boolean

  private constructor(
    /** The index's descriptor; null when there was none to open (no WAL). */
    readonly fd: number | null,
    private readonly owned: boolean,
  ) {
    this.open = fd !== null
  }

  /** Opens `file`'s WAL index (the database is open in WAL mode); without one it reads 0. */
  static open(file: string): WalBacklog {
    try {
      return new WalBacklog(fs.openSync(`${file}-shm`, 'r'), true)
    } catch {
      return new WalBacklog(null, false)
    }
  }

  /** Reads through a descriptor another thread of this process opened, and closes. */
  static borrowed(fd: number): WalBacklog {
    return new WalBacklog(fd, false)
  }

  /** The frames waiting for a checkpoint; 0 when the index cannot be read. */
  frames(): number {
    if (!this.open || this.fd === null) return 0
    try {
      if (fs.readSync(this.fd, this.header, 0, this.header.length, 0) < this.header.length) return 0
    } catch {
      return 0
    }
    const read = (offset: number): number =>
      this.littleEndian ? this.header.readUInt32LE(offset) : this.header.readUInt32BE(offset)
    return Math.max(0, read(MX_FRAME_OFFSET) - read(BACKFILL_OFFSET))
  }

  /** Closes the descriptor if this one opened it: after the database's last connection. */
  close(): void {
    if (this.open && this.owned && this.fd !== null) fs.closeSync(this.fd)
    this.open = false
  }
}
