import type { FastifyRequest } from 'fastify'
import { JOIN_DOWNLOAD_PATH } from '@cellmate/protocol'

const TICKET_PREFIX = `${JOIN_DOWNLOAD_PATH}/`

/**
 * A request's URL as the log shows it. A join download's ticket (`JoinDownloads`) is a
 * capability carried in the path: whoever reads it from the log within its minute could take
 * the sheet's state before its owner does, so the log names the route, not the ticket.
 */
export function loggedUrl(url: string): string {
  return url.startsWith(TICKET_PREFIX) ? `${TICKET_PREFIX}<ticket>` : url
}

/**
 * Fastify's request serializer with the URL through `loggedUrl`: the same fields as Fastify's
 * own (method, url, version, host, remote address and port).
 */
export const requestLogSerializers = {
  req(request: FastifyRequest) {
    const version = request.headers['accept-version']
    return {
      method: request.method,
      url: loggedUrl(request.url),
      version: Array.isArray(version) ? version[0] : version,
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    }
  },
}
