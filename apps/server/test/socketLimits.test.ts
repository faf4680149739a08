import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { wireParser } from '@cellmate/client/wire'
import { PROTOCOL_VERSION, SYNC_NAMESPACE } from '@cellmate/protocol'
import type { CreatedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

type Outcome = { connected: true } | { connected: false; message: string; code?: string }

/** A bare sync socket (no document opened), from `forwardedFor` when the server trusts a proxy. */
function syncSocket(url: string, wb: CreatedWorkbook, forwardedFor?: string): Socket {
  return io(`${url}${SYNC_NAMESPACE}`, {
    auth: { workbookId: wb.id, token: wb.token, protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    parser: wireParser,
    extraHeaders: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  })
}

/** Whether the handshake was accepted, and if not, what the server said. */
function outcome(socket: Socket): Promise<Outcome> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true }))
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) =>
      resolve({ connected: false, message: err.message, code: err.data?.code }),
    )
  })
}

/** Resolves with `promise`, or fails after `ms`. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

describe('Socket.IO connections per address', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wb: CreatedWorkbook
  const sockets: Socket[] = []

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
      socketLimits: {
        maxPerAddress: 50,
        idleMs: 0,
        messagesPerSecondPerAddress: 0,
        messagesPerSecondPerSocket: 100,
      },
    }))
    wb = await rest(url).createWorkbook('crowded')
  })

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close()
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('the 51st socket from one address is refused in the handshake, saying why; once one closes, another may connect', async () => {
    for (let i = 0; i < 50; i++) sockets.push(syncSocket(url, wb))
    const outcomes = await Promise.all(sockets.map(outcome))
    expect(outcomes.every((o) => o.connected)).toBe(true)

    // A spoofed X-Forwarded-For does not make it another address: no proxy is trusted.
    const extra = syncSocket(url, wb, '203.0.113.9')
    sockets.push(extra)
    expect(await outcome(extra)).toEqual({
      connected: false,
      code: 'RATE_LIMITED',
      message:
        'too many connections from your address (at most 50); close some tabs or try again later',
    })

    sockets[0]!.close()
    await waitUntil(async () => {
      const next = syncSocket(url, wb)
      sockets.push(next)
      return (await outcome(next)).connected
    })
  })

  it('without a proxy, open TCP connections per address are capped too (twice the socket cap, plus 20)', async () => {
    const { port } = new URL(url)
    const conns: Array<{ socket: net.Socket; closed: boolean }> = []
    try {
      for (let i = 0; i < 130; i++) {
        const socket = net.connect(Number(port), '127.0.0.1')
        const entry = { socket, closed: false }
        socket.on('error', () => {})
        socket.on('close', () => (entry.closed = true))
        conns.push(entry)
      }
      // 120 at most stay open (fewer when this address still holds others, such as the
      // keep-alive connection of an earlier fetch); the rest are closed at once.
      await waitUntil(() => conns.filter((c) => !c.closed).length <= 120)
      expect(conns.filter((c) => !c.closed).length).toBeGreaterThanOrEqual(110)
    } finally {
      for (const c of conns) c.socket.destroy()
    }
    // Once they are gone, the address is welcome again.
    await waitUntil(async () => (await fetch(`${url}/healthz`)).ok)
  })
})

describe('behind a trusted proxy', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wb: CreatedWorkbook
  const sockets: Socket[] = []

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      trustProxy: true,
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
      socketLimits: {
        maxPerAddress: 2,
        idleMs: 0,
        messagesPerSecondPerAddress: 20,
        messagesPerSecondPerSocket: 100,
      },
    }))
    wb = await rest(url).createWorkbook('proxied')
  })

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close()
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  const open = async (forwardedFor: string): Promise<Outcome> => {
    const socket = syncSocket(url, wb, forwardedFor)
    sockets.push(socket)
    return outcome(socket)
  }

  it('counts the address the proxy reports (the last X-Forwarded-For entry), which a client cannot choose', async () => {
    expect(await open('198.51.100.1')).toEqual({ connected: true })
    expect(await open('198.51.100.1')).toEqual({ connected: true })
    // A made-up first entry changes nothing: the proxy appended the real address last.
    expect(await open('192.0.2.77, 198.51.100.1')).toMatchObject({
      connected: false,
      code: 'RATE_LIMITED',
    })
    expect(await open('192.0.2.77, 198.51.100.2')).toEqual({ connected: true })
  })

  it('all the sockets of one address share one message budget; another address is not slowed', async () => {
    const flood = await Promise.all(
      Array.from({ length: 2 }, async (_, i) => {
        const socket = syncSocket(url, wb, `198.51.100.${10 + i}`)
        sockets.push(socket)
        await outcome(socket)
        return socket
      }),
    )
    // Two sockets of another address, 198.51.100.20, plus the two above from .10 and .11:
    // .20's two sockets share its budget of 20 a second (bursts of 60).
    const shared = [syncSocket(url, wb, '198.51.100.20'), syncSocket(url, wb, '198.51.100.20')]
    sockets.push(...shared)
    await Promise.all(shared.map(outcome))
    const send = (socket: Socket): Promise<string> =>
      new Promise((resolve) =>
        socket.emit('join', { doc: 'not a document' }, (ack: { error?: { code: string } }) =>
          resolve(ack.error?.code ?? 'ok'),
        ),
      )
    const codes = await Promise.all(Array.from({ length: 100 }, (_, i) => send(shared[i % 2]!)))
    const limited = codes.filter((c) => c === 'RATE_LIMITED').length
    // Each socket sent 50, well within its own budget (bursts of 300); together they pass
    // their address's burst of 60.
    expect(limited).toBeGreaterThan(0)
    expect(100 - limited).toBeGreaterThanOrEqual(60)
    // Another address is not limited by that flood.
    const other = await Promise.all(Array.from({ length: 20 }, () => send(flood[0]!)))
    expect(other.filter((c) => c === 'RATE_LIMITED')).toEqual([])
  })
})

describe('idle sync connections', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const clients: SheetClient[] = []
  const sockets: Socket[] = []

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
      socketLimits: {
        maxPerAddress: 50,
        idleMs: 400,
        messagesPerSecondPerAddress: 0,
        messagesPerSecondPerSocket: 100,
      },
    }))
  })

  afterAll(async () => {
    for (const c of clients.splice(0)) c.close()
    for (const s of sockets.splice(0)) s.close()
    await server.close()
    data.remove()
  })

  it('a socket that never opens a document is told why and disconnected; one with a document open stays', async () => {
    const wb = await rest(url).createWorkbook('idle')
    const working = await openSheetClient(url, wb.id, wb.sheets[0]!.id, wb.token)
    clients.push(working)
    let workingDisconnects = 0
    working.provider.socket.on('disconnect', () => workingDisconnects++)

    const idle = syncSocket(url, wb)
    sockets.push(idle)
    const told = new Promise<{ error: { code: string; message: string } }>((resolve) =>
      idle.once('error-message', resolve),
    )
    const dropped = new Promise<string>((resolve) => idle.once('disconnect', resolve))
    expect(await outcome(idle)).toEqual({ connected: true })

    expect(await within(10_000, dropped, 'the idle socket being dropped')).toBe(
      'io server disconnect',
    )
    expect((await told).error).toEqual({
      code: 'NOT_JOINED',
      message: 'closed: no document was open on this connection for 0.4 s',
    })
    expect(workingDisconnects).toBe(0)
    expect(working.provider.socket.connected).toBe(true)
  })
})

describe("one socket's message budget (SOCKET_RATE_PER_SOCKET)", () => {
  const servers: Array<{ server: CellmateServer; data: ReturnType<typeof tempDataDir> }> = []
  const sockets: Socket[] = []

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close()
    for (const { server, data } of servers.splice(0)) {
      await server.close()
      data.remove()
    }
  })

  /** 400 messages at once from one socket of a server whose sockets may send `perSocket`/s. */
  const flood = async (perSocket: number): Promise<string[]> => {
    const data = tempDataDir()
    const { server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
      socketLimits: {
        maxPerAddress: 50,
        idleMs: 0,
        messagesPerSecondPerAddress: 0,
        messagesPerSecondPerSocket: perSocket,
      },
    })
    servers.push({ server, data })
    const socket = syncSocket(url, await rest(url).createWorkbook('busy'))
    sockets.push(socket)
    expect(await outcome(socket)).toEqual({ connected: true })
    const send = (): Promise<string> =>
      new Promise((resolve) =>
        socket.emit('join', { doc: 'not a document' }, (ack: { error?: { code: string } }) =>
          resolve(ack.error?.code ?? 'ok'),
        ),
      )
    return Promise.all(Array.from({ length: 400 }, send))
  }

  it('is 3 seconds of its rate at once, then refused with RATE_LIMITED', async () => {
    const codes = await flood(20)
    const limited = codes.filter((c) => c === 'RATE_LIMITED').length
    // A burst of 60, plus what refilled while the 400 arrived.
    expect(400 - limited).toBeGreaterThanOrEqual(60)
    expect(limited).toBeGreaterThan(300)
  })

  it('is off at 0: a script may stream over one connection, answered for every message', async () => {
    const codes = await flood(0)
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toEqual([])
    // Each join was read and refused for what it is: not a document of this workbook.
    expect(new Set(codes).size).toBe(1)
    expect(codes[0]).not.toBe('ok')
  })
})
