import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import * as Y from 'yjs'
import { afterAll, beforeAll } from 'vitest'
import { SyncProvider, RestClient, type SyncedDoc } from '@cellmate/client'
import { sheetDocName } from '@cellmate/model'
import { createServer, type CellmateServer, type ServerOptions } from '../../src/index.js'

/** A fresh temp data dir, removed by the returned cleanup. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-test-'))
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Starts the real server in this process on an ephemeral loopback port. */
export async function startInProcess(
  dataDir: string,
  port = 0,
  overrides: Partial<ServerOptions> = {},
): Promise<{ server: CellmateServer; url: string }> {
  const server = await createServer({
    ...overrides,
    port,
    host: '127.0.0.1',
    dataDir,
    logLevel: overrides.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent',
    idleUnloadMs: overrides.idleUnloadMs ?? 50,
  })
  const url = await server.listen()
  return { server, url }
}

/** The built server, as the tests import it. */
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
/** The production bundle of it (`scripts/bundle.mjs`): what `pnpm start` and the bench run. */
export const BUNDLE_MAIN = fileURLToPath(new URL('../../dist-bundle/main.js', import.meta.url))

/** A free loopback port (for restarting a server on the same address). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/**
 * The built server (`dist/main.js`, or `main`) as a child process, so a test can SIGKILL it
 * like a crash.
 */
export class ServerProcess {
  private child: ChildProcess | null = null
  output = ''

  constructor(
    readonly dataDir: string,
    readonly port: number,
    /** More environment, e.g. `DATABASE_URL` and `REDIS_URL` for a multi-node setup. */
    readonly env: NodeJS.ProcessEnv = {},
    /** How long a start may take before the test fails (a loaded machine starts slowly). */
    readonly startTimeoutMs = 15_000,
    /** The script to run: `BUNDLE_MAIN` for the production bundle. */
    readonly main = MAIN,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [this.main], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()))
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.output}`)
      try {
        return (await fetch(`${this.url}/healthz`)).ok
      } catch {
        return false
      }
    }, this.startTimeoutMs)
  }

  /**
   * Stops the process: SIGTERM (graceful) or SIGKILL (crash). Answers its exit code (null when
   * a signal ended it), or null if it was not running.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
    const child = this.child
    if (!child || child.exitCode !== null) return null
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    )
    child.kill(signal)
    const code = await exited
    this.child = null
    return code
  }
}

/** Polls `check` until it returns true; fails after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** A Node client of one workbook with its first sheet open and synced. */
export interface SheetClient {
  provider: SyncProvider
  doc: Y.Doc
  sheet: SyncedDoc
  close(): void
}

/** Opens a sheet with a capability token (the owner's, or a share link's). */
export async function openSheetClient(
  url: string,
  workbookId: string,
  sheetId: string,
  token: string,
): Promise<SheetClient> {
  const provider = new SyncProvider({
    url,
    workbookId,
    token,
    transports: ['websocket'],
    reconnectionDelayMs: 50,
    reconnectionDelayMaxMs: 200,
    ackTimeoutMs: 2000,
  })
  const doc = new Y.Doc()
  const sheet = provider.open(sheetDocName(workbookId, sheetId), doc)
  await sheet.whenSynced()
  return { provider, doc, sheet, close: () => provider.destroy() }
}

export function rest(url: string, token?: string): RestClient {
  return new RestClient(url, token)
}

/**
 * One in-process server for the enclosing `describe` (or file): started in `beforeAll` on a
 * fresh data dir, closed and removed in `afterAll`. Read `url`/`server` inside tests only.
 */
export function serverForSuite(overrides: Partial<ServerOptions> = {}): {
  readonly url: string
  readonly server: CellmateServer
} {
  let data: ReturnType<typeof tempDataDir> | undefined
  let started: { server: CellmateServer; url: string } | undefined
  beforeAll(async () => {
    data = tempDataDir()
    started = await startInProcess(data.dir, 0, overrides)
  })
  afterAll(async () => {
    await started?.server.close()
    data?.remove()
  })
  const get = (): { server: CellmateServer; url: string } => {
    if (!started) throw new Error('serverForSuite: the server starts in beforeAll')
    return started
  }
  return {
    get url() {
      return get().url
    },
    get server() {
      return get().server
    },
  }
}
