import path from 'node:path'
import { LIMITS } from '@cellmate/protocol'
import type { SheetLimits } from '@cellmate/model'

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
  }
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return n
}
