import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built server entry point; `pnpm build` at the repo root produces it. */
export const SERVER_MAIN = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url))

const STARTUP_TIMEOUT_MS = 15_000
const GRACEFUL_STOP_TIMEOUT_MS = 15_000

/** What `POST /api/workbooks` answers. */
export interface CreatedWorkbook {
  id: string
  title: string
  sheets: Array<{ id: string; name: string }>
  token: string
}

/** A workbook plus the sheet the tests edit (its first one). */
export interface TestWorkbook extends CreatedWorkbook {
  sheetId: string
}

export type StopSignal = 'SIGTERM' | 'SIGKILL'

/** Asks the OS for a free loopback port; the server needs a fixed one so it can restart on it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      if (address === null || typeof address === 'string') {
        probe.close()
        reject(new Error('could not read the probe port'))
        return
      }
      probe.close(() => resolve(address.port))
    })
  })
}

/**
 * The real Cellmate server as a child process on a loopback port with its own temporary
 * `DATA_DIR`. A restart reuses both, so what was persisted must be there afterwards: that is
 * the point of the durability tests.
 */
export class CellmateServer {
  /** Every line the server printed, across restarts. */
  private readonly lines: string[] = []
  /** Where the current test's lines start (a server shared by a worker's tests, see `beginTest`). */
  private testLogStart = 0
  private child: ChildProcess | null = null
  private exited: Promise<void> = Promise.resolve()
  private starts = 0

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly extraEnv: Readonly<Record<string, string>>,
  ) {}

  /**
   * Starts a server on a fresh data directory and waits until `/healthz` says ok. `env` adds
   * to (or overrides) the server's environment.
   */
  static async launch(env: Readonly<Record<string, string>> = {}): Promise<CellmateServer> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cellmate-e2e-'))
    const server = new CellmateServer(await freePort(), dataDir, env)
    try {
      await server.spawn()
    } catch (err) {
      await server.dispose()
      throw err
    }
    return server
  }

  /** The lines the server printed for the current test (every line, for a server of its own). */
  get log(): string[] {
    return this.lines.slice(this.testLogStart)
  }

  /** A new test uses this server from now on: `log` starts here. */
  beginTest(): void {
    this.testLogStart = this.lines.length
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.child !== null
  }

  /** Starts the process again after `stop()`, on the same port and data directory. */
  async start(): Promise<void> {
    if (this.child) throw new Error('server is already running')
    await this.spawn()
  }

  /**
   * Stops the process and starts it again on the same port and data directory.
   * `SIGTERM` is a graceful shutdown, `SIGKILL` a crash.
   */
  async restart(signal: StopSignal = 'SIGTERM'): Promise<void> {
    await this.stop(signal)
    await this.start()
  }

  /**
   * Stops the process. A graceful stop that does not finish in time is a bug in the server:
   * the process is killed and the call throws.
   */
  async stop(signal: StopSignal = 'SIGTERM'): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = this.exited
    this.note(`--- e2e: sending ${signal} to pid ${child.pid}`)
    child.kill(signal)
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), GRACEFUL_STOP_TIMEOUT_MS)
      }),
    ])
    clearTimeout(timer)
    if (timedOut) {
      child.kill('SIGKILL')
      await exited
      throw new Error(
        `server did not exit within ${GRACEFUL_STOP_TIMEOUT_MS} ms of ${signal}; killed it`,
      )
    }
  }

  /** Stops the server (killing it if need be) and deletes its data directory. */
  async dispose(): Promise<void> {
    try {
      await this.stop('SIGTERM')
    } catch (err) {
      this.note(`--- e2e: ${String(err)}`)
    } finally {
      await rm(this.dataDir, { recursive: true, force: true })
    }
  }

  /** `POST /api/workbooks`. */
  async createWorkbook(title?: string): Promise<TestWorkbook> {
    const body = title === undefined ? {} : { title }
    const created = (await this.request('POST', '/api/workbooks', undefined, body, 201)) as
      CreatedWorkbook | undefined
    const sheetId = created?.sheets[0]?.id
    if (!created || !sheetId) throw new Error(`unexpected workbook: ${JSON.stringify(created)}`)
    return { ...created, sheetId }
  }

  /** Raw inputs of an A1 range of the workbook's first sheet, row-major. */
  async readCells(wb: TestWorkbook, range: string): Promise<string[][]> {
    const res = (await this.request(
      'GET',
      `/api/workbooks/${wb.id}/sheets/${wb.sheetId}/cells?range=${encodeURIComponent(range)}`,
      wb.token,
    )) as { inputs: string[][] }
    return res.inputs
  }

  /** Raw input of one cell, via REST. */
  async readCell(wb: TestWorkbook, address: string): Promise<string> {
    return (await this.readCells(wb, address))[0]?.[0] ?? ''
  }

  /** `PATCH` cells by A1 address on the workbook's first sheet. */
  async writeCells(wb: TestWorkbook, cells: Record<string, string>): Promise<void> {
    await this.request('PATCH', `/api/workbooks/${wb.id}/sheets/${wb.sheetId}/cells`, wb.token, {
      cells,
    })
  }

  /** The editor's address for a user who holds the workbook's link. */
  editorUrl(wb: TestWorkbook): string {
    return `${this.url}/w/${encodeURIComponent(wb.id)}#token=${wb.token}`
  }

  private async request(
    method: string,
    pathname: string,
    token: string | undefined,
    body?: unknown,
    expectStatus = 200,
  ): Promise<unknown> {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${this.url}${pathname}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (res.status !== expectStatus) {
      throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`)
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown)
  }

  private async spawn(): Promise<void> {
    const run = ++this.starts
    this.note(`--- e2e: start #${run} on port ${this.port}, DATA_DIR=${this.dataDir}`)
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: process.env.CELLMATE_LOG_LEVEL ?? 'info',
        NODE_ENV: 'test',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    child.stdout?.setEncoding('utf8')
    child.stderr?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => this.capture(chunk))
    child.stderr?.on('data', (chunk: string) => this.capture(chunk))
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.note(`--- e2e: server #${run} exited (code ${code}, signal ${signal})`)
        if (this.child === child) this.child = null
        resolve()
      })
    })
    await this.waitHealthy(child)
  }

  private async waitHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (this.child !== child) {
        throw new Error(`server exited while starting:\n${this.lines.slice(-30).join('\n')}`)
      }
      try {
        const res = await fetch(`${this.url}/healthz`)
        const body = (await res.json()) as { status?: unknown }
        if (res.ok && body.status === 'ok') return
      } catch {
        // Not listening yet: poll again.
      }
      await delay(50)
    }
    child.kill('SIGKILL')
    await this.exited
    throw new Error(`server not healthy after ${STARTUP_TIMEOUT_MS} ms:\n${this.lines.join('\n')}`)
  }

  private capture(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') this.lines.push(line)
  }

  private note(line: string): void {
    this.lines.push(line)
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
