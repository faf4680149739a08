import path from 'node:path'

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
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST || 'localhost',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel: env.LOG_LEVEL || 'info',
    idleUnloadMs: intFrom(env.IDLE_UNLOAD_MS, 30_000, 'IDLE_UNLOAD_MS'),
  }
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return n
}
