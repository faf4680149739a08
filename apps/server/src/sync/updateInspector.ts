import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, type DocRef, type ErrorBody } from '@cellmate/protocol'

interface Pending {
  id: number
  update: Uint8Array
  kind: DocRef['kind']
  /** Whose turn it is: jobs of different documents take turns (see `FairQueue`). */
  lane: string
  resolve: () => void
  reject: (err: CellmateError) => void
  /** Times this update ran out of its budget already (it gets one second chance). */
  timeouts: number
}

export interface UpdateInspectorOptions {
  log: FastifyBaseLogger
  /**
   * Longest a single update may take to decode and check (default 2000 ms; valid updates take
   * milliseconds). An update that runs out of it is tried once more on a fresh worker with
   * four times the budget before it is refused, so a valid edit is not lost to a machine that
   * was momentarily too busy; a crafted update that hangs the decoder is refused after both.
   */
  timeoutMs?: number
  /**
   * Longest a new worker may take to load before the update waiting for it is refused
   * (default 30 s). Start-up is not charged to an update's `timeoutMs`: on a busy machine it
   * alone can take longer than that, and a valid edit must not be refused for it.
   */
  startupTimeoutMs?: number
  /** Heap of the inspecting worker, so a crafted update cannot exhaust the server's memory. */
  maxHeapMb?: number
  /** The worker script (tests substitute one that hangs on cue); default: the real checker. */
  workerUrl?: URL
}

/**
 * Validates untrusted updates in a worker thread with a time budget. Crafted updates can make
 * Yjs' decoder loop forever or allocate without bound (yjs#479, #498, #687); on the main
 * thread that would freeze every document of the process. Here the worker is terminated and
 * replaced, the update is refused with INVALID_UPDATE, and nobody else notices.
 *
 * Jobs are pipelined: up to `maxInFlight` are posted to the worker at once (it answers them in
 * order), so the main thread never waits for a round trip between two updates. The time budget
 * applies to each job from the moment the one before it was answered (or the worker finished
 * loading); when it runs out, only the job at the head is refused, and the others are handed to
 * a fresh worker.
 */
export class UpdateInspector {
  private worker: Worker | null = null
  /** The worker has loaded and said so; until then no job's time budget runs. */
  private workerReady = false
  private readonly queue = new FairQueue()
  private readonly inFlight: Pending[] = []
  private timer: NodeJS.Timeout | null = null
  private nextId = 0
  private closed = false
  private readonly timeoutMs: number
  private readonly startupTimeoutMs: number
  private readonly maxHeapMb: number
  private readonly maxInFlight: number

  constructor(private readonly options: UpdateInspectorOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000
    this.maxHeapMb = options.maxHeapMb ?? 256
    this.maxInFlight = 64
  }

  /**
   * Resolves when the update is acceptable for a document of `kind`; rejects with why not.
   * Updates of different `lane`s (documents) take turns, so a flood of one document's updates
   * does not delay another's.
   */
  inspect(update: Uint8Array, kind: DocRef['kind'], lane = ''): Promise<void> {
    if (this.closed) return Promise.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, update, kind, lane, resolve, reject, timeouts: 0 })
      this.pump()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    this.stopTimer()
    for (const job of [...this.inFlight.splice(0), ...this.queue.drain()]) {
      job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    }
    await this.worker?.terminate()
    this.worker = null
  }

  private pump(): void {
    if (this.closed || this.queue.length === 0 || this.inFlight.length >= this.maxInFlight) return
    let worker: Worker
    try {
      worker = this.ensureWorker()
    } catch (err) {
      this.options.log.error({ err }, 'cannot start the update inspector')
      for (const job of this.queue.drain()) {
        job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'updates cannot be checked right now'))
      }
      return
    }
    while (this.queue.length > 0 && this.inFlight.length < this.maxInFlight) {
      const job = this.queue.shift() as Pending
      this.inFlight.push(job)
      worker.postMessage({ id: job.id, update: job.update, kind: job.kind })
    }
    if (!this.timer) this.startTimer()
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = spawnWorker(this.maxHeapMb, this.options.workerUrl)
    this.workerReady = false
    worker.on('message', (msg: { id: number; ok?: true; error?: ErrorBody } | { ready: true }) => {
      if (this.worker !== worker) return
      if ('ready' in msg) {
        this.workerReady = true
        this.stopTimer()
        if (this.inFlight.length > 0) this.startTimer()
        return
      }
      const job = this.inFlight[0]
      if (!job || job.id !== msg.id) return
      this.inFlight.shift()
      this.stopTimer()
      if (this.inFlight.length > 0) this.startTimer()
      if (msg.error) job.reject(new CellmateError(msg.error.code, msg.error.message))
      else job.resolve()
      this.pump()
    })
    worker.on('error', (err) => {
      if (this.worker !== worker) return
      this.options.log.warn({ err }, 'update inspector worker failed')
      this.fail('the update could not be decoded')
    })
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = null
        if (this.inFlight.length > 0) this.fail('the update could not be decoded')
      }
    })
    worker.unref()
    this.worker = worker
    return worker
  }

  private startTimer(): void {
    const budget = this.timeoutMs * (this.inFlight[0]?.timeouts ? 4 : 1)
    this.timer = this.workerReady
      ? setTimeout(() => this.fail('the update took too long to decode', true), budget)
      : setTimeout(() => this.fail('the update checker did not start'), this.startupTimeoutMs)
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /**
   * Refuses the job at the head (the one the worker is stuck on or died of), replaces the
   * worker, and hands the jobs queued behind it to the new one.
   */
  private fail(message: string, timedOut = false): void {
    this.stopTimer()
    const job = this.inFlight.shift()
    this.queue.requeue(this.inFlight.splice(0))
    const worker = this.worker
    this.worker = null
    void worker?.terminate()
    if (job && timedOut && job.timeouts === 0) {
      job.timeouts++
      this.options.log.info(
        { bytes: job.update.byteLength },
        `${message}; trying once more with a larger budget`,
      )
      this.queue.requeue([job])
    } else if (job) {
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
function spawnWorker(maxHeapMb: number, workerUrl?: URL): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const url =
    workerUrl ??
    new URL(
      fromSource ? '../../dist/sync/updateInspectorWorker.js' : './updateInspectorWorker.js',
      import.meta.url,
    )
  if (!fs.existsSync(url)) {
    throw new Error(`${url.pathname} is missing: build the server first (pnpm build)`)
  }
  return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } })
}

/**
 * Jobs queued by lane (document), served round-robin: each lane's jobs stay in order, and a
 * lane with thousands queued gets one turn per round like a lane with one.
 */
class FairQueue {
  private readonly lanes = new Map<string, Pending[]>()
  private size = 0

  get length(): number {
    return this.size
  }

  push(job: Pending): void {
    const lane = this.lanes.get(job.lane)
    if (lane) lane.push(job)
    else this.lanes.set(job.lane, [job])
    this.size++
  }

  /** The next job of the lane whose turn it is; that lane then goes to the back. */
  shift(): Pending | undefined {
    for (const [name, lane] of this.lanes) {
      const job = lane.shift()
      this.lanes.delete(name)
      if (!job) continue
      if (lane.length > 0) this.lanes.set(name, lane)
      this.size--
      return job
    }
    return undefined
  }

  /** Puts jobs back at the front of their lanes (in order), to be served first. */
  requeue(jobs: Pending[]): void {
    for (const job of [...jobs].reverse()) {
      const lane = this.lanes.get(job.lane)
      if (lane) lane.unshift(job)
      else this.lanes.set(job.lane, [job])
      this.size++
    }
  }

  drain(): Pending[] {
    const all = [...this.lanes.values()].flat()
    this.lanes.clear()
    this.size = 0
    return all
  }
}
