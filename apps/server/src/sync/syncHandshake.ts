import crypto from 'node:crypto'
import type { Namespace, Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import {
  ERROR_CODES,
  describeIssues,
  handshakeAuth,
  type ErrorBody,
  type Role,
} from '@cellmate/protocol'
import type { DocEntry } from '../docEntry.js'
import type { WorkbookService } from '../workbookService.js'
import type { SocketRateLimiter } from './socketRateLimiter.js'

/** What the handshake established about a socket, kept in `socket.data`. */
export interface SocketState {
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
  /**
   * Resolves once the latest update this socket sent has reached its document's write queue,
   * or was refused before: the next one waits for it there (`handleUpdate`).
   */
  updateTurn: Promise<void>
}

type Middleware = Parameters<Namespace['use']>[0]

/**
 * The `/sync` handshake: the token must open the workbook it names; the socket then carries
 * its role, its session and its message budget (`SocketState`).
 */
export function syncHandshake(deps: {
  workbooks: WorkbookService
  log: FastifyBaseLogger
  messageLimiter: (socket: Socket) => SocketRateLimiter
}): Middleware {
  const { workbooks, log } = deps
  return (socket, next) => {
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
          updateTurn: Promise.resolve(),
        }
        socket.data = state
        next()
      })
      .catch((err: unknown) => {
        log.error({ err }, 'handshake failed')
        next(handshakeError(ERROR_CODES.INTERNAL, 'handshake failed'))
      })
  }
}

/** The owner of a socket's client ids: its client key's hash, or a fresh one per connection. */
function sessionOwner(clientKey: string | undefined): string {
  return clientKey === undefined ? `conn:${crypto.randomUUID()}` : clientKeySession(clientKey)
}

/**
 * The session a client key stands for (its SHA-256): what sync binds client ids to and what a
 * comment records as its author. REST callers presenting the same key act as the same session.
 */
export function clientKeySession(clientKey: string): string {
  return `key:${crypto.createHash('sha256').update(clientKey).digest('base64url')}`
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
