import type { Namespace, Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
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
  updateMessage,
  type ErrorBody,
  type JoinAck,
  type Role,
  type UpdateAck,
} from '@cellmate/protocol'
import { hasSheet, workbookDocName } from '@cellmate/model'
import type { DocEntry, DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { UpdateInspector } from './updateInspector.js'
import { SocketRateLimiter } from './socketRateLimiter.js'

interface SocketState {
  workbookId: string
  role: Role
  /** Documents this socket has joined, with the reference it holds on each. */
  docs: Map<string, DocEntry>
  limiter: SocketRateLimiter
}

/** Documents one socket may hold open at once (the workbook and its sheets). */
const MAX_DOCS_PER_SOCKET = LIMITS.maxSheets + 1

type Ack = (body: unknown) => void

/**
 * The `/sync` namespace: handshake check, join (sync step 1+2 in one round trip), update
 * (validated, persisted, acked, broadcast), awareness relay, leave.
 */
export function attachSyncNamespace(
  nsp: Namespace,
  deps: {
    registry: DocumentRegistry
    workbooks: WorkbookService
    inspector: UpdateInspector
    log: FastifyBaseLogger
  },
): void {
  const { registry, workbooks, inspector, log } = deps

  nsp.use((socket, next) => {
    const auth = handshakeAuth.safeParse(socket.handshake.auth)
    if (!auth.success) {
      next(handshakeError(ERROR_CODES.BAD_REQUEST, describeIssues(auth.error)))
      return
    }
    workbooks
      .roleFor(auth.data.workbookId, auth.data.token)
      .then((role) => {
        if (!role) {
          next(handshakeError(ERROR_CODES.NOT_FOUND, 'no such workbook'))
          return
        }
        const state: SocketState = {
          workbookId: auth.data.workbookId,
          role,
          docs: new Map(),
          limiter: new SocketRateLimiter(),
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

    socket.on(EVENTS.join, (raw: unknown, ack: unknown) =>
      handle(socket, ack, async (): Promise<JoinAck> => {
        const req = joinRequest.safeParse(raw)
        if (!req.success)
          throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(req.error))
        const name = req.data.doc
        await authorizeDoc(state, name)
        let entry = state.docs.get(name)
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
        const entry = state.docs.get(msg.data.doc)
        if (!entry) throw new CellmateError(ERROR_CODES.NOT_JOINED, 'join the document first')
        if (state.role === 'viewer') {
          log.warn({ socket: socket.id, doc: msg.data.doc }, 'refused an update from a viewer')
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
        await inspector.inspect(msg.data.update, ref.kind)
        await registry.applyUpdate(entry, msg.data.update, socket.id)
        return { ok: true }
      }),
    )

    socket.on(EVENTS.awareness, (raw: unknown) => {
      if (!state.limiter.take()) return
      const msg = awarenessMessage.safeParse(raw)
      if (!msg.success) return
      const entry = state.docs.get(msg.data.doc)
      if (!entry) return
      try {
        applyAwarenessUpdate(entry.awareness, msg.data.update, socket.id)
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

  async function authorizeDoc(state: SocketState, name: string): Promise<void> {
    const ref = parseDocName(name)
    if (!ref) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `unknown document ${name}`)
    if (ref.kind === 'workbook') {
      if (ref.id !== state.workbookId) {
        throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this connection is for another workbook')
      }
      return
    }
    const belongs = await registry.use(workbookDocName(state.workbookId), (wb) =>
      hasSheet(wb.doc, ref.id),
    )
    if (!belongs) throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such sheet in this workbook')
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

function handshakeError(code: ErrorBody['code'], message: string): Error & { data: ErrorBody } {
  return Object.assign(new Error(message), { data: { code, message } })
}
