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
  /** A flush is queued (a microtask, or a timer when the room has no credit left). */
  scheduled: boolean
  /** Counts the flushes queued: one that `sendNow` made stale finds a later count and leaves. */
  round: number
  /**
   * Messages the room may be sent now, as of `at` (`now()`): one comes back per window, up to
   * `BURST`; a message sent takes one. Below zero by a little when a timer fires early.
   */
  credit: number
  at: number
}

/** Sockets per millisecond of window: a room of 1,000 waits up to 20 ms between messages. */
const SOCKETS_PER_MS = 50

/** The longest a stored update waits before it is sent (Hocuspocus's `flushDelay` is alike). */
export const MAX_WINDOW_MS = 20

/**
 * Messages a quiet big room may be sent back to back before its window spaces them: edits of
 * separate people come at random moments, and with a strict gap one edit in five of a room of
 * 1,000 at ten edits a second (one within 20 ms of the last) waited for the window, though the
 * room was far below its budget of writes (server README, "Edits now and then in a big room").
 */
export const BURST = 4

/** Rooms remembered before the first sweep of quiet ones. */
const MIN_SWEEP = 64

/**
 * The time a room earns one message in: 0 up to 49 sockets (each group commit goes out at
 * once), then a millisecond per 50 sockets, at most 20 ms. So a room receives at most
 * `1000 / window` messages a second per socket (after a burst of `BURST`), and a room of N
 * sockets costs at most ~50,000 socket writes a second however fast its editors type.
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
 * A room is sent to in a microtask queued by the first push (or at once, `sendNow`), before
 * the batch's acks go out: when an edit is acknowledged, everyone else has been sent it. A big
 * room (50 sockets and more, `windowFor`) spends a credit per message and earns one per window,
 * holding up to `BURST`: while it has one, it is sent to as a small room is; without, what is
 * stored waits until the next is earned and goes out merged. So edits now and then reach
 * everyone at once, while 1,000 editors typing once a second cost ~50 messages a second per
 * socket instead of 1,000 — and an acknowledged edit then reaches the others up to
 * `MAX_WINDOW_MS` later.
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
      room = { pending: [], scheduled: false, round: 0, credit: BURST, at: this.now() }
      this.rooms.set(doc, room)
    }
    room.pending.push({ update, from: from ?? null })
    if (room.scheduled) return
    room.scheduled = true
    const round = ++room.round
    const flush = (): void => {
      if (this.rooms.get(doc) === room && room.round === round) this.flushRoom(doc)
    }
    const wait = this.waitFor(room, windowFor(this.roomSize(doc)))
    if (wait > 0) setTimeout(flush, wait).unref()
    else queueMicrotask(flush)
  }

  /** Milliseconds until `room` has a message's credit (0: it has one now). */
  private waitFor(room: RoomState, window: number): number {
    if (window === 0) return 0
    const credit = Math.min(BURST, room.credit + (this.now() - room.at) / window)
    return credit >= 1 ? 0 : Math.ceil((1 - credit) * window)
  }

  /**
   * Sends what `doc`'s room holds now, if it has a message's credit (a room under 50 sockets
   * always has), instead of at the end of the microtask: the registry sends a stored batch this
   * way before it applies the batch to its own copy. The flush `push` queued is dropped. A room
   * without credit waits for it, as ever.
   */
  sendNow(doc: string): void {
    const room = this.rooms.get(doc)
    if (!room?.scheduled) return
    if (this.waitFor(room, windowFor(this.roomSize(doc))) > 0) return
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
    const window = windowFor(this.roomSize(doc))
    if (window > 0) {
      const now = this.now()
      room.credit = Math.min(BURST, room.credit + (now - room.at) / window) - 1
      room.at = now
    }
    const senders = new Set(list.map((p) => p.from))
    const [only] = senders
    const except = senders.size === 1 && typeof only === 'string' ? [only] : []
    const update =
      list.length === 1 ? (list[0] as Pending).update : Y.mergeUpdates(list.map((p) => p.update))
    this.send(doc, update, except)
    // A room without a window needs no memory of it; big rooms' state is swept now and then.
    if (window === 0) this.rooms.delete(doc)
    else if (this.rooms.size >= this.sweepAt) this.forgetQuietRooms()
  }

  /**
   * Drops the state of rooms whose credit is whole again with nothing pending (a fresh one is
   * alike). Runs when the map has doubled since the last sweep, so its cost is shared out.
   */
  private forgetQuietRooms(): void {
    const now = this.now()
    for (const [doc, room] of this.rooms) {
      if (!room.scheduled && now - room.at >= (BURST + 1) * MAX_WINDOW_MS) this.rooms.delete(doc)
    }
    this.sweepAt = Math.max(MIN_SWEEP, 2 * this.rooms.size)
  }
}
