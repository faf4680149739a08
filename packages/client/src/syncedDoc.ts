import * as Y from 'yjs'
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import type { Socket } from 'socket.io-client'
import {
  ERROR_CODES,
  LIMITS,
  EVENTS,
  RETRYABLE_ERROR_CODES,
  joinAck,
  unframeSlices,
  type JoinPartMessage,
  updateAck,
  type ErrorBody,
  type SheetPreview,
  type ErrorCode,
  type Role,
} from '@cellmate/protocol'
import { applyReceivedUpdate } from './receivedUpdate.js'
import { JoinParts } from './joinParts.js'
import { downloadSlices } from './joinDownload.js'
import { splitUpdate } from './updateChunks.js'
import { addsToServer, ownEditsLackedBy } from './stepTwo.js'

/** What a `SyncedDoc` needs from its provider. */
export interface DocTransport {
  readonly socket: Socket
  /** The server's origin (`''`: this page's), for downloads (`JoinOk.download`). */
  readonly url: string
  readonly ackTimeoutMs: number
  /** Called whenever pending counts or sync state change. */
  changed(): void
  /** Called when the server refuses something for good. */
  reportError(doc: string, error: ErrorBody): void
}

/** Options of one opened document. */
export interface OpenOptions {
  /**
   * The local document may hold edits the server has never acknowledged that are not in this
   * session's pending queue — e.g. it was restored from IndexedDB after an offline reload.
   * The first sync then sends the full diff against the server's state vector.
   */
  mayHaveUnsyncedState?: boolean
  /**
   * Join only once this other document is joined and flushed — e.g. a sheet after the
   * workbook document that lists it, so a sheet added offline is known to the server (which
   * refuses to open sheets a workbook does not list) before its own join.
   */
  after?: SyncedDoc
  /**
   * Apply the server's state in slices, yielding to the event loop between them, so a big
   * document never holds a browser's main thread for seconds (`joinRequest.slices`).
   */
  slices?: boolean
  /**
   * For a sheet opened with an empty document: ask the server for its first screen
   * (`watchPreview`), which arrives before the whole state.
   */
  preview?: boolean
}

const RESEND_DELAY_MS = 1000

/**
 * How long join slices are applied in one task before yielding: under the 50 ms of a long task
 * with a slice (~3-10 ms) to spare.
 */
const SLICES_TASK_MS = 30

/**
 * Largest update sent in one message: half the server's limit, so a part is never refused
 * for its size (or its connection dropped) whatever the framing adds.
 */
const SEND_MAX_BYTES = LIMITS.maxUpdateBytes / 2

/**
 * One Yjs document kept in sync over the provider's socket.
 *
 * Invariants (see the package README):
 * - Every local update is pending from the moment it is made until the server acks it, and
 *   the server acks only after it is durable. Unacked updates are resent after a reconnect,
 *   folded into the diff against the server's state vector (Yjs updates are idempotent).
 * - Nothing is sent before the join handshake has completed on the current connection.
 */
export class SyncedDoc {
  readonly awareness: Awareness
  /** Role granted by the server at the last join; null before the first join. */
  role: Role | null = null
  /**
   * The session the server knows this connection by (join ack): a comment's author id, which
   * the server lets only this session write. Null before the first join or from an older server.
   */
  session: string | null = null
  /** Set when the server refused the join for good (no access, unknown document). */
  failure: ErrorBody | null = null
  /**
   * True when the document held nothing when it was opened here (a first visit): until it is
   * `synced` it holds part of the server's state at most, as its slices arrive.
   */
  readonly openedEmpty: boolean

  private readonly pendingUpdates = new Map<number, Uint8Array>()
  /** The server refused an update of this copy for good (see `join`'s resend of lost edits). */
  private refusedForGood = false
  private seq = 0
  private dirty: boolean
  private joined = false
  private joining = false
  private everSynced = false
  private closed = false
  private syncWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []
  private flushWaiters: Array<() => void> = []
  private resendTimer: ReturnType<typeof setTimeout> | null = null
  private readonly after: SyncedDoc | undefined
  private readonly options: OpenOptions
  /** Bumped at every disconnect: a join still applying slices from before stops. */
  private connection = 0
  /** The parts of the join answer under way (`JoinRequest.stream`); null between joins. */
  private parts: JoinParts | null = null
  /** Numbers this document's joins, so parts of an abandoned join are told apart. */
  private joins = 0
  /**
   * Whether a join may take its answer's rest over HTTP (`JoinRequest.download`): until a
   * download fails (a proxy that lets only the socket through, a balancer that sends the
   * request to another server); the answers come over the socket after that.
   */
  private downloads = typeof fetch === 'function'
  private firstScreen: SheetPreview | null = null
  private readonly previewListeners = new Set<(preview: SheetPreview) => void>()

  constructor(
    private readonly transport: DocTransport,
    readonly name: string,
    readonly doc: Y.Doc,
    options: OpenOptions = {},
  ) {
    this.openedEmpty = doc.store.clients.size === 0
    this.dirty = options.mayHaveUnsyncedState ?? false
    this.after = options.after
    this.options = options
    this.awareness = new Awareness(doc)
    doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
    if (transport.socket.connected) void this.join()
  }

  /** Number of local edits not yet durably acknowledged by the server. */
  get pending(): number {
    return this.pendingUpdates.size + (this.dirty ? 1 : 0)
  }

  /** True once the first join completed; the document then holds the server's state. */
  get synced(): boolean {
    return this.everSynced
  }

  /** True while joined on the current connection. */
  get online(): boolean {
    return this.joined
  }

  /** Resolves after the first successful join (server state applied locally). */
  whenSynced(): Promise<void> {
    if (this.everSynced) return Promise.resolve()
    if (this.failure) return Promise.reject(new Error(this.failure.message))
    return new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject }))
  }

  /**
   * The sheet's first screen as the server sent it before its state (`OpenOptions.preview`);
   * null when none came, and again once the document holds the server's state.
   */
  get preview(): SheetPreview | null {
    return this.everSynced ? null : this.firstScreen
  }

  /** Calls `listener` when the first screen arrives (before the document is synced). */
  watchPreview(listener: (preview: SheetPreview) => void): () => void {
    this.previewListeners.add(listener)
    return () => this.previewListeners.delete(listener)
  }

  /** Resolves when every local edit made so far is durably acknowledged by the server. */
  flushed(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.flushWaiters.push(resolve))
  }

  /** Stops syncing this document (the local Y.Doc is left intact). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'local')
    this.awareness.destroy()
    if (this.resendTimer) clearTimeout(this.resendTimer)
    this.parts?.fail(new Error('closed'))
    this.parts = null
    if (this.joined) this.transport.socket.emit(EVENTS.leave, { doc: this.name })
    this.joined = false
  }

  /** @internal Called by the provider when the socket (re)connects. */
  onConnect(): void {
    if (!this.closed && !this.failure) void this.join()
  }

  /** @internal Called by the provider when the socket drops. */
  onDisconnect(): void {
    this.connection++
    this.joined = false
    this.joining = false
    this.parts?.fail(new Error('disconnected'))
    this.parts = null
    // Peers drop our presence when we drop; forget theirs likewise.
    const others = [...this.awareness.getStates().keys()].filter((c) => c !== this.doc.clientID)
    removeAwarenessStates(this.awareness, others, this)
    this.transport.changed()
  }

  /** @internal A remote update relayed by the server. */
  onRemoteUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, this)
  }

  /** @internal The first screen of a sheet this document asked for. */
  onPreview(preview: SheetPreview): void {
    if (this.everSynced || this.closed) return
    this.firstScreen = preview
    for (const listener of [...this.previewListeners]) listener(preview)
  }

  /** @internal A part of a join answer (`JoinRequest.stream`). */
  onJoinPart(part: JoinPartMessage): void {
    if (this.parts?.join === part.join) this.parts.add(part.index, part.slices)
  }

  /** @internal A remote awareness update relayed by the server. */
  onRemoteAwareness(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, this)
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return
    const id = ++this.seq
    this.pendingUpdates.set(id, update)
    this.transport.changed()
    if (this.joined) void this.send([id], update)
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || !this.joined) return
    const changed = [...added, ...updated, ...removed]
    this.transport.socket.emit(EVENTS.awareness, {
      doc: this.name,
      update: encodeAwarenessUpdate(this.awareness, changed),
    })
  }

  private async join(): Promise<void> {
    if (this.joining || this.closed) return
    this.joining = true
    const socket = this.transport.socket
    const connection = this.connection
    try {
      if (this.after) {
        await this.after.flushed()
        if (this.closed || !socket.connected) return
      }
      const stateVector = Y.encodeStateVector(this.doc)
      const slices = this.options.slices === true
      // Parts may arrive right behind the ack: they are collected from the request on.
      const stream = slices ? (this.joins = (this.joins + 1) >>> 0) : undefined
      this.parts?.fail(new Error('superseded'))
      this.parts = stream === undefined ? null : new JoinParts(stream, this.transport.ackTimeoutMs)
      const raw: unknown = await socket
        .timeout(this.transport.ackTimeoutMs)
        .emitWithAck(EVENTS.join, {
          doc: this.name,
          stateVector,
          clientId: this.doc.clientID,
          ...(slices ? { slices, stream, ...(this.downloads ? { download: true } : {}) } : {}),
          ...(this.options.preview && !this.everSynced && isEmptyStateVector(stateVector)
            ? { preview: true }
            : {}),
        })
      if (this.closed || !socket.connected) return
      const ack = joinAck.parse(raw)
      if ('error' in ack) {
        this.failJoin({ code: ack.error.code as ErrorCode, message: ack.error.message })
        return
      }
      // The deletions this copy may hold that the server lacks are among those it held before
      // the server's answer (taken in the same task as applying it, so no edit slips between).
      const mayNeedStep2 = this.dirty || this.pendingUpdates.size > 0
      let localDeletes = mayNeedStep2 ? Y.snapshot(this.doc).ds : null
      const editsBefore = this.seq
      const parts = ack.parts === undefined ? null : this.parts
      // Answered whole or with a download: no parts will come for this join.
      if (!parts) this.parts = null
      const more = ack.more ? unframeSlices(ack.more) : []
      if (!more || (ack.parts !== undefined && !parts)) throw new Error('malformed join answer')
      const rest = ack.download
        ? downloadSlices(this.transport.url, ack.download, this.transport.ackTimeoutMs)
        : parts
          ? parts.slices(ack.parts as number)
          : more
      applyReceivedUpdate(this.doc, ack.update, this)
      // The server's delete set travels whole in its last slice.
      let serverDeletes = ack.update
      try {
        // Slices are applied together until `SLICES_TASK_MS` have passed, then the page gets
        // its turn: a task per slice (250 for 1,000,000 cells) paid a task switch, and often a
        // frame, each.
        let since = performance.now()
        for await (const slice of rest) {
          if (performance.now() - since >= SLICES_TASK_MS) {
            await nextTask()
            since = performance.now()
          }
          if (this.closed || connection !== this.connection) return
          applyReceivedUpdate(this.doc, slice, this)
          serverDeletes = slice
        }
      } catch (err) {
        if (ack.download) this.downloads = false
        throw err
      }
      if (this.parts === parts) this.parts = null
      // An edit made between slices may have deleted something too: look at every deletion.
      if (this.seq !== editsBefore) localDeletes = null
      this.role = ack.role
      this.session = ack.session ?? null
      this.joined = true
      // Sync step 2 in the other direction: everything the server lacks, which covers every
      // pending update of this and earlier connections.
      const covered = [...this.pendingUpdates.keys()]
      if (covered.length > 0 || this.dirty) {
        const wasDirty = this.dirty
        const diff = Y.encodeStateAsUpdate(this.doc, ack.stateVector)
        // Nothing the server lacks (a fresh or up-to-date copy: the diff then carries only
        // deletions the server already has): no round trip. A viewer never sends at all.
        if (ack.role === 'viewer' || !addsToServer(diff, serverDeletes, localDeletes)) {
          this.settle(covered, wasDirty)
        } else void this.send(covered, diff, wasDirty)
      } else if (ack.role !== 'viewer' && !this.refusedForGood) {
        // The server acknowledged edits of ours it no longer has (it was restored from a
        // backup, or its disk lost what it said was flushed). Send them again — ours only:
        // another session's are that session's to send, and the server would refuse them from
        // us. Not after the server refused one of ours for good: this copy still holds it, and
        // sending it on every join would only be refused again.
        const lost = ownEditsLackedBy(this.doc, ack.stateVector)
        if (lost) void this.send([], lost)
      }
      if (this.awareness.getLocalState() !== null) {
        socket.emit(EVENTS.awareness, {
          doc: this.name,
          update: encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
        })
      }
      if (!this.everSynced) {
        this.everSynced = true
        for (const w of this.syncWaiters.splice(0)) w.resolve()
      }
      this.transport.changed()
    } catch {
      // Timed out or disconnected mid-join: the next connect joins again. If the socket is
      // still up, the server was just slow; try again shortly.
      if (socket.connected && !this.closed) this.scheduleRejoin()
    } finally {
      this.joining = false
    }
  }

  private hasWrittenWithClientId(): boolean {
    return this.doc.store.clients.has(this.doc.clientID)
  }

  /** Joins again after a short delay (sync step 1/2 once more); pending edits stay pending. */
  private rejoin(): void {
    if (!this.joined) return
    this.joined = false
    this.dirty = true
    this.transport.changed()
    this.scheduleRejoin()
  }

  private scheduleRejoin(): void {
    setTimeout(() => {
      if (!this.joined && this.transport.socket.connected) void this.join()
    }, RESEND_DELAY_MS)
  }

  private failJoin(error: ErrorBody): void {
    if (RETRYABLE_ERROR_CODES.has(error.code)) {
      this.scheduleRejoin()
      return
    }
    // Another session holds this client id (a random collision): write with a new one, as
    // long as nothing was written with this one yet.
    if (error.code === ERROR_CODES.CLIENT_ID_TAKEN && !this.hasWrittenWithClientId()) {
      this.doc.clientID = randomClientId()
      // After the current join attempt has finished (it is still marked as joining).
      queueMicrotask(() => void this.join())
      return
    }
    this.failure = error
    this.transport.reportError(this.name, error)
    for (const w of this.syncWaiters.splice(0)) w.reject(new Error(error.message))
    this.transport.changed()
  }

  private async send(ids: number[], update: Uint8Array, clearsDirty = false): Promise<void> {
    const socket = this.transport.socket
    let retry = false
    try {
      // Over the server's limit (a diff after many offline edits, a merged resend) it goes in
      // parts, emitted back to back: the socket and the server keep their order.
      const raws: unknown[] = await Promise.all(
        splitUpdate(update, SEND_MAX_BYTES).map((part) =>
          socket
            .timeout(this.transport.ackTimeoutMs)
            .emitWithAck(EVENTS.update, { doc: this.name, update: part }),
        ),
      )
      const acks = raws.map((raw) => updateAck.parse(raw))
      const ack = acks.find((a) => 'error' in a) ?? { ok: true as const }
      if ('error' in ack) {
        const error = { code: ack.error.code as ErrorCode, message: ack.error.message }
        if (error.code === ERROR_CODES.OUT_OF_ORDER) {
          // It builds on edits the server lacks (it has not received them from another node
          // yet, or an earlier update of ours was refused): join again, which sends the whole
          // diff against the server's state.
          this.rejoin()
          return
        } else if (RETRYABLE_ERROR_CODES.has(error.code)) {
          retry = true
        } else {
          // Refused for good (e.g. a viewer, or an update over the limits): resending cannot
          // help, so drop it from the queue and say so.
          this.refusedForGood = true
          this.transport.reportError(this.name, error)
          this.settle(ids, clearsDirty)
        }
      } else {
        this.settle(ids, clearsDirty)
      }
    } catch {
      retry = true
    }
    if (retry && this.joined && !this.closed) this.scheduleResend()
  }

  private settle(ids: number[], clearsDirty: boolean): void {
    for (const id of ids) this.pendingUpdates.delete(id)
    if (clearsDirty) this.dirty = false
    this.transport.changed()
    if (this.pending === 0) for (const w of this.flushWaiters.splice(0)) w()
  }

  /** Resend everything still pending as one merged update, once, after a short delay. */
  private scheduleResend(): void {
    if (this.resendTimer) return
    this.resendTimer = setTimeout(() => {
      this.resendTimer = null
      if (!this.joined || this.closed || this.pendingUpdates.size === 0) return
      const ids = [...this.pendingUpdates.keys()]
      void this.send(ids, Y.mergeUpdates([...this.pendingUpdates.values()]))
    }, RESEND_DELAY_MS)
  }
}

/** An encoded state vector with no clients (a new `Y.Doc`'s is the single byte 0). */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.length === 0 || (sv.length === 1 && sv[0] === 0)
}

/**
 * Resolves in a later task, letting the page paint and handle input first (`scheduler.yield`
 * where the browser has it: the continuation keeps its place ahead of other queued tasks).
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/** A new Yjs client id, as `new Y.Doc()` picks one (a random unsigned 32-bit integer). */
function randomClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number
}
