import type { IncomingMessage } from 'node:http'
import type net from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import type { Namespace, Server as SocketServer, Socket } from 'socket.io'
import { ERROR_CODES } from '@cellmate/protocol'
import type { SocketLimitSettings } from '../config.js'
import { AddressCounts } from '../addressCounts.js'
import { clientAddress } from '../clientAddress.js'
import { capConnectionsPerAddress } from '../connectionsPerAddress.js'
import { dropIdleSockets } from './idleSockets.js'
import { AddressMessageBudgets, type SocketRateLimiter } from './socketRateLimiter.js'
import { handshakeError } from './syncHandshake.js'

/** How often address budgets that have refilled are forgotten. */
const BUDGET_SWEEP_MS = 60_000

/**
 * What one client address may hold and send over Socket.IO (see `SocketLimitSettings`):
 *
 * - at most `maxPerAddress` sync connections: the namespace refuses one more in its handshake
 *   with `RATE_LIMITED` saying why (the client retries later, once one of its others closed);
 *   transport sessions that never reach the namespace are capped at twice that, before a
 *   session is created (`allowRequest`); and without a reverse proxy, open TCP connections
 *   at twice that plus 20 (each long-polling session may hold two requests, plus page loads);
 * - a message budget shared by all its sockets, on top of each socket's own
 *   (`messagesPerSecondPerSocket`);
 * - no connection that keeps no document open for `idleMs`.
 *
 * The address is the TCP peer's, or with `trustProxy` the one the proxy reports.
 */
export class SocketLimits {
  private readonly sockets = new AddressCounts()
  private readonly sessions = new AddressCounts()
  private readonly budgets: AddressMessageBudgets
  private readonly stops: Array<() => void> = []
  private closed = false

  constructor(
    private readonly options: SocketLimitSettings & { trustProxy: boolean; log: FastifyBaseLogger },
  ) {
    this.budgets = new AddressMessageBudgets({
      perAddress: options.messagesPerSecondPerAddress,
      perSocket: options.messagesPerSecondPerSocket,
    })
  }

  /** Socket.IO's `allowRequest` option (asked for new transport sessions only). */
  readonly allowRequest = (
    req: IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ): void => {
    // A client that reconnects while the server shuts down would hold its HTTP server open.
    if (this.closed) {
      callback('the server is shutting down', false)
      return
    }
    const max = this.options.maxPerAddress
    if (max > 0 && this.sessions.get(this.addressOf(req)) >= 2 * max) {
      callback('too many connections from this address', false)
      return
    }
    callback(null, true)
  }

  /** The message budget of a new socket: its own and its address's. */
  messageLimiter(socket: Socket): SocketRateLimiter {
    return this.budgets.limiterFor(this.addressOf(socket.request))
  }

  /**
   * Starts counting and sweeping. Call it after every other middleware of `nsp` is in place:
   * the per-address cap runs last, so only sockets that passed every other check count.
   */
  install(server: net.Server, io: SocketServer, nsp: Namespace): void {
    const { maxPerAddress, idleMs, trustProxy, log } = this.options
    io.engine.on('connection', (conn: { request: IncomingMessage; once: Socket['once'] }) => {
      conn.once('close', this.sessions.add(this.addressOf(conn.request)))
    })
    if (maxPerAddress > 0) {
      nsp.use((socket, next) => this.admit(socket, next))
      if (!trustProxy) capConnectionsPerAddress(server, 2 * maxPerAddress + 20, log)
    }
    this.stops.push(dropIdleSockets(nsp, idleMs))
    const sweep = setInterval(() => this.budgets.sweep(), BUDGET_SWEEP_MS)
    sweep.unref()
    this.stops.push(() => clearInterval(sweep))
  }

  /** Stops counting and sweeping; from now on every new transport session is refused. */
  close(): void {
    this.closed = true
    for (const stop of this.stops.splice(0)) stop()
  }

  private admit(socket: Socket, next: (err?: Error) => void): void {
    const max = this.options.maxPerAddress
    const address = this.addressOf(socket.request)
    if (this.sockets.get(address) >= max) {
      this.options.log.info(
        { address, max },
        'refused a sync connection: too many from one address',
      )
      next(
        handshakeError(
          ERROR_CODES.RATE_LIMITED,
          `too many connections from your address (at most ${max}); close some tabs or try again later`,
        ),
      )
      return
    }
    // Counted until the socket disconnects, or its transport closes before it connected.
    const release = this.sockets.add(address)
    socket.once('disconnect', release)
    socket.conn.once('close', release)
    next()
  }

  private addressOf(req: IncomingMessage): string {
    return clientAddress(req, this.options.trustProxy)
  }
}
