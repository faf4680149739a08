import type http from 'node:http'
import path from 'node:path'
import { LIMITS } from '@cellmate/protocol'
import type { SheetLimits } from '@cellmate/model'
import { DEFAULT_IMPORT_CONFIG, type ImportConfig } from './transfer/importConfig.js'
import { DEFAULT_VERSION_POLICY, type VersionPolicy } from './history/versionPolicy.js'
import { DEFAULT_SOCKET_RATE } from './sync/socketRateLimiter.js'

/** Server configuration, from the environment. */
export interface ServerConfig {
  /** TCP port (default 3000; 0 picks a free one, as tests do). */
  port: number
  /** Interface to bind (default `localhost`; `0.0.0.0` to accept other machines). */
  host: string
  /** Where the SQLite database lives (default `./data`). */
  dataDir: string
  /** pino level (default `info`). */
  logLevel: string
  /** Unload documents this long after their last user leaves. */
  idleUnloadMs: number
  /** Rows and columns a sheet may grow to (default Excel's 1,048,576 x 16,384). */
  sheetLimits: SheetLimits
  /**
   * Origin that share links point at, e.g. `https://sheets.example.com` (`PUBLIC_URL`); null
   * (the default) builds it from each request's `Host` and `X-Forwarded-Proto`.
   */
  publicUrl: string | null
  /**
   * Trust `X-Forwarded-For`/`-Host`/`-Proto` from a reverse proxy (`TRUST_PROXY=true`), so rate
   * limits count real client addresses. Leave it off unless a proxy sets those headers.
   */
  trustProxy: boolean
  rateLimits: RateLimits
  /** Import limits (`IMPORT_MAX_BYTES`, `IMPORT_MAX_CELLS`); defaults when absent. */
  importConfig?: ImportConfig
  /**
   * Largest CSV export, in cells of the sheet's used range (rows x columns, blank padding
   * included): `EXPORT_MAX_CELLS`, default 20,000,000 (at least 20 MB of commas). Larger is
   * answered 413 EXPORT_TOO_LARGE. XLSX holds only the cells that exist and has no such bound.
   */
  exportMaxCells: number
  /**
   * `DATABASE_URL=postgres://…`: store everything in Postgres, which several server processes
   * can share; null (the default) keeps the embedded SQLite database in `dataDir`.
   */
  databaseUrl: string | null
  /**
   * `REDIS_URL=redis://…`: fan out edits, presence and revocations to the other processes
   * sharing `databaseUrl`; null (the default) for a single process.
   */
  redisUrl: string | null
  /**
   * A request's headers and body must arrive within this long (`REQUEST_TIMEOUT_MS`, default
   * 30 s; 0 turns it off), so a client trickling a body cannot hold a connection for minutes.
   * Socket.IO's long-polling requests are received at once and then held: not affected.
   */
  requestTimeoutMs: number
  /**
   * Imports (uploads) one process reads, parses and stores at a time (`IMPORT_CONCURRENCY`,
   * default 2, at least 1); more at once are answered 503 with `Retry-After`.
   */
  importConcurrency: number
  socketLimits: SocketLimitSettings
  /**
   * Port of the Prometheus `/metrics` listener (`METRICS_PORT`); null (the default) serves no
   * metrics. Never the public port: metrics are not served there at all.
   */
  metricsPort: number | null
  /** Interface the metrics listener binds (`METRICS_HOST`, default `127.0.0.1`). */
  metricsHost: string
  /**
   * Automatic versions and retention: `VERSION_QUIET_MINUTES` (5), `VERSION_BUSY_MINUTES` (30),
   * `VERSION_KEEP_ALL_DAYS` (30), `VERSION_KEEP_DAILY_DAYS` (365; monthly after that).
   */
  versionPolicy: VersionPolicy
}

/** What one client address may hold and send over Socket.IO; 0 turns one off. */
export interface SocketLimitSettings {
  /**
   * Sync connections one address may hold at once (`MAX_SOCKETS_PER_ADDRESS`, default 50).
   * Raise it when many people share one address (a NAT); behind a proxy, set `TRUST_PROXY`.
   */
  maxPerAddress: number
  /** Disconnect a sync connection with no document open for this long (`SOCKET_IDLE_MS`, 60 s). */
  idleMs: number
  /**
   * Messages per second all the sockets of one address may send together
   * (`SOCKET_RATE_PER_ADDRESS`, default 200, bursts of 3 times that), on top of each socket's
   * own budget.
   */
  messagesPerSecondPerAddress: number
  /**
   * Messages per second one sync connection may send (`SOCKET_RATE_PER_SOCKET`, default 100,
   * bursts of 3 times that). Raise it for scripts that stream edits over one connection.
   */
  messagesPerSecondPerSocket: number
}

/** REST rate limits per client address and minute; 0 turns one off. */
export interface RateLimits {
  /** `POST /api/workbooks` (`RATE_LIMIT_CREATE_PER_MIN`, default 30). */
  createPerMinute: number
  /** Every other HTTP route (`RATE_LIMIT_API_PER_MIN`, default 600). */
  apiPerMinute: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = { createPerMinute: 30, apiPerMinute: 600 }

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

export const DEFAULT_IMPORT_CONCURRENCY = 2

export const DEFAULT_EXPORT_MAX_CELLS = 20_000_000

export const DEFAULT_METRICS_HOST = '127.0.0.1'

export const DEFAULT_SOCKET_LIMITS: SocketLimitSettings = {
  maxPerAddress: 50,
  idleMs: 60_000,
  messagesPerSecondPerAddress: 200,
  messagesPerSecondPerSocket: DEFAULT_SOCKET_RATE,
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST || 'localhost',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel: env.LOG_LEVEL || 'info',
    idleUnloadMs: intFrom(env.IDLE_UNLOAD_MS, 30_000, 'IDLE_UNLOAD_MS'),
    sheetLimits: {
      maxRows: Math.min(intFrom(env.MAX_ROWS, LIMITS.maxRows, 'MAX_ROWS'), LIMITS.maxRows),
      maxCols: Math.min(intFrom(env.MAX_COLS, LIMITS.maxCols, 'MAX_COLS'), LIMITS.maxCols),
    },
    publicUrl: originFrom(env.PUBLIC_URL),
    trustProxy: boolFrom(env.TRUST_PROXY, 'TRUST_PROXY'),
    rateLimits: {
      createPerMinute: intFrom(
        env.RATE_LIMIT_CREATE_PER_MIN,
        DEFAULT_RATE_LIMITS.createPerMinute,
        'RATE_LIMIT_CREATE_PER_MIN',
      ),
      apiPerMinute: intFrom(
        env.RATE_LIMIT_API_PER_MIN,
        DEFAULT_RATE_LIMITS.apiPerMinute,
        'RATE_LIMIT_API_PER_MIN',
      ),
    },
    importConfig: {
      maxBytes: intFrom(env.IMPORT_MAX_BYTES, DEFAULT_IMPORT_CONFIG.maxBytes, 'IMPORT_MAX_BYTES'),
      maxCells: intFrom(env.IMPORT_MAX_CELLS, DEFAULT_IMPORT_CONFIG.maxCells, 'IMPORT_MAX_CELLS'),
    },
    exportMaxCells: intFrom(env.EXPORT_MAX_CELLS, DEFAULT_EXPORT_MAX_CELLS, 'EXPORT_MAX_CELLS'),
    databaseUrl: urlFrom(env.DATABASE_URL, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: urlFrom(env.REDIS_URL, 'REDIS_URL', ['redis:', 'rediss:']),
    requestTimeoutMs: intFrom(
      env.REQUEST_TIMEOUT_MS,
      DEFAULT_REQUEST_TIMEOUT_MS,
      'REQUEST_TIMEOUT_MS',
    ),
    importConcurrency: atLeastOne(
      intFrom(env.IMPORT_CONCURRENCY, DEFAULT_IMPORT_CONCURRENCY, 'IMPORT_CONCURRENCY'),
      'IMPORT_CONCURRENCY',
    ),
    metricsPort:
      env.METRICS_PORT === undefined || env.METRICS_PORT === ''
        ? null
        : intFrom(env.METRICS_PORT, 0, 'METRICS_PORT'),
    metricsHost: env.METRICS_HOST || DEFAULT_METRICS_HOST,
    versionPolicy: versionPolicyFrom(env),
    socketLimits: {
      maxPerAddress: intFrom(
        env.MAX_SOCKETS_PER_ADDRESS,
        DEFAULT_SOCKET_LIMITS.maxPerAddress,
        'MAX_SOCKETS_PER_ADDRESS',
      ),
      idleMs: intFrom(env.SOCKET_IDLE_MS, DEFAULT_SOCKET_LIMITS.idleMs, 'SOCKET_IDLE_MS'),
      messagesPerSecondPerAddress: intFrom(
        env.SOCKET_RATE_PER_ADDRESS,
        DEFAULT_SOCKET_LIMITS.messagesPerSecondPerAddress,
        'SOCKET_RATE_PER_ADDRESS',
      ),
      messagesPerSecondPerSocket: intFrom(
        env.SOCKET_RATE_PER_SOCKET,
        DEFAULT_SOCKET_LIMITS.messagesPerSecondPerSocket,
        'SOCKET_RATE_PER_SOCKET',
      ),
    },
  }
}

function urlFrom(value: string | undefined, name: string, schemes: string[]): string | null {
  if (value === undefined || value === '') return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} must be a URL such as ${schemes[0]}//host/…`)
  }
  if (!schemes.includes(url.protocol)) {
    throw new Error(`${name} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`)
  }
  return value
}

function originFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL such as https://sheets.example.com`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must be an http(s) URL, got "${value}"`)
  }
  // A path is kept (the app may live under one); a trailing slash is not.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function boolFrom(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false
  if (value === 'true' || value === '1') return true
  throw new Error(`${name} must be true or false, got "${value}"`)
}

function atLeastOne(n: number, name: string): number {
  if (n < 1) throw new Error(`${name} must be at least 1, got ${n}`)
  return n
}

function versionPolicyFrom(env: NodeJS.ProcessEnv): VersionPolicy {
  const minute = 60_000
  const day = 24 * 60 * minute
  const d = DEFAULT_VERSION_POLICY
  const at = (name: string, fallback: number, unit: number): number =>
    atLeastOne(intFrom(env[name], fallback / unit, name), name) * unit
  return {
    ...d,
    quietMs: at('VERSION_QUIET_MINUTES', d.quietMs, minute),
    busyMs: at('VERSION_BUSY_MINUTES', d.busyMs, minute),
    keepAllMs: at('VERSION_KEEP_ALL_DAYS', d.keepAllMs, day),
    keepDailyMs: at('VERSION_KEEP_DAILY_DAYS', d.keepDailyMs, day),
  }
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return n
}

/**
 * Fastify's and Node's HTTP server timeouts for `requestTimeoutMs`: the whole request within
 * it, headers within 10 s of it, checked every tenth of it (Node checks every 30 s by default,
 * which would let a trickle run up to twice the timeout).
 */
export function httpTimeouts(requestTimeoutMs: number): {
  requestTimeout: number
  http: http.ServerOptions
} {
  if (requestTimeoutMs === 0) return { requestTimeout: 0, http: {} }
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 10_000),
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, requestTimeoutMs / 10)),
    },
  }
}
