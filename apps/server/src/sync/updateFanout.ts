import * as Y from 'yjs'

/** Sends one (possibly merged) update of `doc` to this node's sockets in its room, but `except`. */
export type SendToRoom = (doc: string, update: Uint8Array, except: readonly string[]) => void

interface Pending {
  update: Uint8Array
  /** The socket it came from; null for server and remote changes. */
  from: string | null
}

interface RoomState {
  pending: Pending[]
  /** A flush is queued (a microtask, or a timer when the room's window is still open). */
  scheduled: boolean
  /** Counts the flushes queued: one that `sendNow` made stale finds a later count and leaves. */
  round: number
  /** When this room was last sent to (`now()`), for the window. */
  lastSent: number
}

/** Sockets per millisecond of window: a room of 1,000 waits up to 20 ms between messages. */
const SOCKETS_PER_MS = 50

/** The longest a stored update waits before it is sent (Hocuspocus's `flushDelay` is alike). */
export const MAX_WINDOW_MS = 20

/** Rooms remembered before the first sweep of quiet ones. */
const MIN_SWEEP = 64

/**
 * How long a room's updates gather after the last message sent to it: 0 up to 49 sockets
 * (each group commit goes out at once), then a millisecond per 50 sockets, at most 20 ms. So a
 * room receives at most `1000 / window` messages a second per socket, and a room of N sockets
 * costs at most ~50,000 socket writes a second however fast its editors type.
 */
export function windowFor(sockets: number): number {
  return Math.min(MAX_WINDOW_MS, Math.floor(sockets / SOCKETS_PER_MS))
}

/**
 * Coalesced fan-out of stored updates. The updates of a document released by one group commit
 * (the registry applies and pushes a whole stored batch synchronously) go out as one
 * `Y.mergeUpdates` message to the room — encoded once, one write per socket (`writeToRoom`) —
 * instead of one message per update per socket. The merge includes a sender's own update when
 * others' are merged with it (Yjs ignores what a document already holds; leaving it out would
 * cost one merge and one encoding per sender); an update alone, or several from one socket, is
 * not sent back to that socket. Only what the registry stored and applied is pushed here, so
 * nothing refused is ever sent.
 *
 * A small room is sent to in a microtask queued by the first push (or at once, `sendNow`),
 * before the batch's acks go out: when an edit is acknowledged, everyone else has been sent it. A big room (50 sockets
 * and more, `windowFor`) is sent to at most once per window: what is stored while the window
 * is open waits for its end and goes out merged, so 1,000 editors typing once a second cost
 * ~50 messages a second per socket instead of 1,000 — and an acknowledged edit reaches the
 * others up to `MAX_WINDOW_MS` later.
 */
export class UpdateFanout {
  private readonly rooms = new Map<string, RoomState>()
  private sweepAt = MIN_SWEEP

  constructor(
    private readonly send: SendToRoom,
    /** Sockets of this node in the document's room; none known means send at once. */
    private readonly roomSize: (doc: string) => number = () => 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(doc: string, update: Uint8Array, from?: string): void {
    let room = this.rooms.get(doc)
    if (!room) {
      room = { pending: [], scheduled: false, round: 0, lastSent: -Infinity }
      this.rooms.set(doc, room)
    }
    room.pending.push({ update, from: from ?? null })
    if (room.scheduled) return
    room.scheduled = true
    const round = ++room.round
    const flush = (): void => {
      if (this.rooms.get(doc) === room && room.round === round) this.flushRoom(doc)
    }
    const wait = room.lastSent + windowFor(this.roomSize(doc)) - this.now()
    if (wait > 0) setTimeout(flush, wait).unref()
    else queueMicrotask(flush)
  }

  /**
   * Sends what `doc`'s room holds now, if its window is closed (a room under 50 sockets always
   * is), instead of at the end of the microtask: the registry sends a stored batch this way
   * before it applies the batch to its own copy. The flush `push` queued is dropped. A room in
   * its window waits for the window's end, as ever.
   */
  sendNow(doc: string): void {
    const room = this.rooms.get(doc)
    if (!room?.scheduled) return
    if (room.lastSent + windowFor(this.roomSize(doc)) > this.now()) return
    room.round++
    this.flushRoom(doc)
  }

  private flushRoom(doc: string): void {
    const room = this.rooms.get(doc)
    if (!room) return
    const list = room.pending
    room.pending = []
    room.scheduled = false
    if (list.length === 0) return
    room.lastSent = this.now()
    const senders = new Set(list.map((p) => p.from))
    const [only] = senders
    const except = senders.size === 1 && typeof only === 'string' ? [only] : []
    const update =
      list.length === 1 ? (list[0] as Pending).update : Y.mergeUpdates(list.map((p) => p.update))
    this.send(doc, update, except)
    // A room without a window needs no memory of it; big rooms' state is swept now and then.
    if (windowFor(this.roomSize(doc)) === 0) this.rooms.delete(doc)
    else if (this.rooms.size >= this.sweepAt) this.forgetQuietRooms()
  }

  /**
   * Drops the state of rooms whose window has closed with nothing pending (a fresh one is
   * alike). Runs when the map has doubled since the last sweep, so its cost is shared out.
   */
  private forgetQuietRooms(): void {
    const now = this.now()
    for (const [doc, room] of this.rooms) {
      if (!room.scheduled && now - room.lastSent >= MAX_WINDOW_MS) this.rooms.delete(doc)
    }
    this.sweepAt = Math.max(MIN_SWEEP, 2 * this.rooms.size)
  }
}
