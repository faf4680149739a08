import type { IncomingMessage } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it } from 'vitest'
import { SocketLimits } from './socketLimits.js'

function askToConnect(limits: SocketLimits): { err: string | null | undefined; success: boolean } {
  const request = { socket: { remoteAddress: '127.0.0.1' }, headers: {} } as IncomingMessage
  let answer: { err: string | null | undefined; success: boolean } | null = null
  limits.allowRequest(request, (err, success) => {
    answer = { err, success }
  })
  if (answer === null) throw new Error('allowRequest did not answer')
  return answer
}

describe('SocketLimits.allowRequest', () => {
  const limits = () =>
    new SocketLimits({
      maxPerAddress: 50,
      idleMs: 60_000,
      messagesPerSecondPerAddress: 200,
      messagesPerSecondPerSocket: 100,
      trustProxy: false,
      log: {} as FastifyBaseLogger,
    })

  it('lets a new transport session in while the server runs', () => {
    expect(askToConnect(limits())).toEqual({ err: null, success: true })
  })

  it('refuses every new session once closed: a client reconnecting during shutdown would hold the HTTP server open', () => {
    const closing = limits()
    closing.close()
    expect(askToConnect(closing)).toEqual({ err: 'the server is shutting down', success: false })
  })
})
