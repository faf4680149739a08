import http from 'node:http'
import net from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { endConnectionsAfter, runShutdownSteps, trackConnections } from './shutdownSteps.js'

interface Logged {
  level: 'info' | 'warn'
  fields: Record<string, unknown>
  msg: string
}

function recordingLog(): { log: FastifyBaseLogger; lines: Logged[] } {
  const lines: Logged[] = []
  const at =
    (level: Logged['level']) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, fields, msg })
    }
  return { log: { info: at('info'), warn: at('warn') } as unknown as FastifyBaseLogger, lines }
}

describe('runShutdownSteps', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs the steps in order, each after the one before has finished, and logs each', async () => {
    const { log, lines } = recordingLog()
    const order: string[] = []
    await runShutdownSteps(
      [
        {
          name: 'first',
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5))
            order.push('first')
          },
        },
        { name: 'second', run: () => order.push('second') },
      ],
      log,
    )
    expect(order).toEqual(['first', 'second'])
    expect(lines.map((l) => [l.msg, l.fields.step])).toEqual([
      ['shutdown: step done', 'first'],
      ['shutdown: step done', 'second'],
      ['shutdown: done', undefined],
    ])
    expect(lines[0]?.fields.ms).toBeGreaterThanOrEqual(4)
  })

  it('names a step that has not finished, again at each interval, and stops once it ends', async () => {
    vi.useFakeTimers()
    const { log, lines } = recordingLog()
    let finish: () => void = () => {}
    const done = runShutdownSteps(
      [
        { name: 'quick', run: () => undefined },
        { name: 'slow', run: () => new Promise<void>((resolve) => (finish = resolve)) },
      ],
      log,
      1_000,
    )
    await vi.advanceTimersByTimeAsync(2_500)
    const waiting = lines.filter((l) => l.level === 'warn')
    expect(waiting.map((l) => [l.msg, l.fields.step])).toEqual([
      ['shutdown: still waiting for a step', 'slow'],
      ['shutdown: still waiting for a step', 'slow'],
    ])
    finish()
    await done
    await vi.advanceTimersByTimeAsync(5_000)
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2)
    expect(lines.at(-1)?.msg).toBe('shutdown: done')
  })

  it('stops at a step that throws and passes its error on', async () => {
    const { log, lines } = recordingLog()
    const ran: string[] = []
    await expect(
      runShutdownSteps(
        [
          {
            name: 'broken',
            run: () => {
              throw new Error('disk gone')
            },
          },
          { name: 'after', run: () => ran.push('after') },
        ],
        log,
      ),
    ).rejects.toThrow('disk gone')
    expect(ran).toEqual([])
    expect(lines).toEqual([])
  })
})

describe('endConnectionsAfter', () => {
  /** A server whose upgraded connections stay open until their peer closes them (a WebSocket). */
  async function serverHoldingUpgrades(): Promise<{ server: http.Server; port: number }> {
    const server = http.createServer((_req, res) => res.end('ok'))
    server.on('upgrade', (_req, socket: net.Socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n',
      )
      // Closed only when its peer closes it.
      socket.on('end', () => socket.end())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { server, port: (server.address() as net.AddressInfo).port }
  }

  function upgradedClient(port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
      })
      socket.once('data', () => resolve(socket))
      socket.once('error', reject)
    })
  }

  it('ends a connection that outlives the grace period, so the close completes', async () => {
    const { server, port } = await serverHoldingUpgrades()
    const open = trackConnections(server)
    const client = await upgradedClient(port)
    const clientClosed = new Promise((resolve) => client.once('close', resolve))
    const { log, lines } = recordingLog()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    await endConnectionsAfter(closed, open, log, 50)
    await clientClosed
    await new Promise((resolve) => setImmediate(resolve))
    expect(open.size).toBe(0)
    expect(lines.map((l) => [l.level, l.msg, l.fields.count])).toEqual([
      ['warn', 'shutdown: ending connections still open', 1],
    ])
  })

  it('leaves connections alone when the close completes in time', async () => {
    const { server, port } = await serverHoldingUpgrades()
    const open = trackConnections(server)
    const client = await upgradedClient(port)
    const { log, lines } = recordingLog()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // The peer closes on its own, well within the grace period.
    client.end()
    await endConnectionsAfter(closed, open, log, 10_000)
    expect(lines).toEqual([])
  })
})
