import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { Store } from './store.js'
import { STORAGE_FAILURE_TEXT, storageFailure, type StorageFailure } from './storageFailure.js'

/** What `/healthz` reports about the store. */
export type StoreStatus = { writable: true } | { writable: false; reason: string }

export interface StoreHealthOptions {
  /**
   * A write probe runs when no write has succeeded for this long (an idle server still
   * notices a full disk or a read-only data dir). Default 5 s.
   */
  probeIntervalMs?: number
  /** While the store is failing, how often a probe checks whether it recovered. Default 1 s. */
  retryMs?: number
  /** A probe that takes longer counts as failing, so the health check answers in time. */
  probeTimeoutMs?: number
  now?: () => number
}

/** Store methods that write; a success of one of them shows the store can write again. */
const WRITES = new Set<string | symbol>([
  'appendUpdate',
  'compact',
  'createWorkbook',
  'addSheets',
  'deleteSheet',
  'restoreSheet',
  'createLink',
  'revokeLink',
  'probeWrite',
])

/** What a failed call did not do, for the error message; others get a generic one. */
const NOT_DONE: Record<string, string> = {
  appendUpdate: 'the change was not saved',
  createWorkbook: 'the workbook was not created',
  addSheets: 'the sheet was not added',
  deleteSheet: 'the sheet was not deleted',
  restoreSheet: 'the sheet was not restored',
  createLink: 'the link was not created',
  revokeLink: 'the link was not revoked',
}

/**
 * Whether the store can write, from the outcome of every store call (the newest write
 * outcome wins) and a small durable write probe when the store has been quiet or failing.
 */
export class StoreHealth {
  private failure: { kind: StorageFailure; at: number } | null = null
  private lastSuccess = Number.NEGATIVE_INFINITY
  private lastProbe = Number.NEGATIVE_INFINITY
  private probing: Promise<void> | null = null
  private readonly probeIntervalMs: number
  private readonly retryMs: number
  private readonly probeTimeoutMs: number
  private readonly now: () => number
  /** Set by `monitorStore`: the store the probe writes to. */
  private store: Store | null = null

  constructor(options: StoreHealthOptions = {}) {
    this.probeIntervalMs = options.probeIntervalMs ?? 5_000
    this.retryMs = options.retryMs ?? 1_000
    this.probeTimeoutMs = options.probeTimeoutMs ?? 1_000
    this.now = options.now ?? (() => performance.now())
  }

  /**
   * The store's state, probing it first when no write succeeded within the probe interval
   * (or, while failing, the retry delay). Answers within the probe timeout.
   */
  async status(): Promise<StoreStatus> {
    const now = this.now()
    const quiet = now - Math.max(this.lastSuccess, this.lastProbe) >= this.probeIntervalMs
    const retry = this.failure !== null && now - this.lastProbe >= this.retryMs
    if ((quiet || retry) && this.store) await this.probe(this.store)
    if (!this.failure) return { writable: true }
    return {
      writable: false,
      reason: `cannot write: storage ${STORAGE_FAILURE_TEXT[this.failure.kind]}`,
    }
  }

  /** Records the outcome of a store call (done by `monitorStore`). */
  record(method: string | symbol, failure: StorageFailure | null): void {
    if (failure) this.failure = { kind: failure, at: this.now() }
    else if (WRITES.has(method)) {
      this.failure = null
      this.lastSuccess = this.now()
    }
  }

  attach(store: Store): void {
    this.store = store
  }

  private async probe(store: Store): Promise<void> {
    this.lastProbe = this.now()
    // One probe at a time; the health checks that arrive meanwhile wait for it.
    this.probing ??= store
      .probeWrite()
      .catch(() => {
        // Already recorded by `monitorStore`; a failure that is not a storage one (a bug)
        // leaves the state as it was.
      })
      .finally(() => {
        this.probing = null
      })
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.probeTimeoutMs)
    })
    const outcome = await Promise.race([this.probing, timedOut])
    clearTimeout(timer)
    if (outcome === 'timeout') this.failure = { kind: 'unavailable', at: this.now() }
  }
}

/**
 * `store`, with every call observed by `health`. A call that fails because of the storage
 * (see `storageFailure`) rejects with `STORAGE_FAILED` (503, retry later) saying why, instead
 * of the driver's error (a 500); other errors pass through unchanged.
 *
 * A proxy rather than a class listing the methods, so methods added to `Store` later are
 * observed without being listed here.
 */
export function monitorStore(store: Store, health: StoreHealth): Store {
  const monitored = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function' || key === 'close') return value
      return (...args: unknown[]): unknown => {
        const failed = (err: unknown): never => {
          const kind = storageFailure(err)
          if (!kind) throw err
          health.record(key, kind)
          const what = (typeof key === 'string' && NOT_DONE[key]) || 'the request was not completed'
          const failure = new CellmateError(
            ERROR_CODES.STORAGE_FAILED,
            `storage ${STORAGE_FAILURE_TEXT[kind]}: ${what}; try again later`,
          )
          failure.cause = err
          throw failure
        }
        let result: unknown
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args)
        } catch (err) {
          return failed(err)
        }
        if (!(result instanceof Promise)) return result
        return result.then((v: unknown) => {
          health.record(key, null)
          return v
        }, failed)
      }
    },
  })
  health.attach(monitored)
  return monitored
}
