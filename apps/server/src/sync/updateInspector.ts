import { Worker, type ResourceLimits } from 'node:worker_threads'
import fs from 'node:fs'
import os from 'node:os'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, type DocRef, type ErrorBody } from '@cellmate/protocol'
import { isBoundedUpdate } from './updateBounds.js'
import { validateUpdate } from './updateValidation.js'

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
  /**
   * Young generation of each worker (default 12 MB: 4 MB semi-spaces). With V8's default a
   * worker's grew to 8 MB semi-spaces after a few 25,000-cell pastes, held until it exits;
   * checking such a paste took as long with 12 MB (median 61-68 ms against 63-65, interleaved)
   * and ~10 % longer with 6 MB.
   */
  youngGenerationMb?: number
  /**
   * A worker with nothing to check for this long exits (default 60 s); the next update that
   * needs one, or the next `warm()`, starts it again (a cold start, ~0.3 s before the first
   * check). An idle worker thread is an isolate of 10-30 MB.
   */
  idleExitMs?: number
  /** The worker script (tests substitute one that hangs on cue); default: the real checker. */
  workerUrl?: URL
  /**
   * Worker threads checking updates side by side at most (default: one per core). Another
   * starts only when every running one is busy checking.
   */
  workers?: number
  /**
   * Updates up to this size that `isBoundedUpdate` can bound are checked on the calling
   * thread, without a round trip to a worker (default 32 KiB; 0 sends every update to a
   * worker). Checking a bounded update takes time linear in its bytes: microseconds for an
   * edit, well under a millisecond at the limit.
   */
  inlineMaxBytes?: number
}

/** A worker thread and the jobs posted to it, answered in order. */
interface Slot {
  worker: Worker | null
  /** The worker has loaded and said so; until then no job's time budget runs. */
  ready: boolean
  readonly inFlight: Pending[]
  timer: NodeJS.Timeout | null
  /** Runs while the worker has nothing in flight; it exits when this fires. */
  idleTimer: NodeJS.Timeout | null
}

/**
 * Validates untrusted updates. Crafted updates can make Yjs' decoder loop forever or allocate
 * without bound (yjs#479, #498, #687); on the main thread that would freeze every document of
 * the process. So an update is checked on the calling thread only when `isBoundedUpdate` proves
 * it decodes in linear time (ordinary edits); anything else goes to a worker thread with a time
 * budget, where a hang terminates and replaces the worker, the update is refused with
 * INVALID_UPDATE, and nobody else notices.
 *
 * Worker jobs are pipelined: up to `maxInFlight` are posted to a worker at once (it answers them
 * in order), so the main thread never waits for a round trip between two updates; each job goes
 * to the worker with the fewest in flight. The time budget applies to each job from the moment
 * the one before it was answered (or the worker finished loading); when it runs out, only the
 * job at the head is refused, and the others are handed on.
 */
export class UpdateInspector {
  private readonly slots: Slot[]
  private readonly queue = new FairQueue()
  private nextId = 0
  private closed = false
  private readonly timeoutMs: number
  private readonly startupTimeoutMs: number
  private readonly maxHeapMb: number
  private readonly youngGenerationMb: number
  private readonly idleExitMs: number
  private readonly maxInFlight: number
  private readonly inlineMaxBytes: number

  constructor(private readonly options: UpdateInspectorOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000
    this.maxHeapMb = options.maxHeapMb ?? 256
    this.youngGenerationMb = options.youngGenerationMb ?? 12
    this.idleExitMs = options.idleExitMs ?? 60_000
    this.maxInFlight = 64
    this.inlineMaxBytes = options.inlineMaxBytes ?? 32 * 1024
    const workers = Math.max(1, options.workers ?? os.availableParallelism())
    this.slots = Array.from({ length: workers }, () => ({
      worker: null,
      ready: false,
      inFlight: [],
      timer: null,
      idleTimer: null,
    }))
  }

  /**
   * Resolves when the update is acceptable for a document of `kind`; rejects with why not.
   * Updates of different `lane`s (documents) take turns, so a flood of one document's updates
   * does not delay another's.
   */
  inspect(update: Uint8Array, kind: DocRef['kind'], lane = ''): Promise<void> {
    if (this.closed) return Promise.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    if (update.byteLength <= this.inlineMaxBytes && isBoundedUpdate(update)) {
      try {
        validateUpdate(update, kind)
        return Promise.resolve()
      } catch (err) {
        return Promise.reject(
          err instanceof CellmateError
            ? err
            : new CellmateError(ERROR_CODES.INVALID_UPDATE, 'the update is not a valid Yjs update'),
        )
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, update, kind, lane, resolve, reject, timeouts: 0 })
      this.pump()
    })
  }

  /**
   * Starts a worker if none is running, so the first update that needs one (a paste) does not
   * wait for its cold start (~0.3–0.5 s here): called when someone who may write opens a
   * document. Unused, it exits after `idleExitMs` like any other.
   */
  warm(): void {
    if (this.closed || this.slots.some((slot) => slot.worker)) return
    try {
      this.ensureWorker(this.slots[0] as Slot)
    } catch (err) {
      this.options.log.error({ err }, 'cannot start the update inspector')
    }
  }

  /** Worker threads running now (started on demand, stopped when idle). */
  get runningWorkers(): number {
    return this.slots.filter((slot) => slot.worker).length
  }

  async close(): Promise<void> {
    this.closed = true
    const jobs = this.queue.drain()
    for (const slot of this.slots) {
      this.stopTimer(slot)
      this.stopIdleTimer(slot)
      jobs.push(...slot.inFlight.splice(0))
    }
    for (const job of jobs) job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'shutting down'))
    await Promise.all(
      this.slots.map((slot) => {
        const worker = slot.worker
        slot.worker = null
        return worker?.terminate()
      }),
    )
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const slot = this.pickSlot()
      if (slot.inFlight.length >= this.maxInFlight) return
      let worker: Worker
      try {
        worker = this.ensureWorker(slot)
      } catch (err) {
        this.options.log.error({ err }, 'cannot start the update inspector')
        for (const job of this.queue.drain()) {
          job.reject(new CellmateError(ERROR_CODES.INTERNAL, 'updates cannot be checked right now'))
        }
        return
      }
      const job = this.queue.shift() as Pending
      this.stopIdleTimer(slot)
      slot.inFlight.push(job)
      // A view is posted with its whole buffer (often a socket's larger read buffer): copy it.
      const update =
        job.update.byteLength === job.update.buffer.byteLength ? job.update : job.update.slice()
      worker.postMessage({ id: job.id, update, kind: job.kind })
      if (!slot.timer) this.startTimer(slot)
    }
  }

  /**
   * A running worker with nothing in flight; else a new worker if every running one is busy
   * checking (not while one is still starting: a second would start no sooner, and each is an
   * isolate of its own); else the running worker with the fewest jobs in flight.
   */
  private pickSlot(): Slot {
    const running = this.slots.filter((slot) => slot.worker)
    const idle = running.find((slot) => slot.inFlight.length === 0)
    if (idle) return idle
    const spare = this.slots.find((slot) => !slot.worker)
    if (spare && running.every((slot) => slot.ready)) return spare
    return running.reduce((a, b) => (b.inFlight.length < a.inFlight.length ? b : a))
  }

  private ensureWorker(slot: Slot): Worker {
    if (slot.worker) return slot.worker
    const worker = spawnWorker(
      { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: this.youngGenerationMb },
      this.options.workerUrl,
    )
    slot.ready = false
    worker.on('message', (msg: { id: number; ok?: true; error?: ErrorBody } | { ready: true }) => {
      if (slot.worker !== worker) return
      if ('ready' in msg) {
        slot.ready = true
        this.stopTimer(slot)
        if (slot.inFlight.length > 0) this.startTimer(slot)
        else this.startIdleTimer(slot)
        this.pump()
        return
      }
      const job = slot.inFlight[0]
      if (!job || job.id !== msg.id) return
      slot.inFlight.shift()
      this.stopTimer(slot)
      if (slot.inFlight.length > 0) this.startTimer(slot)
      else this.startIdleTimer(slot)
      if (msg.error) job.reject(new CellmateError(msg.error.code, msg.error.message))
      else job.resolve()
      this.pump()
    })
    worker.on('error', (err) => {
      if (slot.worker !== worker) return
      this.options.log.warn({ err }, 'update inspector worker failed')
      this.fail(slot, 'the update could not be decoded')
    })
    worker.on('exit', () => {
      if (slot.worker === worker) {
        slot.worker = null
        this.stopIdleTimer(slot)
        if (slot.inFlight.length > 0) this.fail(slot, 'the update could not be decoded')
      }
    })
    worker.unref()
    slot.worker = worker
    return worker
  }

  private startTimer(slot: Slot): void {
    const budget = this.timeoutMs * (slot.inFlight[0]?.timeouts ? 4 : 1)
    slot.timer = slot.ready
      ? setTimeout(() => this.fail(slot, 'the update took too long to decode', true), budget)
      : setTimeout(() => this.fail(slot, 'the update checker did not start'), this.startupTimeoutMs)
  }

  private stopTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer)
    slot.timer = null
  }

  private startIdleTimer(slot: Slot): void {
    this.stopIdleTimer(slot)
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null
      const worker = slot.worker
      if (!worker || slot.inFlight.length > 0) return
      slot.worker = null
      slot.ready = false
      void worker.terminate()
    }, this.idleExitMs)
    slot.idleTimer.unref()
  }

  private stopIdleTimer(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = null
  }

  /**
   * Refuses the job at the head of a slot (the one its worker is stuck on or died of),
   * replaces the worker, and puts the jobs queued behind it back in the queue.
   */
  private fail(slot: Slot, message: string, timedOut = false): void {
    this.stopTimer(slot)
    const job = slot.inFlight.shift()
    this.queue.requeue(slot.inFlight.splice(0))
    const worker = slot.worker
    slot.worker = null
    this.stopIdleTimer(slot)
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
function spawnWorker(resourceLimits: ResourceLimits, workerUrl?: URL): Worker {
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
  return new Worker(url, { resourceLimits })
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
