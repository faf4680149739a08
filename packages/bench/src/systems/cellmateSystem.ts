import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { RestClient } from '@cellmate/client'
import type { BenchSystem } from './benchSystem.js'
import type { RoomRef } from './roomRef.js'
import { ServerProcess, freePort } from './serverProcess.js'
import { serverMain } from './serverMain.js'

/**
 * Cellmate's server (`node apps/server/dist-bundle/main.js`, the production bundle) with a fresh
 * SQLite data dir. Documents stay loaded for the whole run (IDLE_UNLOAD_MS) so the memory figures
 * are of loaded sheets.
 */
export class CellmateSystem implements BenchSystem {
  readonly name = 'cellmate' as const
  readonly persistent = true
  readonly server: ServerProcess
  readonly url: string
  readonly dataDir: string
  private readonly rest: RestClient

  private constructor(port: number, main: string) {
    this.url = `http://127.0.0.1:${port}`
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-bench-'))
    this.rest = new RestClient(this.url)
    this.server = new ServerProcess({
      name: 'Cellmate',
      args: [main],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        IDLE_UNLOAD_MS: '600000',
        // The bench creates a workbook per sheet and opens all its clients from one address;
        // the per-address limits protect a public server, not this loopback run. The throughput
        // rows send up to 2,560 edits a second per socket, past the default per-socket flood
        // budget (100/s); the peers have none, so the rows measure the server, not the budget.
        RATE_LIMIT_CREATE_PER_MIN: '0',
        RATE_LIMIT_API_PER_MIN: '0',
        MAX_SOCKETS_PER_ADDRESS: '0',
        SOCKET_RATE_PER_ADDRESS: '0',
        SOCKET_RATE_PER_SOCKET: '0',
      },
      readyUrl: `${this.url}/healthz`,
    })
  }

  /** `main`: another build of the server to run (a `main.js`), for before/after comparisons. */
  static async create(main = serverMain()): Promise<CellmateSystem> {
    return new CellmateSystem(await freePort(), main)
  }

  start(): Promise<void> {
    return this.server.start()
  }

  async createRoom(): Promise<Extract<RoomRef, { system: 'cellmate' }>> {
    const wb = await this.rest.createWorkbook('bench')
    const sheet = wb.sheets[0]
    if (!sheet) throw new Error('a new workbook has no sheet')
    return {
      system: 'cellmate',
      url: this.url,
      workbookId: wb.id,
      sheetId: sheet.id,
      token: wb.token,
    }
  }

  /** Reads a range over REST: after a restart, the first read loads the sheet from the store. */
  private async readRange(
    room: Extract<RoomRef, { system: 'cellmate' }>,
    range: string,
  ): Promise<void> {
    await this.rest.withToken(room.token).readCells(room.workbookId, room.sheetId, range)
  }

  /**
   * Milliseconds of the first read of `room` after a (re)start: loading it from the store.
   * `warmUp`, a small sheet, is read first so the figure leaves out the new process's own
   * warm-up (JIT, first route compilation).
   */
  async timeColdRead(
    room: Extract<RoomRef, { system: 'cellmate' }>,
    warmUp: Extract<RoomRef, { system: 'cellmate' }>,
  ): Promise<number> {
    await this.readRange(warmUp, 'A1:A1')
    const t0 = performance.now()
    await this.readRange(room, 'A1:A1')
    return performance.now() - t0
  }

  storedFiles(): string[] {
    return ['cellmate.db', 'cellmate.db-wal', 'cellmate.db-shm']
      .map((f) => path.join(this.dataDir, f))
      .filter((f) => fs.existsSync(f))
  }

  async dispose(): Promise<void> {
    await this.server.stop()
    fs.rmSync(this.dataDir, { recursive: true, force: true })
  }
}
