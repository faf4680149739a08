import type { FastifyPluginAsync } from 'fastify'
import { CellmateError, ERROR_CODES, JOIN_DOWNLOAD_PATH } from '@cellmate/protocol'
import type { JoinDownloads } from '../sync/joinDownloads.js'

/**
 * `GET /sync/join-state/<ticket>`: the rest of a big join answer (`JoinOk.download`), framed
 * slices as `application/octet-stream`. The ticket is the capability (see `JoinDownloads`):
 * given in the ack of an authorized join, taken once.
 */
export const joinDownloadRoutes: FastifyPluginAsync<{ downloads: JoinDownloads }> = async (
  app,
  opts,
) => {
  app.get<{ Params: { ticket: string } }>(
    `${JOIN_DOWNLOAD_PATH}/:ticket`,
    { schema: { hide: true } },
    async (request, reply) => {
      const body = opts.downloads.take(request.params.ticket)
      if (!body) {
        throw new CellmateError(
          ERROR_CODES.NOT_FOUND,
          'no such join download: already taken, expired, or its connection closed',
        )
      }
      return reply
        .header('content-type', 'application/octet-stream')
        .header('cache-control', 'no-store')
        .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength))
    },
  )
}
