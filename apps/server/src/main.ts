#!/usr/bin/env node
import { configFromEnv } from './config.js'
import { createServer } from './app.js'

const config = configFromEnv()
const server = await createServer(config)
const address = await server.listen()
server.app.log.info({ dataDir: config.dataDir }, `Cellmate is running at ${address}`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    server.app.log.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
