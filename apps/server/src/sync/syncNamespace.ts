import crypto from 'node:crypto'
import type { Namespace, Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  CellmateError,
  ERROR_CODES,
  EVENTS,
  LIMITS,
  awarenessMessage,
  describeIssues,
  handshakeAuth,
  joinRequest,
  leaveRequest,
  parseDocName,
  sheetOpRequest,
  updateMessage,
  type ErrorBody,
  type JoinAck,
  type SheetOpOk,
  type Role,
  type UpdateAck,
} from '@cellmate/protocol'
import type { DocEntry, DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { SheetService } from '../sheetService.js'
import type { ShareLinkService } from '../shareLinkService.js'
import type { UpdateInspector } from './updateInspector.js'
import type { RedisCluster } from '../cluster/redisCluster.js'
import type { SocketRateLimiter } from './socketRateLimiter.js'
import { awarenessClients } from './awarenessClients.js'

interface SocketState {
  workbookId: string
  role: Role
  /**
   * The session the Yjs client ids this socket writes with are bound to: the hash of the
   * client key it presented (so a reconnect or reload reclaims its ids), else this socket alone.
   */
  owner: string
  /** The share link whose token opened this socket; null for the owner's token. */
  linkId: string | null
  /** Set the moment the link is revoked: requests still in flight are refused. */
  revoked: boolean
  /** Documents this socket has joined, with the reference it holds on each. */
  docs: Map<string, DocEntry>
  /** Joined documents whose dropped copy is being swapped for a fresh one (`liveEntry`). */
  renewing: Map<string, Promise<DocEntry>>
  limiter: SocketRateLimiter
}

/** Documents one socket may hold open at once (the workbook and its sheets). */
const MAX_DOCS_PER_SOCKET = LIMITS.maxSheets + 1

type Ack = (body: unknown) => void

/** Room of every socket opened with one share link, so revoking it reaches them all. */
const linkRoom = (linkId: string): string => `link:${linkId}`

const REVOKED_MESSAGE = 'the link this workbook was opened with has been revoked'

/**
 * The `/sync` namespace: handshake check, join (sync step 1+2 in one round trip), update
 * (validated, persisted, acked, broadcast), awareness relay, leave.
 */
export function attachSyncNamespace(
  nsp: Namespace,
  deps: {
    registry: DocumentRegistry
    /** Sheet records (which sheets this workbook has) and the sheet operations. */
    sheets: SheetService
    workbooks: WorkbookService
    links: ShareLinkService
    inspector: UpdateInspector
    log: FastifyBaseLogger
    /** The other server processes (`REDIS_URL`): revocations reach their sockets too. */
    cluster?: RedisCluster
    /** The message budget of a new socket: its own, and its client address's. */
    messageLimiter: (socket: Socket) => SocketRateLimiter
  },
): void {
  const { registry, workbooks, sheets, links, inspector, log, cluster } = deps

  nsp.use((socket, next) => {
    const auth = handshakeAuth.safeParse(socket.handshake.auth)
    if (!auth.success) {
      next(handshakeError(ERROR_CODES.BAD_REQUEST, describeIssues(auth.error)))
      return
    }
    workbooks
      .authorize(auth.data.workbookId, auth.data.token)
      .then((access) => {
        if (!access.granted) {
          log.info(
            { workbookId: auth.data.workbookId, code: access.code },
            'refused a sync connection',
          )
          next(handshakeError(access.code, HANDSHAKE_REFUSALS[access.code]))
          return
        }
        const state: SocketState = {
          workbookId: auth.data.workbookId,
          role: access.role,
          owner: sessionOwner(auth.data.clientKey),
          linkId: access.linkId,
          revoked: false,
          docs: new Map(),
          renewing: new Map(),
          limiter: deps.messageLimiter(socket),
        }
        socket.data = state
        next()
      })
      .catch((err: unknown) => {
        log.error({ err }, 'handshake failed')
        next(handshakeError(ERROR_CODES.INTERNAL, 'handshake failed'))
      })
  })

  nsp.on('connection', (socket: Socket) => {
    const state = socket.data as SocketState
    socket.on('error', (err) => log.warn({ err, socket: socket.id }, 'socket error'))
    if (state.linkId !== null) void socket.join(linkRoom(state.linkId))

    socket.on(EVENTS.join, (raw: unknown, ack: unknown) =>
      handle(socket, ack, async (): Promise<JoinAck> => {
        const req = joinRequest.safeParse(raw)
        if (!req.success)
          throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(req.error))
        const name = req.data.doc
        await authorizeDoc(state, name)
        let entry = await liveEntry(state, name)
        if (!entry) {
          if (state.docs.size >= MAX_DOCS_PER_SOCKET) {
            throw new CellmateError(
              ERROR_CODES.LIMIT_EXCEEDED,
              `one connection may open at most ${MAX_DOCS_PER_SOCKET} documents`,
            )
          }
          entry = await registry.acquire(name)
          if (socket.disconnected) {
            registry.release(entry)
            throw new CellmateError(ERROR_CODES.NOT_JOINED, 'disconnected')
          }
          state.docs.set(name, entry)
        }
        // Join the room before encoding, in the same tick: any update stored after this point
        // is broadcast to this socket too, so none falls between the snapshot and the stream.
        // Bind the client id before anyone can see it (awareness shows it to the room), so no
        // other session can write with it first.
        if (
          req.data.clientId !== undefined &&
          !(await claimAtJoin(entry, req.data.clientId, state.owner))
        ) {
          throw new CellmateError(
            ERROR_CODES.CLIENT_ID_TAKEN,
            'this client id belongs to another session; pick a new one',
          )
        }
        await socket.join(name)
        const update = Y.encodeStateAsUpdate(entry.doc, req.data.stateVector)
        const states = [...entry.awareness.getStates().keys()]
        if (states.length > 0) {
          socket.emit(EVENTS.awareness, {
            doc: name,
            update: encodeAwarenessUpdate(entry.awareness, states),
          })
        }
        return {
          ok: true,
          update,
          stateVector: Y.encodeStateVector(entry.doc),
          role: state.role,
        }
      }),
    )

    socket.on(EVENTS.update, (raw: unknown, ack: unknown) =>
      handle(socket, ack, async (): Promise<UpdateAck> => {
        const msg = updateMessage.safeParse(raw)
        if (!msg.success)
          throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(msg.error))
        const entry = await liveEntry(state, msg.data.doc)
        if (!entry) throw new CellmateError(ERROR_CODES.NOT_JOINED, 'join the document first')
        if (state.role === 'viewer') {
          log.warn(
            { socket: socket.id, doc: msg.data.doc, linkId: state.linkId },
            'refused an update from a viewer',
          )
          throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this link can only view the workbook')
        }
        const ref = parseDocName(msg.data.doc)
        if (!ref) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'unknown document')
        if (msg.data.update.byteLength > LIMITS.maxUpdateBytes) {
          throw new CellmateError(
            ERROR_CODES.UPDATE_TOO_LARGE,
            `update of ${msg.data.update.byteLength} bytes exceeds the limit of ${LIMITS.maxUpdateBytes}`,
          )
        }
        await inspector.inspect(msg.data.update, ref.kind, msg.data.doc)
        // The link may have been revoked while the update was inspected.
        if (state.revoked) throw new CellmateError(ERROR_CODES.FORBIDDEN, REVOKED_MESSAGE)
        await registry.applyUpdate(entry, msg.data.update, {
          socketId: socket.id,
          owner: state.owner,
        })
        return { ok: true }
      }),
    )

    socket.on(EVENTS.sheetOp, (raw: unknown, ack: unknown) =>
      handle(socket, ack, async (): Promise<SheetOpOk> => {
        const req = sheetOpRequest.safeParse(raw)
        if (!req.success)
          throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(req.error))
        if (state.role === 'viewer') {
          throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this link can only view the workbook')
        }
        const sheet = await sheets.run(state.workbookId, req.data)
        return { sheet }
      }),
    )

    socket.on(EVENTS.awareness, (raw: unknown) => {
      if (state.revoked || !state.limiter.take()) return
      const msg = awarenessMessage.safeParse(raw)
      if (!msg.success) return
      const entry = state.docs.get(msg.data.doc)
      if (!entry) return
      // Presence speaks only for this session's own client ids: nobody shows a cursor or a
      // name in someone else's place.
      const clients = awarenessClients(msg.data.update)
      if (!clients?.every((id) => entry.owners.get(id) === state.owner)) {
        log.debug({ socket: socket.id }, 'dropped an awareness update for client ids not its own')
        return
      }
      try {
        registry.applyAwareness(entry, msg.data.update, socket.id)
        socket.to(msg.data.doc).emit(EVENTS.awareness, msg.data)
      } catch (err) {
        log.warn({ err, socket: socket.id }, 'dropped a malformed awareness update')
      }
    })

    socket.on(EVENTS.leave, (raw: unknown) => {
      const msg = leaveRequest.safeParse(raw)
      if (!msg.success) return
      leaveDoc(socket, state, msg.data.doc)
    })

    socket.on('disconnect', () => {
      for (const name of [...state.docs.keys()]) leaveDoc(socket, state, name)
    })
  })

  links.onRevoked((link) => {
    disconnectLink(link.id)
    cluster?.publishRevocation(link.id)
    log.info({ workbookId: link.workbookId, linkId: link.id }, 'link revoked; its sockets closed')
  })
  cluster?.onRevocation((linkId) => {
    disconnectLink(linkId)
    log.info({ linkId }, 'link revoked on another node; its sockets here closed')
  })

  /**
   * Closes every connection to this node opened with a link that was just revoked: refuse
   * what they still have in flight, tell them why (so they stop reconnecting), then disconnect
   * them. Each node does this for its own sockets, in this order, when it learns of the
   * revocation (from the REST call or over Redis).
   */
  function disconnectLink(linkId: string): void {
    for (const socket of nsp.sockets.values()) {
      const state = socket.data as SocketState | undefined
      if (state?.linkId === linkId) state.revoked = true
    }
    const room = linkRoom(linkId)
    const body = { error: { code: ERROR_CODES.FORBIDDEN, message: REVOKED_MESSAGE } }
    nsp.local.to(room).emit(EVENTS.accessRevoked, body)
    nsp.local.in(room).disconnectSockets()
  }

  async function authorizeDoc(state: SocketState, name: string): Promise<void> {
    const ref = parseDocName(name)
    if (!ref) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `unknown document ${name}`)
    if (ref.kind === 'workbook') {
      if (ref.id !== state.workbookId) {
        throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this connection is for another workbook')
      }
      return
    }
    // The name must be this workbook's, and the record must say the sheet is one of its live
    // sheets: what the workbook document lists (editors write it) decides nothing.
    if (ref.workbookId !== state.workbookId) {
      throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this connection is for another workbook')
    }
    await sheets.require(state.workbookId, ref.id)
  }

  /**
   * Binds a joiner's client id to its session. A store that cannot write must still let people
   * open and read: the id is then bound at its first write instead (which the store refuses
   * too until it recovers), and the joiner's presence waits for the binding.
   */
  async function claimAtJoin(entry: DocEntry, clientId: number, owner: string): Promise<boolean> {
    try {
      return await registry.claimClient(entry, clientId, owner)
    } catch (err) {
      if (!(err instanceof CellmateError && err.code === ERROR_CODES.STORAGE_FAILED)) throw err
      log.warn({ doc: entry.name }, 'joined without binding the client id: the store cannot write')
      return true
    }
  }

  /**
   * The socket's entry of a joined document. A copy the registry dropped (the store refused a
   * change already applied to it) is swapped for the document as stored: the socket was never
   * sent anything that is not stored, so it goes on as if nothing happened.
   */
  async function liveEntry(state: SocketState, name: string): Promise<DocEntry | undefined> {
    const entry = state.docs.get(name)
    if (!entry?.poisoned) return entry
    let renewing = state.renewing.get(name)
    if (!renewing) {
      renewing = registry.acquire(name).then((fresh) => {
        if (state.docs.get(name) === entry) {
          state.docs.set(name, fresh)
          registry.release(entry)
        } else registry.release(fresh)
        return state.docs.get(name) as DocEntry
      })
      renewing.finally(() => state.renewing.delete(name)).catch(() => {})
      state.renewing.set(name, renewing)
    }
    return renewing
  }

  function leaveDoc(socket: Socket, state: SocketState, name: string): void {
    const entry = state.docs.get(name)
    if (!entry) return
    state.docs.delete(name)
    void socket.leave(name)
    registry.dropAwareness(entry, socket.id)
    registry.release(entry)
  }

  /**
   * Runs a request handler; every outcome becomes exactly one ack, no error escapes. Requests
   * over the socket's rate budget are refused (RATE_LIMITED, which clients retry later).
   */
  function handle(socket: Socket, ack: unknown, fn: () => Promise<unknown>): void {
    const state = socket.data as SocketState
    if (state.revoked) {
      if (typeof ack === 'function') {
        ;(ack as Ack)({ error: { code: ERROR_CODES.FORBIDDEN, message: REVOKED_MESSAGE } })
      }
      return
    }
    if (!state.limiter.take()) {
      if (typeof ack === 'function') {
        ;(ack as Ack)({
          error: { code: ERROR_CODES.RATE_LIMITED, message: 'too many messages; slow down' },
        })
      }
      return
    }
    if (typeof ack !== 'function') {
      socket.emit('error-message', {
        error: { code: ERROR_CODES.BAD_REQUEST, message: 'this event needs an acknowledgement' },
      })
      return
    }
    fn().then(
      (body) => (ack as Ack)(body),
      (err: unknown) => {
        const error: ErrorBody =
          err instanceof CellmateError
            ? err.toBody()
            : { code: ERROR_CODES.INTERNAL, message: 'internal error' }
        if (!(err instanceof CellmateError)) log.error({ err, socket: socket.id }, 'handler failed')
        else log.debug({ code: error.code, socket: socket.id }, error.message)
        ;(ack as Ack)({ error })
      },
    )
  }
}

/** The owner of a socket's client ids: its client key's hash, or a fresh one per connection. */
function sessionOwner(clientKey: string | undefined): string {
  return clientKey === undefined
    ? `conn:${crypto.randomUUID()}`
    : `key:${crypto.createHash('sha256').update(clientKey).digest('base64url')}`
}

const HANDSHAKE_REFUSALS = {
  NOT_FOUND: 'no such workbook',
  UNAUTHORIZED: 'a token is required to open this workbook',
  FORBIDDEN: 'this token does not give access to this workbook (wrong or revoked link)',
} as const

/** A handshake refusal: the client's `connect_error` carries `data: {code, message}`. */
export function handshakeError(
  code: ErrorBody['code'],
  message: string,
): Error & { data: ErrorBody } {
  return Object.assign(new Error(message), { data: { code, message } })
}
