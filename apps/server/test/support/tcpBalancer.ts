import net from 'node:net'

/**
 * A tiny TCP load balancer on loopback, as a deployment puts in front of several server
 * processes: each new connection goes to the next backend in turn, and a backend that refuses
 * (its process is dead) is skipped. So clients given this one address are split across the
 * nodes, and reconnect to a live one when theirs dies.
 */
export class TcpBalancer {
  private next = 0
  private readonly open = new Set<net.Socket>()

  private constructor(
    private readonly server: net.Server,
    private readonly backends: readonly number[],
  ) {}

  static async start(backends: readonly number[]): Promise<TcpBalancer> {
    const server = net.createServer()
    const balancer = new TcpBalancer(server, backends)
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
    const first = this.next++
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
