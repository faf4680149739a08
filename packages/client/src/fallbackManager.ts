import { Manager, type ManagerOptions } from 'socket.io-client'

type Transports = NonNullable<ManagerOptions['transports']>

const WEBSOCKET_FIRST: Transports = ['websocket', 'polling']
/** Socket.IO's classic order: a long-polling handshake, then an upgrade where it works. */
const POLLING_FIRST: Transports = ['polling', 'websocket']

/** Engine.IO's `close` reason when this side closed the connection itself. */
const CLOSED_HERE = 'forced close'

/**
 * A Socket.IO manager that connects with a WebSocket first — no long-polling handshake,
 * namespace connect over a second request and upgrade before the first message — and still
 * connects where WebSockets do not work, as behind proxies that block them:
 * - a WebSocket that fails to open: long-polling at once (Socket.IO's `tryAllTransports`);
 * - one that opens and closes before Engine.IO's handshake (a proxy that accepts the upgrade
 *   and drops it): Socket.IO would notice only at its connect timeout (20 s); here the
 *   attempt fails at once;
 * - after any failed attempt, later ones start with long-polling and upgrade when they can
 *   (this also covers a WebSocket that hangs until the connect timeout).
 */
export class FallbackManager extends Manager {
  constructor(uri: string, opts: Partial<ManagerOptions>) {
    super(uri, { ...opts, transports: WEBSOCKET_FIRST, tryAllTransports: true })
    this.on('error', () => {
      this.opts.transports = POLLING_FIRST
    })
  }

  override open(fn?: (err?: Error) => void): this {
    const before = this.engine
    super.open(fn)
    const engine = this.engine
    if (engine !== before) {
      let settled = false
      engine.once('open', () => (settled = true))
      engine.once('error', () => (settled = true))
      engine.once('close', (reason: string) => {
        if (settled || reason === CLOSED_HERE) return
        // The manager listens for `error` until the connection opens; it then gives up this
        // attempt and schedules the next one as for any failed connection.
        const emitter = engine as unknown as { emit(event: 'error', err: Error): void }
        emitter.emit('error', new Error(`connection closed before its handshake (${reason})`))
      })
    }
    return this
  }
}
