import type { IncomingMessage } from 'node:http'
import type net from 'node:net'

/**
 * The address a request comes from, as the connection caps count it: the TCP peer, or with
 * `trustProxy` the address the reverse proxy in front of the server saw, i.e. the last
 * `X-Forwarded-For` entry (the one that proxy appended; entries before it are whatever the
 * client claimed, so a client cannot pick its own address by sending the header itself).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for']
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')
    const last = forwarded[forwarded.length - 1]?.trim()
    if (last) return normalized(last)
  }
  return peerAddress(req.socket)
}

/** The TCP peer's address. */
export function peerAddress(socket: net.Socket): string {
  return normalized(socket.remoteAddress ?? 'unknown')
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function normalized(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
