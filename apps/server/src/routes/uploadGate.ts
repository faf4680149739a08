import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { ERROR_CODES } from '@cellmate/protocol'
import { tooBig } from '../transfer/parsedSheet.js'
import { formatBytes } from '../transfer/uploads.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads a multipart upload (an import): see `installUploadGate`. */
    upload?: boolean
  }
}

export interface UploadGateOptions {
  /** Largest upload one request may carry, all its files together (`IMPORT_MAX_BYTES`). */
  maxBytes: number
  /** Uploads this process handles at once (`IMPORT_CONCURRENCY`); more get 503. */
  concurrency: number
}

/** Room for the multipart framing around the files: boundaries, part headers, form fields. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024

/** What a client is told to wait before retrying an import the server was too busy for. */
const RETRY_AFTER_SECONDS = 5

/**
 * Guards the routes that declare `config.upload`, before their body is read:
 *
 * - a declared `Content-Length` past the limit is refused with 413 at once (the body is never
 *   read; see `readUploads` for bodies without one, counted while they stream);
 * - at most `concurrency` uploads are read, parsed and stored at a time; the others get 503
 *   with `Retry-After`, so a burst of large imports cannot pile up their buffers and parses.
 *
 * And on every route: a 413 sent before the request's body was read closes the connection,
 * so the server does not go on reading a body it refused for its size. Other early answers
 * (503 here, 401/403 from the access check) let Node read and discard the rest, which the
 * checks above keep small: many clients report a connection closed under an upload they are
 * still sending as a network error, not as the answer the server gave.
 */
export function installUploadGate(app: FastifyInstance, options: UploadGateOptions): void {
  let running = 0
  const maxRequestBytes = options.maxBytes + MULTIPART_OVERHEAD_BYTES

  app.addHook('onRoute', (route) => {
    if (!route.config?.upload) return
    const handler = route.handler as (
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => unknown
    const gated = async function (
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ): Promise<unknown> {
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > maxRequestBytes) {
        throw tooBig(
          `the upload (${formatBytes(declared)}) is larger than ${formatBytes(options.maxBytes)}, the import limit`,
          413,
        )
      }
      if (running >= options.concurrency) {
        request.log.info({ running }, 'refused an import: too many at once')
        return reply
          .status(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({
            error: {
              code: ERROR_CODES.RATE_LIMITED,
              message: `the server is busy with other imports; try again in ${RETRY_AFTER_SECONDS} seconds`,
            },
          })
      }
      running++
      try {
        return await handler.call(this, request, reply)
      } finally {
        running--
      }
    }
    route.handler = gated as RouteHandlerMethod
  })

  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode === 413 && !request.raw.complete) reply.header('connection', 'close')
  })
}
