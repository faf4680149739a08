import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { setImmediate } from 'node:timers/promises'
import type { FastifyBaseLogger, FastifyReply } from 'fastify'

/**
 * Text chunks as a stream that is pulled as the response drains (backpressure: a slow reader
 * slows the producer instead of growing a buffer) and lets the event loop run between chunks,
 * so a long export never holds up other requests.
 */
export function pacedStream(chunks: Iterable<string>): Readable {
  async function* paced(): AsyncGenerator<string> {
    for (const chunk of chunks) {
      yield chunk
      await setImmediate()
    }
  }
  return Readable.from(paced())
}

/**
 * Sends `body` as the reply and resolves once it is written out or abandoned (the client went
 * away, which is logged, not thrown: there is nobody left to answer). For callers that must
 * hold something (an evaluated workbook) for as long as the body is produced.
 */
export async function sendUntilDone(
  reply: FastifyReply,
  body: Readable,
  log: FastifyBaseLogger,
): Promise<void> {
  void reply.send(body)
  try {
    await finished(body)
  } catch (err) {
    log.info({ err }, 'download abandoned before it was complete')
  }
}
