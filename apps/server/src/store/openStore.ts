import type { FastifyBaseLogger } from 'fastify'
import { SqliteStore } from './sqliteStore.js'
import type { Store } from './store.js'

/**
 * The store a configuration asks for: Postgres when `databaseUrl` is set (several processes
 * share it), else embedded SQLite in `dataDir`.
 */
export async function openStore(
  config: { dataDir: string; databaseUrl?: string | null },
  log: FastifyBaseLogger,
  onPostgresError: () => void,
): Promise<Store> {
  if (!config.databaseUrl) return new SqliteStore(config.dataDir, { log })
  // Loaded on demand: a single SQLite process never pays for the pg driver.
  const { PostgresStore } = await import('./postgresStore.js')
  try {
    return await PostgresStore.open({
      connectionString: config.databaseUrl,
      log,
      onError: (err) => {
        onPostgresError()
        log.warn({ err }, 'postgres error')
      },
    })
  } catch (err) {
    throw new Error(`cannot open the Postgres database at DATABASE_URL: ${(err as Error).message}`)
  }
}
