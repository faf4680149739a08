import fs from 'node:fs'
import { spawn, type ChildProcess } from 'node:child_process'
import { Redis } from 'ioredis'
import { freeLoopbackPort, waitFor, whichBinary } from './localProcess.js'

/** `redis-server`: `$REDIS_SERVER`, else on `PATH` or in `/usr/bin`; null when not installed. */
export function findRedisServer(): string | null {
  const candidates = [
    process.env.REDIS_SERVER,
    whichBinary('redis-server'),
    '/usr/bin/redis-server',
  ]
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null
}

/**
 * A throwaway `redis-server` on a free loopback port, without persistence. For tests and
 * benchmarks only.
 */
export class LocalRedis {
  private output = ''

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts a server (on a free port unless given one); throws if Redis is not installed. */
  static async start(port?: number): Promise<LocalRedis> {
    const bin = findRedisServer()
    if (!bin) throw new Error('Redis is not installed (apt-get install -y redis-server)')
    port ??= await freeLoopbackPort()
    const child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const redis = new LocalRedis(port, child)
    const keep = (d: Buffer): void => {
      redis.output = (redis.output + d.toString()).slice(-8000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const reap = (): void => void child.kill('SIGKILL')
    process.once('exit', reap)
    child.once('exit', () => process.off('exit', reap))
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited:\n${redis.output}`)
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 })
      client.on('error', () => {})
      try {
        await client.connect()
        return (await client.ping()) === 'PONG'
      } catch {
        return false
      } finally {
        client.disconnect()
      }
    }, 15_000)
    return redis
  }

  /** Starts a fresh server on the same port (after `stop`): an outage, as clients see it. */
  static async restart(stopped: LocalRedis): Promise<LocalRedis> {
    return LocalRedis.start(stopped.port)
  }

  async stop(): Promise<void> {
    const child = this.child
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
}
