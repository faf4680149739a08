import type { EditAtRateResult, StatsResult } from '../load/workerProtocol.js'
import { LatencyHistogram } from '../stats/latencyHistogram.js'
import { pollUntil } from '../timing/deadline.js'
import type { BenchContext } from './benchContext.js'

/** Edits made in one step and how they reached the other users. */
export interface StepOutcome {
  sent: number
  /** Edits per second actually made (the workers may fall short of the target when loaded). */
  achievedRate: number
  /** Receipts due: every edit to every other connected user. */
  expected: number
  received: number
  histogram: LatencyHistogram
}

/** Unmeasured edits before the first measured step: a new server's first updates hit cold code. */
const WARM_UP_MS = 1000

/**
 * Edits at `rates` (per worker) for `durationMs` and discards the receipts, so the first
 * measured step does not pay for JIT compilation and first-use allocations in the server and
 * the load workers.
 */
export async function warmUp(
  ctx: BenchContext,
  rates: readonly number[],
  connectedUsers: number,
  durationMs = WARM_UP_MS,
): Promise<void> {
  await runTimedStep(ctx, 'warm-up', rates, durationMs, connectedUsers, WARM_UP_MS)
}

/**
 * How a step's edits are spread in time: evenly paced (a load, for the throughput steps), or
 * at independent random moments (separate people editing, for the latency rows), each worker's
 * from a seed of the run's seed, the step and the worker — so every system gets the same
 * moments.
 */
export type Arrivals = 'paced' | 'independent'

/**
 * Has the connected users make timed edits at `rates[w]` per second per worker for
 * `durationMs`, then waits up to `drainMs` for every receipt, and merges the workers' figures.
 */
export async function runTimedStep(
  ctx: BenchContext,
  step: string,
  rates: readonly number[],
  durationMs: number,
  connectedUsers: number,
  drainMs: number,
  arrivals: Arrivals = 'paced',
): Promise<StepOutcome> {
  const made = await ctx.pool.all<EditAtRateResult>(
    (w) => ({
      type: 'editAtRate',
      step,
      ratePerSecond: rates[w] ?? 0,
      durationMs,
      ...(arrivals === 'independent' ? { arrivalSeed: arrivalSeed(ctx.seed, step, w) } : {}),
    }),
    durationMs + 60_000,
  )
  const sent = made.reduce((n, r) => n + r.sent, 0)
  const expected = sent * Math.max(0, connectedUsers - 1)
  let stats: StatsResult[] = []
  const collect = async (): Promise<boolean> => {
    stats = await ctx.pool.all<StatsResult>(() => ({ type: 'stats', step }), 30_000)
    return stats.reduce((n, s) => n + s.received, 0) >= expected
  }
  await pollUntil(collect, drainMs, 100)
  const histogram = new LatencyHistogram()
  for (const s of stats) histogram.merge(s.histogram)
  const seconds = Math.max(...made.map((r) => r.ms)) / 1000
  return { sent, achievedRate: sent / seconds, expected, received: histogram.count, histogram }
}

/** A worker's seed for a step's arrivals: FNV-1a over the run's seed, the step and the worker. */
export function arrivalSeed(runSeed: number, step: string, worker: number): number {
  let h = 0x811c9dc5
  for (const c of `${runSeed}/${step}/${worker}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193)
  return h >>> 0
}
