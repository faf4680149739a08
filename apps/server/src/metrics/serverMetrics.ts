import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { UpdateSource } from '../documentRegistry.js'

export interface ServerMetricsSources {
  /** Sockets connected to this process. */
  connectedSockets: () => number
  /** Documents this process has loaded. */
  loadedDocuments: () => number
}

/**
 * Prometheus metrics of one server process, served at `/metrics`: its own registry (several
 * servers may share a test process), the Node.js defaults (CPU, memory, event-loop lag, GC)
 * and Cellmate's own, all per process — a cluster's totals are sums over its nodes.
 */
export class ServerMetrics {
  readonly registry = new Registry()
  private readonly updatesIn: Counter<'source'>
  private readonly updatesOut: Counter<'to'>
  private readonly persistSeconds: Histogram
  private readonly redisErrors: Counter
  private readonly postgresErrors: Counter

  constructor(sources: ServerMetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    new Gauge({
      name: 'cellmate_connected_sockets',
      help: 'Socket.IO connections to this process (namespace /sync)',
      registers,
      collect() {
        this.set(sources.connectedSockets())
      },
    })
    new Gauge({
      name: 'cellmate_loaded_documents',
      help: 'Yjs documents (workbooks and sheets) loaded in this process',
      registers,
      collect() {
        this.set(sources.loadedDocuments())
      },
    })
    this.updatesIn = new Counter({
      name: 'cellmate_updates_in_total',
      help: 'Yjs updates applied to loaded documents, by source: client (socket), server (REST and server-side changes), remote (another node)',
      labelNames: ['source'],
      registers,
    })
    this.updatesOut = new Counter({
      name: 'cellmate_updates_out_total',
      help: 'Yjs updates sent: to sockets (one per receiving socket) and to nodes (one Redis publish each)',
      labelNames: ['to'],
      registers,
    })
    this.persistSeconds = new Histogram({
      name: 'cellmate_persist_duration_seconds',
      help: 'Time from an update handed to the store to it being durable (what each ack waits for)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    })
    this.redisErrors = new Counter({
      name: 'cellmate_redis_errors_total',
      help: 'Redis errors: lost connections, failed publishes and subscriptions',
      registers,
    })
    this.postgresErrors = new Counter({
      name: 'cellmate_postgres_errors_total',
      help: 'Postgres errors: failed queries and broken connections',
      registers,
    })
    // Start every labelled series at 0, so rates are defined from the first scrape.
    for (const source of ['client', 'server', 'remote'] satisfies UpdateSource[]) {
      this.updatesIn.inc({ source }, 0)
    }
    for (const to of ['sockets', 'nodes']) this.updatesOut.inc({ to }, 0)
  }

  updateIn(source: UpdateSource): void {
    this.updatesIn.inc({ source })
  }

  updatesSent(to: 'sockets' | 'nodes', count = 1): void {
    if (count > 0) this.updatesOut.inc({ to }, count)
  }

  persisted(seconds: number): void {
    this.persistSeconds.observe(seconds)
  }

  redisError(): void {
    this.redisErrors.inc()
  }

  postgresError(): void {
    this.postgresErrors.inc()
  }

  get contentType(): string {
    return this.registry.contentType
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics()
  }
}
