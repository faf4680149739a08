import type { Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, type ErrorBody } from '@cellmate/protocol'
import { REVOKED_MESSAGE } from './linkRevocation.js'
import type { SocketState } from './syncHandshake.js'

type Ack = (body: unknown) => void

/**
 * Runs a request handler of `socket`; every outcome becomes exactly one ack, no error escapes.
 * Requests over the socket's rate budget are refused (RATE_LIMITED, which clients retry
 * later), and so is everything once its link is revoked.
 */
export function runRequest(
  socket: Socket,
  log: FastifyBaseLogger,
  ack: unknown,
  fn: () => Promise<unknown>,
): void {
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
