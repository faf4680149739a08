import crypto from 'node:crypto'
import path from 'node:path'
import { createRequire } from 'node:module'
import { initSheet } from '@cellmate/model'
import { YWebsocketClient } from '../clients/yWebsocketClient.js'
import { withTimeout } from '../timing/deadline.js'
import type { BenchSystem } from './benchSystem.js'
import type { RoomRef } from './roomRef.js'
import { ServerProcess, freePort } from './serverProcess.js'

/** `y-websocket/bin/server.cjs`: the reference Yjs WebSocket server on yjs 13. */
function serverScript(): string {
  const utils = createRequire(import.meta.url).resolve('y-websocket/bin/utils')
  return path.join(path.dirname(utils), 'server.cjs')
}

/**
 * The y-websocket@2 reference server, as shipped (`HOST`/`PORT`, no persistence: the default,
 * documents live in memory only).
 */
export class YWebsocketSystem implements BenchSystem {
  readonly name = 'y-websocket' as const
  readonly persistent = false
  readonly server: ServerProcess
  readonly url: string

  private constructor(port: number) {
    this.url = `http://127.0.0.1:${port}`
    this.server = new ServerProcess({
      name: 'y-websocket',
      args: [serverScript()],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
      readyUrl: `${this.url}/`,
    })
  }

  static async create(): Promise<YWebsocketSystem> {
    return new YWebsocketSystem(await freePort())
  }

  start(): Promise<void> {
    return this.server.start()
  }

  /** A new room holding the same empty 1,000 x 26 sheet Cellmate creates for a workbook. */
  async createRoom(): Promise<Extract<RoomRef, { system: 'y-websocket' }>> {
    const room = { system: 'y-websocket' as const, url: this.url, room: crypto.randomUUID() }
    const seeder = await YWebsocketClient.open(room, 30_000)
    try {
      initSheet(seeder.doc)
      await withTimeout(seeder.acked(), 30_000, 'y-websocket room seed')
    } finally {
      seeder.close()
    }
    return room
  }

  storedFiles(): string[] {
    return []
  }

  async dispose(): Promise<void> {
    await this.server.stop()
  }
}
