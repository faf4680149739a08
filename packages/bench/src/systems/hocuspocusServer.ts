/**
 * The Hocuspocus peer's server process (`@hocuspocus/server` 3.4, the last line that runs on
 * Node 20): a `Hocuspocus` instance behind a WebSocket server on HOST:PORT, as its docs show
 * for embedding (the shipped `Server` class binds every interface). With HOCUSPOCUS_DB set it
 * stores documents with the Database extension configured as its docs' SQLite example does
 * (one row per document, written by the debounced `onStoreDocument`: 2 s after the last
 * change, at most 10 s), using better-sqlite3; without it, documents live in memory only.
 */
import http from 'node:http'
import BetterSqlite from 'better-sqlite3'
import { WebSocketServer } from 'ws'
import { Hocuspocus, type Extension } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'

const port = Number(process.env.PORT)
const host = process.env.HOST ?? '127.0.0.1'
const dbFile = process.env.HOCUSPOCUS_DB

const extensions: Extension[] = []
if (dbFile) {
  const db = new BetterSqlite(dbFile)
  db.exec(
    'CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))',
  )
  const select = db.prepare<[string], { data: Buffer }>(
    'SELECT data FROM "documents" WHERE name = ? ORDER BY rowid DESC',
  )
  const upsert = db.prepare<[string, Uint8Array]>(
    'INSERT INTO "documents" ("name", "data") VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data',
  )
  extensions.push(
    new Database({
      fetch: async ({ documentName }) => {
        const row = select.get(documentName)
        return row ? new Uint8Array(row.data) : null
      },
      store: async ({ documentName, state }) => {
        upsert.run(documentName, state)
      },
    }),
  )
}

const hocuspocus = new Hocuspocus({ quiet: true, extensions })
const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('Welcome to Hocuspocus!')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request))
})
server.listen(port, host)
// Stops as the shipped `Server.destroy()` does: closing every connection stores each document
// (its debounced store runs now) and unloads it; exit once none is left.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    wss.close()
    if (hocuspocus.getDocumentsCount() === 0) process.exit(0)
    hocuspocus.configuration.extensions.push({
      afterUnloadDocument: async () => {
        if (hocuspocus.getDocumentsCount() === 0) process.exit(0)
      },
    })
    hocuspocus.closeConnections()
    setTimeout(() => process.exit(0), 10_000).unref()
  })
}
