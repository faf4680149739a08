import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { RestClient } from '@cellmate/client'
import {
  LocalPostgres,
  LocalRedis,
  findPostgresBin,
  findRedisServer,
} from '@cellmate/server/testing'
import type { RoomRef } from './roomRef.js'
import { ServerProcess, freePort } from './serverProcess.js'
import { serverMain } from './serverMain.js'

type CellmateRoom = Extract<RoomRef, { system: 'cellmate' }>

/**
 * Cellmate as a deployment of two processes: a throwaway Postgres cluster (`initdb` in a temp
 * dir; as root it runs as `nobody`) and Redis on free loopback ports, and two server processes
 * sharing them (`DATABASE_URL`, `REDIS_URL`). A room is one sheet reachable through either
 * node: clients of `a` and clients of `b` edit the same sheet, so an edit made through one node
 * and seen on the other measures the cross-node path (persist in Postgres, publish on Redis,
 * apply and relay on the other node).
 *
 *   const sys = await TwoNodeSystem.create()   // null reason from TwoNodeSystem.unavailable()
 *   await sys.start()
 *   const { a, b } = await sys.createRoom()    // RoomRefs of one sheet, on node A and node B
 *   ... writers on a.url, readers on b.url ...
 *   await sys.dispose()
 */
export class TwoNodeSystem {
  readonly persistent = true
  readonly nodes: readonly [ServerProcess, ServerProcess]
  readonly urls: readonly [string, string]
  private readonly dataDir: string
  /** Each node's environment; `start()` adds `DATABASE_URL` and `REDIS_URL` before spawning. */
  private readonly envs: readonly [NodeJS.ProcessEnv, NodeJS.ProcessEnv]
  private postgres: LocalPostgres | null = null
  private redis: LocalRedis | null = null

  private constructor(ports: readonly [number, number]) {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-bench-2node-'))
    this.urls = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`]
    const env = (port: number): NodeJS.ProcessEnv => ({
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      IDLE_UNLOAD_MS: '600000',
      RATE_LIMIT_CREATE_PER_MIN: '0',
      RATE_LIMIT_API_PER_MIN: '0',
      MAX_SOCKETS_PER_ADDRESS: '0',
      SOCKET_RATE_PER_ADDRESS: '0',
      SOCKET_RATE_PER_SOCKET: '0',
    })
    this.envs = [env(ports[0]), env(ports[1])]
    const node = (i: 0 | 1): ServerProcess =>
      new ServerProcess({
        name: `Cellmate node ${i === 0 ? 'A' : 'B'}`,
        args: [serverMain()],
        env: this.envs[i],
        readyUrl: `${this.urls[i]}/healthz`,
      })
    this.nodes = [node(0), node(1)]
  }

  /** Why this system cannot run here (Postgres or Redis not installed), or null. */
  static unavailable(): string | null {
    if (!findPostgresBin()) return 'postgresql is not installed (apt-get install -y postgresql)'
    if (!findRedisServer()) return 'redis-server is not installed (apt-get install -y redis-server)'
    return null
  }

  static async create(): Promise<TwoNodeSystem> {
    return new TwoNodeSystem([await freePort(), await freePort()])
  }

  /** Starts Postgres and Redis, then both nodes (at once: the schema migration copes). */
  async start(): Promise<void> {
    const [postgres, redis] = await Promise.all([LocalPostgres.start(), LocalRedis.start()])
    this.postgres = postgres
    this.redis = redis
    const databaseUrl = await postgres.createDatabase('cellmate_bench')
    for (const env of this.envs)
      Object.assign(env, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url })
    await Promise.all(this.nodes.map((n) => n.start()))
  }

  /** A new empty sheet (1,000 rows x 26 columns), as a room on node A and on node B. */
  async createRoom(): Promise<{ a: CellmateRoom; b: CellmateRoom }> {
    const wb = await new RestClient(this.urls[0]).createWorkbook('bench')
    const sheet = wb.sheets[0]
    if (!sheet) throw new Error('a new workbook has no sheet')
    const room = (url: string): CellmateRoom => ({
      system: 'cellmate',
      url,
      workbookId: wb.id,
      sheetId: sheet.id,
      token: wb.token,
    })
    return { a: room(this.urls[0]), b: room(this.urls[1]) }
  }

  /** SIGKILL one node, like a crash (its clients reconnect elsewhere only behind a balancer). */
  kill(node: 0 | 1): Promise<void> {
    return this.nodes[node].kill()
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()))
    await Promise.all([this.redis?.stop(), this.postgres?.stop()])
    fs.rmSync(this.dataDir, { recursive: true, force: true })
  }
}
