// app.ts
export type { CellmateServer, ServerOptions } from './app.js'
export { createServer } from './app.js'

// config.ts
export type { RateLimits, ServerConfig } from './config.js'
export { configFromEnv } from './config.js'

// store
export type { ShareLinkRecord, Store, StoredDoc, WorkbookRecord } from './store/store.js'
export { SqliteStore } from './store/sqliteStore.js'
export type { PostgresStoreOptions } from './store/postgresStore.js'
export { PostgresStore } from './store/postgresStore.js'
export { mergeForCompaction } from './store/compaction.js'
export type {
  Author,
  CellEditBatch,
  CellEditRecord,
  Participant,
  VersionDoc,
  VersionKind,
  VersionRecord,
  WorkbookSettings,
} from './store/historyRecords.js'

// history
export type { VersionPolicy } from './history/versionPolicy.js'
export { DEFAULT_VERSION_POLICY, versionsToDrop } from './history/versionPolicy.js'
export type { OpenedVersion } from './history/versionService.js'
export { VersionService } from './history/versionService.js'

// cluster
export type { DocFanout, RemoteDocMessage } from './cluster/docFanout.js'
export { RedisCluster } from './cluster/redisCluster.js'

// metrics
export { ServerMetrics } from './metrics/serverMetrics.js'
