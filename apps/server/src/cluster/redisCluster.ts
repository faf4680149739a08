import crypto from 'node:crypto'
import { Redis } from 'ioredis'
import { createAdapter } from '@socket.io/redis-adapter'
import type { FastifyBaseLogger } from 'fastify'
import type { DocFanout, RemoteDocMessage } from './docFanout.js'
import type { SheetChangeFanout } from '../workbookService.js'

const KIND_CODES = { update: 0, awareness: 1 } as const
const KINDS = ['update', 'awareness'] as const
const NODE_ID_BYTES = 8
const HEADER_BYTES = 1 + NODE_ID_BYTES

const docChannel = (doc: string): string => `cellmate:doc:${doc}`
/** Share links revoked on any node, so every node closes the sockets opened with them. */
const REVOCATION_CHANNEL = 'cellmate:link-revoked'
/** Workbooks whose sheet records changed, so every node drops its cached sheet list. */
const SHEETS_CHANGED_CHANNEL = 'cellmate:sheets-changed'

export interface RedisClusterOptions {
  /** `redis://[:password@]host:6379[/db]` (`rediss://` for TLS). */
  url: string
  log: FastifyBaseLogger
  /** Called with every Redis error (connection lost, command failed), for metrics. */
  onError?: (err: unknown) => void
  /** Called for each message this node publishes, for metrics. */
  onPublish?: () => void
}

/**
 * What several Cellmate processes share through Redis:
 * - the Socket.IO Redis adapter (`adapter()`), so rooms, awareness relays and
 *   `disconnectSockets` reach the sockets of every node;
 * - one channel per document (`DocFanout`) carrying its stored Yjs updates and awareness
 *   changes to the nodes that have it loaded, which apply them to their copy;
 * - one channel for revoked share links, one for workbooks whose sheet records changed.
 *
 * Messages are `[kind][sender node id][payload]`, binary; a node ignores its own.
 */
export class RedisCluster implements DocFanout, SheetChangeFanout {
  readonly nodeId = crypto.randomBytes(NODE_ID_BYTES)
  private readonly pub: Redis
  private readonly adapterSub: Redis
  private readonly sub: Redis
  private readonly handlers = new Map<string, (message: RemoteDocMessage) => void>()
  private readonly revocationListeners = new Set<(linkId: string) => void>()
  private readonly sheetsChangedListeners = new Set<(workbookId: string) => void>()
  private readonly reconnectListeners = new Set<() => void>()
  private readonly onError: (err: unknown) => void

  private constructor(private readonly options: RedisClusterOptions) {
    this.onError = options.onError ?? (() => {})
    const client = (role: string): Redis => {
      const redis = new Redis(options.url, { connectionName: `cellmate-${role}` })
      redis.on('error', (err: unknown) => {
        options.log.warn({ err, role }, 'redis error')
        this.onError(err)
      })
      return redis
    }
    this.pub = client('pub')
    this.adapterSub = client('adapter-sub')
    this.sub = client('sub')
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    )
    let connectedBefore = false
    this.sub.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true
        return
      }
      // ioredis resubscribes by itself after a reconnect, but what was published meanwhile is
      // lost: once the subscriptions are confirmed (this SUBSCRIBE is answered after ioredis's
      // own), the registry re-reads its documents from the store.
      const channels = [...this.handlers.keys()].map(docChannel)
      const confirmed = channels.length > 0 ? this.sub.subscribe(...channels) : Promise.resolve()
      confirmed.then(
        () => {
          for (const listener of this.reconnectListeners) listener()
        },
        (err: unknown) => {
          options.log.error({ err }, 'redis resubscribe failed')
          this.onError(err)
        },
      )
    })
  }

  /** Connects and subscribes to the cluster-wide channels; rejects if Redis is unreachable. */
  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const cluster = new RedisCluster(options)
    try {
      // Fail at once when Redis is unreachable at start (later, ioredis keeps reconnecting).
      await Promise.all([cluster.pub, cluster.sub].map(firstConnection))
      await cluster.sub.subscribe(REVOCATION_CHANNEL, SHEETS_CHANGED_CHANNEL)
    } catch (err) {
      await cluster.close()
      throw new Error(`cannot reach Redis at REDIS_URL: ${(err as Error).message}`)
    }
    return cluster
  }

  /** The Socket.IO adapter factory (`io.adapter(cluster.adapter())`). */
  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.pub, this.adapterSub)
  }

  async subscribe(doc: string, onMessage: (message: RemoteDocMessage) => void): Promise<void> {
    this.handlers.set(doc, onMessage)
    try {
      await this.sub.subscribe(docChannel(doc))
    } catch (err) {
      if (this.handlers.get(doc) === onMessage) this.handlers.delete(doc)
      this.onError(err)
      throw err
    }
  }

  unsubscribe(doc: string): void {
    this.handlers.delete(doc)
    this.sub.unsubscribe(docChannel(doc)).catch((err: unknown) => {
      this.options.log.warn({ err, doc }, 'redis unsubscribe failed')
      this.onError(err)
    })
  }

  publish(doc: string, message: RemoteDocMessage): void {
    const frame = Buffer.allocUnsafe(HEADER_BYTES + message.payload.byteLength)
    frame[0] = KIND_CODES[message.kind]
    this.nodeId.copy(frame, 1)
    frame.set(message.payload, HEADER_BYTES)
    this.publishFrame(docChannel(doc), frame)
  }

  /** Tells every other node that a share link was revoked. */
  publishRevocation(linkId: string): void {
    const frame = Buffer.concat([Buffer.from([0]), this.nodeId, Buffer.from(linkId, 'utf8')])
    this.publishFrame(REVOCATION_CHANNEL, frame)
  }

  /** Calls `listener` with each link another node revoked. */
  onRevocation(listener: (linkId: string) => void): void {
    this.revocationListeners.add(listener)
  }

  /** Tells every other node that a workbook's sheet records changed. */
  publishSheetsChanged(workbookId: string): void {
    const frame = Buffer.concat([Buffer.from([0]), this.nodeId, Buffer.from(workbookId, 'utf8')])
    this.publishFrame(SHEETS_CHANGED_CHANNEL, frame)
  }

  /** Calls `listener` with each workbook whose sheet records another node changed. */
  onSheetsChanged(listener: (workbookId: string) => void): void {
    this.sheetsChangedListeners.add(listener)
  }

  /** Calls `listener` each time the subscriber reconnected after losing Redis. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.add(listener)
  }

  async close(): Promise<void> {
    this.handlers.clear()
    await Promise.allSettled([this.pub, this.adapterSub, this.sub].map((r) => r.quit()))
    for (const r of [this.pub, this.adapterSub, this.sub]) r.disconnect()
  }

  private publishFrame(channel: string, frame: Buffer): void {
    this.options.onPublish?.()
    this.pub.publish(channel, frame).catch((err: unknown) => {
      this.options.log.error({ err, channel }, 'redis publish failed')
      this.onError(err)
    })
  }

  private receive(channel: string, frame: Buffer): void {
    if (frame.length < HEADER_BYTES) return
    if (frame.subarray(1, HEADER_BYTES).equals(this.nodeId)) return
    const payload = new Uint8Array(
      frame.buffer,
      frame.byteOffset + HEADER_BYTES,
      frame.length - HEADER_BYTES,
    )
    if (channel === REVOCATION_CHANNEL) {
      const linkId = Buffer.from(payload).toString('utf8')
      for (const listener of this.revocationListeners) listener(linkId)
      return
    }
    if (channel === SHEETS_CHANGED_CHANNEL) {
      const workbookId = Buffer.from(payload).toString('utf8')
      for (const listener of this.sheetsChangedListeners) listener(workbookId)
      return
    }
    const kind = KINDS[frame[0] ?? -1]
    const handler = this.handlers.get(channel.slice('cellmate:doc:'.length))
    if (!kind || !handler) return
    try {
      handler({ kind, payload })
    } catch (err) {
      this.options.log.error({ err, channel }, 'failed to apply a message from another node')
    }
  }
}

/** Resolves once `redis` is ready; rejects with the error of its first failed attempt. */
function firstConnection(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve, reject) => {
    const ready = (): void => {
      redis.off('error', failed)
      resolve()
    }
    const failed = (err: unknown): void => {
      redis.off('ready', ready)
      reject(err)
    }
    redis.once('ready', ready)
    redis.once('error', failed)
  })
}
