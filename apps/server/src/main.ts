#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8'

// Start-up (loading ~900 modules, registering the routes) allocates ~30 MB that nearly all
// survives, and V8 doubles the young generation whenever that much survives a scavenge: an idle
// server kept two 16 MB semi-spaces, ~20 MB of RSS, until V8's memory reducer gave them back
// 30–40 s later (README, "Memory"). So the young generation does not grow while the server
// loads, and may grow again once it listens: under load it grows as it always did. Left alone
// when the young generation is sized on the command line (`--max-semi-space-size`). The server's
// modules are imported only after this, dynamically: static imports would be loaded first.
const youngGenerationSized = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) =>
  arg.includes('semi-space'),
)
if (!youngGenerationSized) setFlagsFromString('--semi-space-growth-factor=1')
const { configFromEnv } = await import('./config.js')
const { createServer } = await import('./app.js')

const config = configFromEnv()
const server = await createServer(config)
const address = await server.listen()
// V8's default.
if (!youngGenerationSized) setFlagsFromString('--semi-space-growth-factor=2')
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
