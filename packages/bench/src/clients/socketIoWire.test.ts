import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Server, type Socket } from 'socket.io'
import { WebSocketServer } from 'ws'
import { wireParser } from '@cellmate/client/wire'
import { SocketIoWire } from './socketIoWire.js'

const NSP = '/sync'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A Socket.IO server with Cellmate's parser on a loopback port, as the Cellmate server has. */
async function startServer(
  options: { pingInterval?: number; pingTimeout?: number } = {},
): Promise<{ url: string; io: Server }> {
  const httpServer = http.createServer()
  const io = new Server(httpServer, { parser: wireParser, ...options })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        void io.close(() => resolve())
      }),
  )
  const { port } = httpServer.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, io }
}

function nextConnection(io: Server): Promise<Socket> {
  return new Promise((resolve) => io.of(NSP).once('connection', resolve))
}

async function connect(url: string, auth: object = {}): Promise<SocketIoWire> {
  const wire = await SocketIoWire.connect(url, NSP, auth, 5000)
  cleanups.push(() => wire.close())
  return wire
}

describe('SocketIoWire', () => {
  it('connects with its auth and exchanges binary events and acks with a Socket.IO server', async () => {
    const { url, io } = await startServer()
    const seenAuth: unknown[] = []
    io.of(NSP).use((socket, next) => {
      seenAuth.push(socket.handshake.auth)
      next()
    })
    const connected = nextConnection(io)
    const wire = await connect(url, { token: 't', protocol: 3 })
    const server = await connected
    expect(seenAuth).toEqual([{ token: 't', protocol: 3 }])

    const received: unknown[] = []
    server.on('update', (msg: { doc: string; update: Buffer }, ack: (r: unknown) => void) => {
      received.push({ doc: msg.doc, update: [...msg.update] })
      ack({ ok: true, echo: new Uint8Array([9, 8]) })
    })
    const ack = (await wire.emitWithAck('update', {
      doc: 'd1',
      update: new Uint8Array([1, 2, 3]),
    })) as { ok: boolean; echo: Uint8Array }
    expect(received).toEqual([{ doc: 'd1', update: [1, 2, 3] }])
    expect(ack.ok).toBe(true)
    expect([...ack.echo]).toEqual([9, 8])

    const pushed = new Promise<unknown[]>((resolve) =>
      wire.on('update', (...args) => resolve(args)),
    )
    server.emit('update', { doc: 'd1', update: new Uint8Array([7]) }, 'text')
    const [msg, extra] = await pushed
    expect([...(msg as { update: Uint8Array }).update]).toEqual([7])
    expect(extra).toBe('text')

    // Text packets (no binary data) travel as Engine.IO text messages both ways.
    const plain = new Promise<unknown>((resolve) => server.once('hello', resolve))
    wire.emit('hello', { n: 1 })
    expect(await plain).toEqual({ n: 1 })
  })

  it("rejects the connect with the server's connect_error message", async () => {
    const { url, io } = await startServer()
    io.of(NSP).use((_socket, next) => next(new Error('token refused')))
    await expect(SocketIoWire.connect(url, NSP, {}, 5000)).rejects.toThrow('token refused')
  })

  it("answers the server's pings, so the connection outlives its ping timeout", async () => {
    const { url, io } = await startServer({ pingInterval: 20, pingTimeout: 20 })
    const connected = nextConnection(io)
    const wire = await connect(url)
    const server = await connected
    const closedBy: string[] = []
    server.on('disconnect', (reason) => closedBy.push(reason))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(closedBy).toEqual([])
    server.on('ping?', (ack: (r: string) => void) => ack('pong'))
    expect(await wire.emitWithAck('ping?')).toBe('pong')
  })

  it('fails what waits for an ack when the server disconnects it', async () => {
    const { url, io } = await startServer()
    const connected = nextConnection(io)
    const wire = await connect(url)
    const server = await connected
    server.on('slow', () => server.disconnect(true))
    await expect(wire.emitWithAck('slow')).rejects.toThrow(/disconnected|closed/)
    await expect(wire.emitWithAck('after')).rejects.toThrow()
  })

  it('refuses a frame its parser cannot read and closes the connection', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())))
    wss.on('connection', (ws) => {
      ws.send('0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}')
      // After the namespace connect, a binary frame that is not `wireParser`'s layout.
      ws.once('message', () => ws.send(new Uint8Array([0, 0, 0, 9, 1])))
    })
    await new Promise((resolve) => wss.once('listening', resolve))
    const { port } = wss.address() as AddressInfo
    await expect(SocketIoWire.connect(`http://127.0.0.1:${port}`, NSP, {}, 5000)).rejects.toThrow(
      /frame/,
    )
  })
})
