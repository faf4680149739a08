import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, type DocRef, type ErrorBody } from '@cellmate/protocol'

interface Pending {
  id: number
  update: Uint8Array
  kind: DocRef['kind']
  resolve: () => void
  reject: (err: CellmateError) => void
}

export interface UpdateInspectorOptions {
  log: FastifyBaseLogger
  /** Longest a single update may take to decode and check (default 1000 ms). */
  timeoutMs?: number
  /** Heap of the inspecting worker, so a crafted update cannot exhaust the server's memory. */
  maxHeapMb?: number
}

/**
 * Validates untrusted updates in a worker thread with a time budget. Crafted updates can make
 * Yjs' decoder loop forever or allocate without bound (yjs#479, #498, #687); on the main
 * thread that would freeze every document of the process. Here the worker is terminated and
 * replaced, the update is refused with INVALID_UPDATE, and nobody else notices.
 * Jobs run one at a time, in arrival order.
 */
export class UpdateInspector {
  private worker: Worker | null = null
  private readonly queue: Pending[] = []
  private current: Pending | null = null
  private timer: NodeJS.Timeout | null = null
  private nextId = 0
  private closed = false
  private readonly timeoutMs: number
  private readonly maxHeapMb: number

  constructor(private readonly options: UpdateInspectorOptions) {
    this.timeoutMs = options.timeoutMs ?? 1000
    this.maxHeapMb = options.maxHeapMb ?? 256
  }

  /** Resolves when the update is acceptable for a document of `kind`; rejects with why not. */
  inspect(update: Uint8Array, kind: DocRef['kind']): Promise<void> {
    if (this.closed) return Promise.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, update, kind, resolve, reject })
      this.pump()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) {
      job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    }
    await this.worker?.terminate()
    this.worker = null
  }

  private pump(): void {
    if (this.current || this.closed) return
    const job = this.queue.shift()
    if (!job) return
    let worker: Worker
    try {
      worker = this.ensureWorker()
    } catch (err) {
      this.options.log.error({ err }, 'cannot start the update inspector')
      job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'updates cannot be checked right now'))
      queueMicrotask(() => this.pump())
      return
    }
    this.current = job
    this.timer = setTimeout(() => this.fail('the update took too long to decode'), this.timeoutMs)
    worker.postMessage({ id: job.id, update: job.update, kind: job.kind })
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = spawnWorker(this.maxHeapMb)
    worker.on('message', (msg: { id: number; ok?: true; error?: ErrorBody }) => {
      const job = this.current
      if (!job || job.id !== msg.id) return
      this.finish()
      if (msg.error) job.reject(new CellmateError(msg.error.code, msg.error.message))
      else job.resolve()
      this.pump()
    })
    worker.on('error', (err) => {
      this.options.log.warn({ err }, 'update inspector worker failed')
      this.fail('the update could not be decoded')
    })
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null
    })
    worker.unref()
    this.worker = worker
    return worker
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.current = null
  }

  /** Refuses the current job and replaces the worker, which may be stuck or out of memory. */
  private fail(message: string): void {
    const job = this.current
    this.finish()
    const worker = this.worker
    this.worker = null
    void worker?.terminate()
    if (job) {
      this.options.log.warn({ bytes: job.update.byteLength }, message)
      job.reject(new CellmateError(ERROR_CODES.INVALID_UPDATE, message))
    }
    this.pump()
  }
}

/**
 * Starts the inspector worker, always the compiled `updateInspectorWorker.js`: running from
 * source (tests, `pnpm dev`) uses the one in `dist/`, which `turbo` builds before either
 * (a worker thread does not inherit the TypeScript loader of its parent).
 */
function spawnWorker(maxHeapMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const url = new URL(
    fromSource ? '../../dist/sync/updateInspectorWorker.js' : './updateInspectorWorker.js',
    import.meta.url,
  )
  if (!fs.existsSync(url)) {
    throw new Error(`${url.pathname} is missing: build the server first (pnpm build)`)
  }
  return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } })
}
