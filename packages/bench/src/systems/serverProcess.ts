import fs from 'node:fs'
import net from 'node:net'
import { spawn, type ChildProcess } from 'node:child_process'
import { pollUntil } from '../timing/deadline.js'

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const CLOCK_TICKS = 100

/** User + system CPU seconds process `pid` has used so far (Linux `/proc`). */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

export interface ServerProcessOptions {
  /** Shown in errors: "cellmate", "y-websocket", … */
  name: string
  args: string[]
  env: NodeJS.ProcessEnv
  /** A URL that answers 2xx once the server is ready. */
  readyUrl: string
  startTimeoutMs?: number
}

/**
 * One system's server as a child process of the bench, so its memory and CPU are its own and
 * the load clients (in other processes) do not share its event loop. Notices an unexpected exit,
 * which the bench reports as a crash.
 */
export class ServerProcess {
  private child: ChildProcess | null = null
  private stopping = false
  private output = ''
  /** Set when the process exited without being asked to. */
  crash: string | null = null

  constructor(private readonly options: ServerProcessOptions) {}

  get pid(): number {
    const pid = this.child?.pid
    if (pid === undefined) throw new Error(`${this.options.name} is not running`)
    return pid
  }

  async start(): Promise<void> {
    this.stopping = false
    const startedAt = Date.now()
    const child = spawn(process.execPath, this.options.args, {
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    // Never leave a server behind, even when the bench exits early.
    const reap = (): void => {
      child.kill('SIGKILL')
    }
    process.once('exit', reap)
    child.once('exit', () => process.off('exit', reap))
    const keep = (d: Buffer): void => {
      this.output = (this.output + d.toString()).slice(-8000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    child.on('exit', (code, signal) => {
      if (!this.stopping) {
        const after = ((Date.now() - startedAt) / 1000).toFixed(1)
        this.crash = `${this.options.name} (pid ${child.pid}) exited unexpectedly ${after} s after start (code ${code}, signal ${signal}):\n${this.output}`
      }
    })
    const ready = await pollUntil(
      async () => {
        if (child.exitCode !== null) return true
        try {
          const res = await fetch(this.options.readyUrl, { signal: AbortSignal.timeout(1000) })
          return res.ok
        } catch {
          return false
        }
      },
      this.options.startTimeoutMs ?? 20_000,
      50,
    )
    if (child.exitCode !== null || !ready) {
      const why = child.exitCode !== null ? `exited with ${child.exitCode}` : 'did not get ready'
      await this.stop()
      throw new Error(`${this.options.name} ${why}:\n${this.output}`)
    }
  }

  /** Resident set size in bytes, from /proc (Linux). */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1]
    if (kb === undefined) throw new Error(`no VmRSS for ${this.options.name}`)
    return Number(kb) * 1024
  }

  /** User + system CPU seconds the process has used so far. */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid)
  }

  /** SIGTERM (graceful: Cellmate compacts its documents), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.signal('SIGTERM', graceMs)
  }

  /** SIGKILL, like a crash or a power cut. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 5000)
  }

  private async signal(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    this.stopping = true
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
    this.child = null
  }
}
