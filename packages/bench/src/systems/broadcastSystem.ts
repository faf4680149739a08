import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { BenchSystem } from './benchSystem.js'
import type { RoomRef } from './roomRef.js'
import { ServerProcess, freePort } from './serverProcess.js'

/** The plain-broadcast peer: `broadcastServer.ts`, compiled, as its own process. */
export class BroadcastSystem implements BenchSystem {
  readonly name = 'broadcast' as const
  readonly persistent = false
  readonly server: ServerProcess
  readonly url: string

  private constructor(port: number) {
    this.url = `http://127.0.0.1:${port}`
    this.server = new ServerProcess({
      name: 'plain broadcast',
      args: [fileURLToPath(new URL('./broadcastServer.js', import.meta.url))],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
      readyUrl: `${this.url}/healthz`,
    })
  }

  static async create(): Promise<BroadcastSystem> {
    return new BroadcastSystem(await freePort())
  }

  start(): Promise<void> {
    return this.server.start()
  }

  /** Rooms are created on first join with 1,000 empty rows. */
  createRoom(): Promise<Extract<RoomRef, { system: 'broadcast' }>> {
    return Promise.resolve({ system: 'broadcast', url: this.url, room: crypto.randomUUID() })
  }

  storedFiles(): string[] {
    return []
  }

  async dispose(): Promise<void> {
    await this.server.stop()
  }
}
