import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { initSheet } from '@cellmate/model'
import { HocuspocusClient } from '../clients/hocuspocusClient.js'
import { withTimeout } from '../timing/deadline.js'
import type { BenchSystem } from './benchSystem.js'
import type { RoomRef } from './roomRef.js'
import { ServerProcess, freePort } from './serverProcess.js'

type HocuspocusName = 'hocuspocus' | 'hocuspocus-db'

/**
 * Hocuspocus 3.4 (`hocuspocusServer.ts`) as its own process: `hocuspocus` keeps documents in
 * memory, as shipped; `hocuspocus-db` stores them with the Database extension in SQLite,
 * debounced as its docs configure it (so an acknowledged edit is in memory, and on disk only up
 * to 10 s later). Hocuspocus unloads a document when its last connection closes, so each room
 * keeps its seeding connection open until the system is disposed: otherwise the in-memory
 * server would forget the sheet before its users arrive.
 */
export class HocuspocusSystem implements BenchSystem {
  /** Not persist-before-ack: the durability workload reports what survives instead of failing. */
  readonly persistent = false
  readonly server: ServerProcess
  readonly url: string
  private readonly dataDir: string | null
  private readonly hosts: HocuspocusClient[] = []

  private constructor(
    readonly name: HocuspocusName,
    port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`
    this.dataDir =
      name === 'hocuspocus-db' ? fs.mkdtempSync(path.join(os.tmpdir(), 'hocuspocus-bench-')) : null
    this.server = new ServerProcess({
      name,
      args: [fileURLToPath(new URL('./hocuspocusServer.js', import.meta.url))],
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        ...(this.dataDir ? { HOCUSPOCUS_DB: path.join(this.dataDir, 'documents.db') } : {}),
      },
      readyUrl: `${this.url}/`,
    })
  }

  static async create(name: HocuspocusName): Promise<HocuspocusSystem> {
    return new HocuspocusSystem(name, await freePort())
  }

  start(): Promise<void> {
    return this.server.start()
  }

  /** A new document holding the same empty 1,000 x 26 sheet Cellmate creates for a workbook. */
  async createRoom(): Promise<RoomRef> {
    const room = { system: this.name, url: this.url, room: crypto.randomUUID() }
    const host = await HocuspocusClient.open(room, 30_000)
    this.hosts.push(host)
    initSheet(host.doc)
    await withTimeout(host.acked(), 30_000, `${this.name} room seed`)
    return room
  }

  storedFiles(): string[] {
    if (!this.dataDir) return []
    return fs
      .readdirSync(this.dataDir)
      .filter((f) => f.startsWith('documents.db'))
      .map((f) => path.join(this.dataDir as string, f))
  }

  async dispose(): Promise<void> {
    for (const host of this.hosts.splice(0)) host.close()
    await this.server.stop()
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true })
  }
}
