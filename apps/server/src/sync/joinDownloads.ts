import { randomBytes } from 'node:crypto'
import { JOIN_DOWNLOAD_PATH } from '@cellmate/protocol'

/** How long a join's download waits for its client. */
export const DOWNLOAD_TTL_MS = 60_000
/** Downloads one connection may have waiting (a connection opens a workbook and its sheets). */
export const MAX_DOWNLOADS_PER_OWNER = 4

interface Download {
  owner: string
  body: Uint8Array
  expires: number
}

/**
 * The rest of big join answers, waiting to be downloaded over HTTP (`JoinOk.download`): a
 * browser takes an HTTP body off its main thread in big chunks, where a WebSocket's messages
 * arrive only while that thread is free (a 1,000,000-cell sheet: ~0.2 s against ~2 s).
 *
 * A ticket is 144 random bits, given only in the ack of a join that passed its checks, to the
 * connection (`owner`) that asked; it can be taken once, within `DOWNLOAD_TTL_MS`, and dies
 * with that connection (`dropOwner`). A body is the document's cached encoding, shared with
 * every joiner of the same state, so a waiting download costs memory only once its document
 * has changed since.
 */
export class JoinDownloads {
  private readonly waiting = new Map<string, Download>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps `body` for `owner`; returns the path the client downloads it from. */
  issue(owner: string, body: Uint8Array): string {
    this.sweep()
    const mine = [...this.waiting].filter(([, d]) => d.owner === owner)
    for (const [ticket] of mine.slice(0, Math.max(0, mine.length - MAX_DOWNLOADS_PER_OWNER + 1)))
      this.waiting.delete(ticket)
    const ticket = randomBytes(18).toString('base64url')
    this.waiting.set(ticket, { owner, body, expires: this.now() + DOWNLOAD_TTL_MS })
    return `${JOIN_DOWNLOAD_PATH}/${ticket}`
  }

  /** The body of `ticket`, once; undefined if there is none (taken, expired, or dropped). */
  take(ticket: string): Uint8Array | undefined {
    const download = this.waiting.get(ticket)
    if (!download) return undefined
    this.waiting.delete(ticket)
    return download.expires > this.now() ? download.body : undefined
  }

  /** Forgets what `owner` has not downloaded (its connection closed). */
  dropOwner(owner: string): void {
    for (const [ticket, d] of this.waiting) if (d.owner === owner) this.waiting.delete(ticket)
  }

  get size(): number {
    return this.waiting.size
  }

  private sweep(): void {
    const now = this.now()
    for (const [ticket, d] of this.waiting) if (d.expires <= now) this.waiting.delete(ticket)
  }
}
