import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { CellmateError, ERROR_CODES, type ErrorCode } from '@cellmate/protocol'

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_JOINED: 409,
  INVALID_UPDATE: 400,
  UPDATE_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 400,
  RATE_LIMITED: 429,
  STORAGE_FAILED: 503,
  INTERNAL: 500,
  OUT_OF_ORDER: 409,
  CLIENT_ID_TAKEN: 409,
  EXPORT_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
}

/** Every REST error answers `{error: {code, message}}` with a code from `@cellmate/protocol`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof CellmateError) {
      return reply.status(STATUS_BY_CODE[err.code]).send({ error: err.toBody() })
    }
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      return reply
        .status(400)
        .send({ error: { code: ERROR_CODES.BAD_REQUEST, message: err.message } })
    }
    const status = err.statusCode ?? 500
    if (status >= 500) request.log.error({ err }, 'request failed')
    const code: ErrorCode =
      status === 413
        ? ERROR_CODES.LIMIT_EXCEEDED
        : status === 429
          ? ERROR_CODES.RATE_LIMITED
          : status < 500
            ? ERROR_CODES.BAD_REQUEST
            : ERROR_CODES.INTERNAL
    return reply
      .status(status)
      .send({ error: { code, message: status < 500 ? err.message : 'internal error' } })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: ERROR_CODES.NOT_FOUND, message: `no route ${request.method} ${request.url}` },
    }),
  )
}
