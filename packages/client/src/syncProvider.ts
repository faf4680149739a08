import * as Y from 'yjs'
import { Manager, type Socket } from 'socket.io-client'
import { ObservableV2 } from 'lib0/observable'
import {
  ERROR_CODES,
  EVENTS,
  PROTOCOL_VERSION,
  RETRYABLE_ERROR_CODES,
  SYNC_NAMESPACE,
  accessRevokedMessage,
  awarenessMessage,
  updateMessage,
  sheetOpAck,
  sheetPreview,
  joinPartMessage,
  CellmateError,
  type SheetOpOk,
  type SheetOpRequest,
  type ErrorBody,
  type ErrorCode,
} from '@cellmate/protocol'
import { FallbackManager } from './fallbackManager.js'
import { SyncedDoc, type DocTransport, type OpenOptions } from './syncedDoc.js'
import { wireParser } from './wireParser.js'
import { unsentBytes, whenDrained, type EngineBacklog } from './unsentBytes.js'

/**
 * Connection as a user sees it. `denied`: the server refused this workbook or token, or the
 * link was revoked; final, the provider no longer reconnects (see `denial` for why).
 */
export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'denied'

/** What the header shows: connected / saving… / all changes saved / offline, N pending. */
export interface SyncStatus {
  connection: ConnectionState
  /** Local edits (over all open documents) not yet durably acknowledged. */
  pending: number
}

export interface SyncProviderOptions {
  /** Server origin, e.g. `http://127.0.0.1:3000`; `""` for the page's own origin. */
  url: string
  workbookId: string
  /** Capability token of the workbook link (owner, edit or view). */
  token?: string
  /**
   * This session's secret (16+ characters, e.g. 128 random bits): the server binds the Yjs
   * client ids this provider writes with to it, so no other session can write with them, and a
   * later session with the same key (a reload that kept offline edits) can. Default: a new
   * random key per provider. Keep it secret; a browser keeps one in its local storage.
   */
  clientKey?: string
  /**
   * Default: a WebSocket first, long-polling where it fails (`FallbackManager`). Given, only
   * these transports, in this order.
   */
  transports?: Array<'polling' | 'websocket'>
  /** How long to wait for an ack before resending (default 10 s). */
  ackTimeoutMs?: number
  /** Reconnect delay bounds (Socket.IO exponential backoff). */
  reconnectionDelayMs?: number
  reconnectionDelayMaxMs?: number
}

interface ProviderEvents {
  status: (status: SyncStatus) => void
  error: (doc: string, error: ErrorBody) => void
}

/**
 * One Socket.IO connection to the `/sync` namespace for one workbook, carrying any number of
 * Yjs documents (the workbook document and its sheets). Works in browsers and in Node.
 */
export class SyncProvider extends ObservableV2<ProviderEvents> implements DocTransport {
  readonly socket: Socket
  readonly url: string
  readonly ackTimeoutMs: number
  private readonly docs = new Map<string, SyncedDoc>()
  private connection: ConnectionState = 'connecting'
  private lastStatus: SyncStatus | null = null
  private refusal: ErrorBody | null = null
  private destroyed = false
  private readonly detachOnlineListeners: () => void

  constructor(options: SyncProviderOptions) {
    super()
    this.url = options.url
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000
    const retryDelayMs = options.reconnectionDelayMs ?? 500
    const managerOptions = {
      // A packet with binary data in one frame; the server speaks it too.
      parser: wireParser,
      reconnectionDelay: options.reconnectionDelayMs ?? 500,
      reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 5000,
    }
    const manager = options.transports
      ? new Manager(options.url, { ...managerOptions, transports: options.transports })
      : new FallbackManager(options.url, managerOptions)
    this.socket = manager.socket(SYNC_NAMESPACE, {
      auth: {
        workbookId: options.workbookId,
        token: options.token,
        protocol: PROTOCOL_VERSION,
        clientKey: options.clientKey ?? newClientKey(),
      },
    })
    this.socket.on('connect', () => {
      this.connection = 'connected'
      for (const d of this.docs.values()) d.onConnect()
      this.changed()
    })
    this.socket.on('disconnect', (reason) => {
      this.connection = this.refusal ? 'denied' : 'offline'
      for (const d of this.docs.values()) d.onDisconnect()
      this.changed()
      // Socket.IO does not reconnect after a server-side disconnect; but a server sheds its
      // sockets when it restarts or rebalances, and unacked edits must still reach it. A
      // revoked link is the exception: the server said so first (`access-revoked`).
      if (reason === 'io server disconnect' && !this.refusal) {
        setTimeout(() => this.connect(), retryDelayMs)
      }
    })
    this.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      // A network failure is retried by Socket.IO itself (the socket stays active). A refusal
      // by the server's handshake check is final (no access, no such workbook) unless it was
      // a passing server fault.
      if (this.socket.active) {
        this.connection = 'offline'
        this.changed()
        return
      }
      const code = (err.data?.code ?? ERROR_CODES.FORBIDDEN) as ErrorCode
      if (RETRYABLE_ERROR_CODES.has(code)) {
        this.connection = 'offline'
        this.changed()
        setTimeout(() => this.connect(), retryDelayMs)
        return
      }
      this.deny({ code, message: err.message })
    })
    this.socket.on(EVENTS.accessRevoked, (raw: unknown) => {
      const msg = accessRevokedMessage.safeParse(raw)
      this.deny({
        code: (msg.success ? msg.data.error.code : ERROR_CODES.FORBIDDEN) as ErrorCode,
        message: msg.success ? msg.data.error.message : 'access to this workbook was revoked',
      })
      // The server disconnects next; make sure nothing here reconnects meanwhile.
      this.socket.disconnect()
    })
    this.socket.on(EVENTS.update, (raw: unknown) => {
      const msg = updateMessage.safeParse(raw)
      if (msg.success) this.docs.get(msg.data.doc)?.onRemoteUpdate(msg.data.update)
    })
    this.socket.on(EVENTS.preview, (raw: unknown) => {
      const msg = sheetPreview.safeParse(raw)
      if (msg.success) this.docs.get(msg.data.doc)?.onPreview(msg.data)
    })
    this.socket.on(EVENTS.joinPart, (raw: unknown) => {
      const msg = joinPartMessage.safeParse(raw)
      if (msg.success) this.docs.get(msg.data.doc)?.onJoinPart(msg.data)
    })
    this.socket.on(EVENTS.awareness, (raw: unknown) => {
      const msg = awarenessMessage.safeParse(raw)
      if (msg.success) this.docs.get(msg.data.doc)?.onRemoteAwareness(msg.data.update)
    })
    this.detachOnlineListeners = watchBrowserOnline(this.socket, () => this.connect())
  }

  /**
   * Why the server refused this connection for good — `NOT_FOUND` (no such workbook),
   * `UNAUTHORIZED` (no token), `FORBIDDEN` (a wrong or revoked link) — or null.
   */
  get denial(): ErrorBody | null {
    return this.refusal
  }

  /**
   * Starts syncing `doc` as document `name` (`wb:<id>` or `sheet:<workbookId>:<sheetId>`,
   * see `workbookDocName`/`sheetDocName` in `@cellmate/model`). Opening a name
   * twice returns the same binding.
   */
  open(name: string, doc: Y.Doc = new Y.Doc(), options: OpenOptions = {}): SyncedDoc {
    const existing = this.docs.get(name)
    if (existing) return existing
    const synced = new SyncedDoc(this, name, doc, options)
    this.docs.set(name, synced)
    return synced
  }

  /**
   * Asks the server to add, duplicate, delete or restore a sheet: only the server may, since
   * it records which sheets a workbook has and issues their ids. Resolves with the sheet once
   * the server has done it; the workbook document's change arrives before the answer, so it
   * already lists the sheet. Rejects with a `CellmateError`: the server's refusal, or
   * NOT_JOINED at once when not connected (a sheet operation cannot wait offline).
   */
  async sheetOp(request: SheetOpRequest): Promise<SheetOpOk['sheet']> {
    if (!this.socket.connected) {
      throw new CellmateError(ERROR_CODES.NOT_JOINED, 'not connected to the server')
    }
    const raw: unknown = await this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck(EVENTS.sheetOp, request)
      .catch(() => {
        throw new CellmateError(ERROR_CODES.NOT_JOINED, 'the server did not answer; try again')
      })
    const ack = sheetOpAck.safeParse(raw)
    if (!ack.success) throw new CellmateError(ERROR_CODES.INTERNAL, 'unexpected answer')
    if ('error' in ack.data) {
      throw new CellmateError(ack.data.error.code as ErrorCode, ack.data.error.message)
    }
    return ack.data.sheet
  }

  /** Stops syncing one document. */
  closeDoc(name: string): void {
    this.docs.get(name)?.close()
    this.docs.delete(name)
    this.changed()
  }

  get status(): SyncStatus {
    let pending = 0
    for (const d of this.docs.values()) pending += d.pending
    return { connection: this.connection, pending }
  }

  /** Resolves when every open document's local edits are durably acknowledged. */
  async flushed(): Promise<void> {
    await Promise.all([...this.docs.values()].map((d) => d.flushed()))
  }

  /**
   * Resolves once what this page has sent has left it, or after `maxWaitMs` (default 3 s). A
   * browser writes a WebSocket message out only between the page's tasks, 64-128 KiB at a
   * time: a 10,000-row paste (2 MB) took 2-3 s to reach the server while the page built its
   * formula engine, and its edit was only saved after that. Heavy work that can wait a moment
   * (that build) waits for this first; nothing waits when nothing is unsent.
   */
  whenSent(maxWaitMs = 3000): Promise<void> {
    return whenDrained(() => unsentBytes(this.socket.io.engine as EngineBacklog), maxWaitMs)
  }

  /** Drops the connection on purpose (offline mode); edits keep queueing. */
  disconnect(): void {
    this.socket.disconnect()
  }

  /** Connects again after `disconnect()`; never after the server denied access. */
  connect(): void {
    if (!this.destroyed && !this.refusal && !this.socket.connected) this.socket.connect()
  }

  override destroy(): void {
    this.destroyed = true
    for (const d of this.docs.values()) d.close()
    this.docs.clear()
    this.detachOnlineListeners()
    this.socket.disconnect()
    super.destroy()
  }

  /** @internal */
  changed(): void {
    const status = this.status
    const last = this.lastStatus
    if (last && last.connection === status.connection && last.pending === status.pending) return
    this.lastStatus = status
    this.emit('status', [status])
  }

  private deny(error: ErrorBody): void {
    if (this.refusal) return
    this.refusal = error
    this.connection = 'denied'
    this.emit('error', ['', error])
    this.changed()
  }

  /** @internal */
  reportError(doc: string, error: ErrorBody): void {
    this.emit('error', [doc, error])
  }
}

/**
 * In a browser, follow the OS's online/offline signal instead of waiting for heartbeats to
 * time out (tens of seconds): drop at once when offline, reconnect at once when back.
 */
function watchBrowserOnline(socket: Socket, reconnect: () => void): () => void {
  const target = globalThis as {
    addEventListener?: (type: string, fn: () => void) => void
    removeEventListener?: (type: string, fn: () => void) => void
  }
  if (typeof target.addEventListener !== 'function') return () => {}
  const offline = (): void => {
    // Keep reconnection armed: `disconnect()` would stop it for good.
    socket.io.engine?.close()
  }
  const online = (): void => reconnect()
  target.addEventListener('offline', offline)
  target.addEventListener('online', online)
  return () => {
    target.removeEventListener?.('offline', offline)
    target.removeEventListener?.('online', online)
  }
}

/** 128 random bits, base64url: a fresh session secret (`SyncProviderOptions.clientKey`). */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
