import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Server, type Namespace, type Socket } from 'socket.io'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { wireParser } from '@cellmate/client/wire'
import { writeToRoom } from './roomWriter.js'

interface Rig {
  http: HttpServer
  io: Server
  nsp: Namespace
  clients: ClientSocket[]
  /** Server-side sockets in the order the clients connected. */
  sockets: Socket[]
}

let rig: Rig | undefined

afterEach(async () => {
  for (const c of rig?.clients ?? []) c.close()
  await new Promise<void>((resolve) => (rig ? rig.io.close(() => resolve()) : resolve()))
  rig = undefined
})

/** A Socket.IO server with Cellmate's parser and clients in room `r`, over the transports given. */
async function start(transports: Array<'websocket' | 'polling'>): Promise<Rig> {
  const http = createServer()
  const io = new Server(http, { parser: wireParser, transports: ['polling', 'websocket'] })
  const nsp = io.of('/sync')
  const sockets: Socket[] = []
  nsp.on('connection', (s) => {
    void s.join('r')
    sockets.push(s)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const clients: ClientSocket[] = []
  for (const t of transports) {
    const c = connect(`http://127.0.0.1:${port}/sync`, {
      transports: [t],
      upgrade: false,
      parser: wireParser,
      forceNew: true,
    })
    await new Promise<void>((resolve) => c.once('connect', () => resolve()))
    clients.push(c)
  }
  await vi.waitFor(() => expect(sockets).toHaveLength(transports.length))
  rig = { http, io, nsp, clients, sockets }
  return rig
}

/** What a client receives of `events`, in order, until it has `count` of them. */
function collect(client: ClientSocket, events: string[], count: number): Promise<unknown[][]> {
  const got: unknown[][] = []
  return new Promise((resolve) => {
    client.onAny((event: string, ...args: unknown[]) => {
      if (!events.includes(event)) return
      got.push([event, ...args])
      if (got.length === count) resolve(got)
    })
  })
}

/** The WebSocket engine.io writes a socket's frames to (what the direct write uses). */
function wsOf(socket: Socket): { send: (...args: unknown[]) => void } {
  return (socket.conn as unknown as { transport: { socket: { send: () => void } } }).transport
    .socket
}

describe('writeToRoom', () => {
  it('writes one frame straight to each WebSocket in the room, and the clients read the event', async () => {
    const { nsp, clients, sockets } = await start(['websocket', 'websocket', 'websocket'])
    const sends = sockets.map((s) => vi.spyOn(wsOf(s), 'send'))
    const update = new Uint8Array([1, 2, 3, 250])
    const received = clients.map((c) => collect(c, ['update'], 1))
    expect(writeToRoom(nsp, 'r', 'update', { doc: 'r', update }, [sockets[1]!.id])).toBe(2)
    for (const got of await Promise.all([received[0], received[2]])) {
      expect(got?.[0]?.[0]).toBe('update')
      const body = got?.[0]?.[1] as { doc: string; update: Uint8Array }
      expect(body.doc).toBe('r')
      expect([...new Uint8Array(body.update)]).toEqual([1, 2, 3, 250])
    }
    // The same bytes went to both, written by this function, not by engine.io; none to the
    // socket left out.
    expect(sends[0]).toHaveBeenCalledTimes(1)
    expect(sends[2]).toHaveBeenCalledTimes(1)
    expect(sends[0]!.mock.calls[0]![0]).toBe(sends[2]!.mock.calls[0]![0])
    expect(sends[1]).not.toHaveBeenCalled()
  })

  it('sends through Socket.IO to a long-polling client, in the same emit for all of them', async () => {
    const { nsp, clients, sockets } = await start(['polling', 'websocket', 'polling'])
    const received = clients.map((c) => collect(c, ['update'], 1))
    const local = vi.spyOn(nsp, 'local', 'get')
    expect(writeToRoom(nsp, 'r', 'update', { doc: 'r', update: new Uint8Array([7]) })).toBe(3)
    expect(local).toHaveBeenCalledTimes(1)
    for (const got of await Promise.all(received)) {
      expect([...new Uint8Array((got[0]![1] as { update: Uint8Array }).update)]).toEqual([7])
    }
    expect(sockets).toHaveLength(3)
  })

  it('keeps a socket’s order when engine.io still holds packets for it', async () => {
    const { nsp, clients, sockets } = await start(['websocket'])
    const [client] = clients
    const [socket] = sockets
    const received = collect(client!, ['a', 'b', 'update', 'c'], 4)
    // The first emit is written at once; the second waits in engine.io's write buffer until
    // that write is done, so the update must wait behind it, not overtake it.
    socket!.emit('a')
    socket!.emit('b')
    const send = vi.spyOn(wsOf(socket!), 'send')
    expect(writeToRoom(nsp, 'r', 'update', { doc: 'r', update: new Uint8Array([1]) })).toBe(1)
    expect(send).not.toHaveBeenCalled()
    socket!.emit('c')
    expect((await received).map((e) => e[0])).toEqual(['a', 'b', 'update', 'c'])
  })

  it('writes nothing and encodes nothing for a room of senders only or no room', async () => {
    const { nsp, sockets, io } = await start(['websocket'])
    const encode = vi.spyOn(io.encoder, 'encode')
    expect(
      writeToRoom(nsp, 'r', 'update', { doc: 'r', update: new Uint8Array(1) }, [sockets[0]!.id]),
    ).toBe(0)
    expect(writeToRoom(nsp, 'none', 'update', { doc: 'none', update: new Uint8Array(1) })).toBe(0)
    expect(encode).not.toHaveBeenCalled()
  })
})
