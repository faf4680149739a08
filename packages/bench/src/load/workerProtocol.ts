import type { HistogramData } from '../stats/latencyHistogram.js'
import type { EditIntent, InsertIntent } from '../stats/placementAudit.js'
import type { RoomRef } from '../systems/roomRef.js'

/** `full`: the systems' own client SDKs; `light`: see `LightClient` (timed workloads only). */
export type ClientKind = 'full' | 'light'

/** Orchestrator -> load worker. Each command gets exactly one reply with the same `id`. */
export type WorkerCommand =
  | {
      type: 'connect'
      room: RoomRef
      kind: ClientKind
      /** Clients this worker opens, numbered from `firstIndex` (unique across workers). */
      count: number
      firstIndex: number
      timeoutMs: number
    }
  | {
      /** Edits at an aggregate rate, taking this worker's clients in turn. */
      type: 'editAtRate'
      step: string
      ratePerSecond: number
      durationMs: number
      /**
       * When set, the edits come at independent random moments (a Poisson process seeded with
       * it), as separate people's do; else evenly paced (`rateEditing.ts`).
       */
      arrivalSeed?: number
    }
  | { type: 'stats'; step: string }
  | {
      /** The correctness script: every client edits and inserts rows concurrently. */
      type: 'concurrentOps'
      ops: number
      insertProbability: number
      meanGapMs: number
      /** Rows scanned for labels (must cover the seeded rows plus every insert). */
      viewRows: number
      seed: number
      ackTimeoutMs: number
    }
  | { type: 'views'; cols: number; rows: number }
  | {
      /**
       * Every client: edit, wait for the server's ack, repeat, for `durationMs` (or until it
       * has made `maxEdits`).
       */
      type: 'closedLoop'
      step: string
      durationMs: number
      ackTimeoutMs: number
      maxEdits?: number
    }
  | { type: 'disconnect' }

export interface ConnectResult {
  connected: number
  failed: number
  firstError: string | null
  ms: number
}

export interface EditAtRateResult {
  sent: number
  ms: number
}

export interface StatsResult {
  received: number
  histogram: HistogramData
}

export interface ConcurrentOpsResult {
  edits: EditIntent[]
  inserts: InsertIntent[]
  /** Clients whose final ack did not come in time. */
  unackedClients: number
}

export interface ClosedLoopResult {
  acks: HistogramData
  /** The last acknowledged value of each client and where it wrote it. */
  lastAcked: Array<{ row: number; col: number; value: string }>
  timeouts: number
}

/** Load worker -> orchestrator. */
export type WorkerReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }
