import net from 'node:net'

/**
 * How a `TcpBalancer` picks a backend: `round-robin` (each connection to the next; fine for
 * WebSocket-only clients) or `failover` (every connection to the first backend that accepts,
 * so a browser's long-polling requests all reach one process, as sticky sessions do).
 */
export type BalancerMode = 'round-robin' | 'failover'

/**
 * A tiny TCP load balancer on loopback, as a deployment puts in front of several server
 * processes. A backend that refuses (its process is dead) is skipped, so clients given this
 * one address reconnect to a live process when theirs dies. For tests and benchmarks only.
 */
export class TcpBalancer {
  private next = 0
  private readonly open = new Set<net.Socket>()

  private constructor(
    private readonly server: net.Server,
    private readonly backends: readonly number[],
    private readonly mode: BalancerMode,
  ) {}

  /** Listens on a free loopback port, forwarding to the given backend ports on 127.0.0.1. */
  static async start(
    backends: readonly number[],
    mode: BalancerMode = 'round-robin',
  ): Promise<TcpBalancer> {
    const server = net.createServer()
    const balancer = new TcpBalancer(server, backends, mode)
    server.on('connection', (client) => balancer.route(client))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return balancer
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private route(client: net.Socket): void {
    client.pause()
    client.on('error', () => client.destroy())
    this.track(client)
    const first = this.mode === 'round-robin' ? this.next++ : 0
    const attempt = (tries: number): void => {
      if (tries >= this.backends.length || client.destroyed) {
        client.destroy()
        return
      }
      const port = this.backends[(first + tries) % this.backends.length]!
      const upstream = net.connect(port, '127.0.0.1')
      upstream.once('error', () => {
        upstream.destroy()
        attempt(tries + 1)
      })
      upstream.once('connect', () => {
        this.track(upstream)
        upstream.removeAllListeners('error')
        const closeBoth = (): void => {
          client.destroy()
          upstream.destroy()
        }
        for (const s of [client, upstream]) {
          s.on('error', closeBoth)
          s.on('close', closeBoth)
        }
        client.pipe(upstream)
        upstream.pipe(client)
      })
    }
    attempt(0)
  }

  private track(socket: net.Socket): void {
    this.open.add(socket)
    socket.once('close', () => this.open.delete(socket))
  }
}
