import * as Y from 'yjs'

/** Sends one (possibly merged) update of `doc` to this node's sockets in its room, but `except`. */
export type SendToRoom = (doc: string, update: Uint8Array, except: readonly string[]) => void

interface Pending {
  update: Uint8Array
  /** The socket it came from; null for server and remote changes. */
  from: string | null
}

/**
 * Coalesced fan-out of stored updates: the updates of a document released by one group commit
 * (the registry applies and pushes a whole stored batch synchronously) go out as one
 * `Y.mergeUpdates` message to the room — encoded once by Socket.IO, one write per socket —
 * instead of one message per update per socket. The merge includes a sender's own update when others' are merged with it (Yjs
 * ignores what a document already holds; leaving it out would cost one merge and one encoding
 * per sender); an update alone, or several from one socket, is not sent back to that socket.
 * Only what the registry stored and applied is pushed here, so nothing refused is ever sent.
 * The flush is a microtask queued by the first push, so it runs before the batch's acks are
 * sent: when an edit is acknowledged, everyone else has been sent it.
 */
export class UpdateFanout {
  private readonly pending = new Map<string, Pending[]>()
  private scheduled = false

  constructor(private readonly send: SendToRoom) {}

  push(doc: string, update: Uint8Array, from?: string): void {
    const entry = { update, from: from ?? null }
    const list = this.pending.get(doc)
    if (list) list.push(entry)
    else this.pending.set(doc, [entry])
    if (!this.scheduled) {
      this.scheduled = true
      queueMicrotask(() => this.flush())
    }
  }

  /** Sends everything pending now, one message per document. */
  flush(): void {
    this.scheduled = false
    const all = [...this.pending]
    this.pending.clear()
    for (const [doc, list] of all) {
      const senders = new Set(list.map((p) => p.from))
      const [only] = senders
      const except = senders.size === 1 && typeof only === 'string' ? [only] : []
      const update =
        list.length === 1 ? (list[0] as Pending).update : Y.mergeUpdates(list.map((p) => p.update))
      this.send(doc, update, except)
    }
  }
}
