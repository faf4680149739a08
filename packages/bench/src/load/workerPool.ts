import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { processCpuSeconds } from '../systems/serverProcess.js'
import { withTimeout } from '../timing/deadline.js'
import type { WorkerCommand, WorkerReply } from './workerProtocol.js'

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

/** Splits `total` clients over `workers` as evenly as possible: counts and first indexes. */
export function splitClients(
  total: number,
  workers: number,
): Array<{ count: number; firstIndex: number }> {
  const out: Array<{ count: number; firstIndex: number }> = []
  let firstIndex = 0
  for (let w = 0; w < workers; w++) {
    const count = Math.floor(total / workers) + (w < total % workers ? 1 : 0)
    out.push({ count, firstIndex })
    firstIndex += count
  }
  return out
}

/** The load worker processes of a run, and request/reply over their IPC channels. */
export class WorkerPool {
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private closing = false
  /** Set if a worker died: the run cannot go on and says why. */
  crash: string | null = null

  private constructor(private readonly workers: ChildProcess[]) {
    process.once('exit', () => {
      for (const w of workers) w.kill('SIGKILL')
    })
    for (const w of workers) {
      w.on('message', (reply: WorkerReply) => {
        const p = this.pending.get(reply.id)
        if (!p) return
        this.pending.delete(reply.id)
        if (reply.ok) p.resolve(reply.result)
        else p.reject(new Error(reply.error))
      })
      w.on('exit', (code, signal) => {
        if (this.closing) return
        this.crash = `a load worker exited (code ${code}, signal ${signal})`
        for (const p of this.pending.values()) p.reject(new Error(this.crash))
        this.pending.clear()
      })
    }
  }

  static start(count: number): WorkerPool {
    const entry = fileURLToPath(new URL('./loadWorker.js', import.meta.url))
    const workers = Array.from({ length: count }, () =>
      fork(entry, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    )
    return new WorkerPool(workers)
  }

  get size(): number {
    return this.workers.length
  }

  /**
   * CPU seconds all load workers have used so far: over a phase, divided by its length, the
   * cores the load generator took (at the machine's core count, it was the bottleneck).
   */
  cpuSeconds(): number {
    return this.workers.reduce(
      (n, w) => n + (w.pid === undefined ? 0 : processCpuSeconds(w.pid)),
      0,
    )
  }

  /** Sends one command to worker `w`. */
  request<T>(w: number, command: WorkerCommand, timeoutMs: number): Promise<T> {
    const worker = this.workers[w]
    if (!worker) throw new Error(`no worker ${w}`)
    const id = this.nextId++
    const reply = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.send({ id, command })
    })
    return withTimeout(reply, timeoutMs, `load worker ${command.type}`).finally(() =>
      this.pending.delete(id),
    ) as Promise<T>
  }

  /** Sends a command (built per worker) to every worker; resolves to their replies in order. */
  all<T>(command: (w: number) => WorkerCommand, timeoutMs: number): Promise<T[]> {
    return Promise.all(this.workers.map((_, w) => this.request<T>(w, command(w), timeoutMs)))
  }

  close(): void {
    this.closing = true
    for (const w of this.workers) if (w.connected) w.disconnect()
  }
}
