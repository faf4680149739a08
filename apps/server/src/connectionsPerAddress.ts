import type net from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import { AddressCounts } from './addressCounts.js'
import { peerAddress } from './clientAddress.js'

/**
 * Closes, as soon as it is accepted, a TCP connection from an address that already holds `max`
 * open ones: one machine cannot take all the server's file descriptors. For a server reached
 * directly; behind a reverse proxy every connection comes from the proxy, which must do this
 * itself (nginx: `limit_conn`).
 */
export function capConnectionsPerAddress(
  server: net.Server,
  max: number,
  log: FastifyBaseLogger,
): void {
  const open = new AddressCounts()
  server.on('connection', (socket: net.Socket) => {
    const address = peerAddress(socket)
    if (open.get(address) >= max) {
      log.debug({ address, max }, 'refused a connection: too many open from one address')
      socket.destroy()
      return
    }
    socket.once('close', open.add(address))
  })
}
