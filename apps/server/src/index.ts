// app.ts
export type { CellmateServer } from './app.js'
export { createServer } from './app.js'

// config.ts
export type { ServerConfig } from './config.js'
export { configFromEnv } from './config.js'

// store
export type { Store, StoredDoc, WorkbookRecord } from './store/store.js'
export { SqliteStore } from './store/sqliteStore.js'
