import WebSocket from 'ws'
import { PacketType, wireParser } from '@cellmate/client/wire'

/** The packet `wireParser` encodes and decodes (Socket.IO's `Packet`). */
type Packet = Parameters<InstanceType<typeof wireParser.Encoder>['encode']>[0]

type Handler = (...args: unknown[]) => void

/**
 * A Socket.IO client reduced to the wire: one WebSocket to `/socket.io/?EIO=4&transport=websocket`
 * (what `io(url, { transports: ['websocket'] })` opens), Engine.IO 4's packets on it (`0` open,
 * `2` ping answered with `3`, `4` + a text message, a binary message as a binary frame) and
 * Socket.IO 5's packets in them, encoded and decoded by Cellmate's own `wireParser` — so the
 * server sees exactly the frames socket.io-client sends. One namespace, no reconnection, no
 * long polling, no buffering before the connect: what the bench's light users need, without
 * socket.io-client's transport, manager and per-packet event layers, which cost a receipt
 * about twice the CPU of the y-websocket light client's (packages/bench/README.md).
 */
export class SocketIoWire {
  private readonly encoder = new wireParser.Encoder()
  private readonly decoder = new wireParser.Decoder()
  private readonly handlers = new Map<string, Handler[]>()
  private readonly acks = new Map<number, { resolve: Handler; reject: (err: Error) => void }>()
  private nextAckId = 0
  private closedWith: Error | null = null

  private constructor(
    private readonly ws: WebSocket,
    private readonly nsp: string,
  ) {
    this.decoder.on('decoded', (packet: Packet) => this.onPacket(packet))
  }

  /**
   * Opens the WebSocket and connects to `nsp` with `auth`; resolves once the server accepted
   * the namespace connection, rejects with its `connect_error` message, a close or a frame it
   * cannot read.
   */
  static connect(url: string, nsp: string, auth: object, timeoutMs: number): Promise<SocketIoWire> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
    const wire = new SocketIoWire(ws, nsp)
    return new Promise<SocketIoWire>((resolve, reject) => {
      let settled = false
      const settle = (error: Error | null): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        wire.onConnect = null
        if (!error) return resolve(wire)
        wire.close()
        reject(error)
      }
      const timer = setTimeout(
        () => settle(new Error(`Socket.IO connect: no answer in ${timeoutMs} ms`)),
        timeoutMs,
      )
      wire.onConnect = settle
      // Once connected, an error is followed by 'close', which fails what is waiting.
      ws.on('error', (err) => settle(err))
      ws.on('close', () => wire.closed(new Error('connection closed')))
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        try {
          wire.onFrame(data, isBinary, auth)
        } catch (err) {
          // An unreadable frame closes the connection, as socket.io-client's decoder error does.
          const error = err instanceof Error ? err : new Error(String(err))
          if (!settled) settle(error)
          else wire.close(error)
        }
      })
    })
  }

  /** Called once with the namespace's connect (null) or its refusal. */
  private onConnect: ((error: Error | null) => void) | null = null

  /** Listens for a server event (`socket.on`). */
  on(event: string, handler: Handler): void {
    const list = this.handlers.get(event)
    if (list) list.push(handler)
    else this.handlers.set(event, [handler])
  }

  /** Sends an event without asking for an ack. */
  emit(event: string, ...args: unknown[]): void {
    this.send({ type: PacketType.EVENT, nsp: this.nsp, data: [event, ...args] })
  }

  /** Sends an event and resolves with the first argument of the server's ack. */
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith)
    const id = this.nextAckId++
    return new Promise((resolve, reject) => {
      this.acks.set(id, { resolve: (...data) => resolve(data[0]), reject })
      this.send({ type: PacketType.EVENT, nsp: this.nsp, id, data: [event, ...args] })
    })
  }

  close(error = new Error('closed by the client')): void {
    this.closed(error)
    this.ws.close()
  }

  private send(packet: Packet): void {
    if (this.closedWith || this.ws.readyState !== WebSocket.OPEN) return
    for (const part of this.encoder.encode(packet) as Array<string | Uint8Array>) {
      this.ws.send(typeof part === 'string' ? `4${part}` : part)
    }
  }

  private onFrame(data: Buffer, isBinary: boolean, auth: object): void {
    if (isBinary) {
      this.decoder.add(data)
      return
    }
    const text = data.toString('utf8')
    switch (text[0]) {
      case '0': // Engine.IO open: connect to the namespace
        this.send({ type: PacketType.CONNECT, nsp: this.nsp, data: auth })
        return
      case '2': // ping
        this.ws.send('3')
        return
      case '4':
        this.decoder.add(text.slice(1))
        return
      case '1': // the server closes
        this.ws.close()
        return
      default: // noop and upgrade packets: nothing to do on a WebSocket-only connection
        return
    }
  }

  private onPacket(packet: Packet): void {
    if (packet.nsp !== this.nsp) return
    switch (packet.type) {
      case PacketType.CONNECT:
        this.onConnect?.(null)
        return
      case PacketType.CONNECT_ERROR: {
        const message = (packet.data as { message?: unknown } | undefined)?.message
        const error = new Error(typeof message === 'string' ? message : 'connect refused')
        if (this.onConnect) this.onConnect(error)
        else this.close(error)
        return
      }
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT: {
        const [event, ...args] = packet.data as [string, ...unknown[]]
        for (const h of this.handlers.get(event) ?? []) h(...args)
        return
      }
      case PacketType.ACK:
      case PacketType.BINARY_ACK: {
        const ack = packet.id === undefined ? undefined : this.acks.get(packet.id)
        if (!ack || packet.id === undefined) return
        this.acks.delete(packet.id)
        ack.resolve(...(packet.data as unknown[]))
        return
      }
      default: // DISCONNECT: the server left this namespace
        this.close(new Error('disconnected by the server'))
    }
  }

  private closed(error: Error): void {
    if (this.closedWith) return
    this.closedWith = error
    this.onConnect?.(error)
    this.decoder.destroy()
    for (const ack of this.acks.values()) ack.reject(error)
    this.acks.clear()
  }
}
