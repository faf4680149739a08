/**
 * How long a commit made with `DURABILITY=write` may sit in the operating system's cache before
 * its log is flushed to the disk: the most a power loss or an OS crash can take of what the
 * server acknowledged (the browsers that made those edits send them again when they next
 * join, see `SyncedDoc`). A process crash (kill -9) takes nothing: the log is written before
 * the ack either way.
 */
export const WAL_FLUSH_DELAY_MS = 20

/**
 * Flushes the SQLite write-ahead log to the disk at most `delayMs` after each commit that did
 * not flush it itself (`synchronous=NORMAL`), one flush for all the commits of that window,
 * off the commit path: acks do not wait for the disk, and the disk is flushed ~50 times a
 * second at most however many edits arrive.
 */
export class WalFlusher {
  private timer: ReturnType<typeof setTimeout> | null = null
  private flushing: Promise<void> | null = null
  /** A commit arrived while a flush ran: it may not be covered, so flush again after. */
  private again = false
  private failure: unknown = null

  constructor(
    private readonly flush: () => Promise<void>,
    private readonly delayMs: number = WAL_FLUSH_DELAY_MS,
  ) {}

  /** The first flush that failed (an I/O error): the caller falls back to flushing each commit. */
  get failed(): unknown {
    return this.failure
  }

  /** A commit reached the log unflushed. */
  committed(): void {
    if (this.flushing) {
      this.again = true
      return
    }
    this.timer ??= setTimeout(() => this.run(), this.delayMs)
  }

  /** Resolves once every commit reported so far is flushed (or the flush failed). */
  async idle(): Promise<void> {
    while (this.timer || this.flushing) {
      if (this.timer) {
        clearTimeout(this.timer)
        this.run()
      }
      await this.flushing
    }
  }

  private run(): void {
    this.timer = null
    this.again = false
    this.flushing = this.flush()
      .catch((err: unknown) => {
        this.failure ??= err
      })
      .finally(() => {
        this.flushing = null
        if (this.again) this.committed()
      })
  }
}
