import type { Figure } from '../report/benchResults.js'
import type { BenchSystem } from '../systems/benchSystem.js'
import { epochMs } from '../timing/clock.js'
import type { BenchContext } from './benchContext.js'
import { connectUsers } from './connectUsers.js'
import { waitForQuietServer } from './serverQuiet.js'
import { runTimedStep, warmUp } from './timedStep.js'

/**
 * The warm-up's rate, per load worker, for `latency.warmUpMs` (full run: 3,000 edits with the
 * default two load workers), the same for every system. At the measured rates (one edit per client per second)
 * a second of warm-up was ten edits, and the update path stayed in V8's interpreter and
 * baseline code through the measured steps: Cellmate's server optimizes ~340 functions over
 * its first ~3,500 edits (server README, "Ten clients waiting for their acks: the JIT and the
 * bench").
 */
const WARM_UP_RATE = 500

const SECTION = 'Propagation latency (edit → every other client)'
/** The fan-out phase: this many edits per second in total, whatever the number of clients. */
const FANOUT_RATE = 10

interface Phase {
  sent: number
  achievedRate: number
  expected: number
  received: number
  p50: number | null
  p99: number | null
  deliveredPct: number
  /** Server CPU over the phase and its drain, in cores (1.0 = one core busy). */
  serverCores: number
  /** Load generator CPU over the same time, in cores (all load workers together). */
  generatorCores: number
  /** How long the phase waited for receipts in all. */
  waitedMs: number
}

interface LatencyPoint {
  clients: number
  connected: number
  connectMs: number
  /** `FANOUT_RATE` edits/s in total: the cost of fanning each edit out to N clients. */
  fanout: Phase
  /** Every client edits once a second: N edits/s, N × (N − 1) receipts/s. */
  everyone: Phase
}

async function measurePhase(
  ctx: BenchContext,
  system: BenchSystem,
  step: string,
  perWorkerRate: number[],
  durationMs: number,
  connected: number,
): Promise<Phase> {
  const cpu0 = system.server.cpuSeconds()
  const gen0 = ctx.pool.cpuSeconds()
  const t0 = epochMs()
  const o = await runTimedStep(
    ctx,
    step,
    perWorkerRate,
    durationMs,
    connected,
    ctx.config.latency.drainMs,
    'independent',
  )
  const waitedMs = epochMs() - t0
  return {
    sent: o.sent,
    achievedRate: o.achievedRate,
    expected: o.expected,
    received: o.received,
    p50: o.histogram.percentileOfExpected(50, o.expected),
    p99: o.histogram.percentileOfExpected(99, o.expected),
    deliveredPct: o.expected === 0 ? 100 : (100 * o.received) / o.expected,
    serverCores: (system.server.cpuSeconds() - cpu0) / (waitedMs / 1000),
    generatorCores: (ctx.pool.cpuSeconds() - gen0) / (waitedMs / 1000),
    waitedMs,
  }
}

async function measurePoint(
  ctx: BenchContext,
  system: BenchSystem,
  clients: number,
  first: boolean,
): Promise<LatencyPoint> {
  const cfg = ctx.config.latency
  const room = await system.createRoom()
  const users = await connectUsers(ctx, room, clients, 'light', cfg.connectTimeoutMs)
  try {
    if (users.connected < clients) {
      ctx.notes.push(
        `latency, ${system.name}: ${users.connected}/${clients} clients connected (${users.firstError})`,
      )
    }
    const durationMs = cfg.durationMs(clients)
    const share = users.perWorker.map((n) => (FANOUT_RATE * n) / Math.max(1, users.connected))
    if (first) {
      await warmUp(
        ctx,
        users.perWorker.map((n) => (n > 0 ? WARM_UP_RATE : 0)),
        users.connected,
        ctx.config.latency.warmUpMs,
      )
    }
    const fanout = await measurePhase(
      ctx,
      system,
      `fan${clients}`,
      share,
      cfg.fanoutMs,
      users.connected,
    )
    const everyone = await measurePhase(
      ctx,
      system,
      `all${clients}`,
      users.perWorker,
      durationMs,
      users.connected,
    )
    ctx.log(
      `latency ${system.name} ${clients}: fan-out p99 ${fanout.p99?.toFixed(1) ?? '—'} ms; ` +
        `everyone p50 ${everyone.p50?.toFixed(1) ?? '—'} p99 ${everyone.p99?.toFixed(1) ?? '—'} ms, ` +
        `${everyone.deliveredPct.toFixed(1)}% delivered, ${everyone.achievedRate.toFixed(0)} edits/s, server ${everyone.serverCores.toFixed(2)} cores, load generator ${everyone.generatorCores.toFixed(2)} cores`,
    )
    return { clients, connected: users.connected, connectMs: users.ms, fanout, everyone }
  } finally {
    await ctx.pool.all(() => ({ type: 'disconnect' }), 60_000)
    await waitForQuietServer(system, 15_000)
  }
}

function latencyFigure(phase: Phase | undefined, pick: 'p50' | 'p99'): Figure {
  if (!phase) return { value: null, note: 'error' }
  const v = phase[pick]
  const short =
    phase.deliveredPct < 99.95 ? `${phase.deliveredPct.toFixed(1)}% delivered` : undefined
  if (v === null)
    return {
      value: null,
      note: `> ${(phase.waitedMs / 1000).toFixed(0)} s (${short ?? 'not delivered'})`,
    }
  return { value: v, note: short }
}

/**
 * N users on one sheet. First a fixed 10 edits/s in total (the cost of fanning out to N), then
 * every user editing once a second (N² receipts per second). The edits come at independent
 * random moments (a Poisson process, the same moments for every system: `runTimedStep`), as
 * separate people's do, so two meet at the server as often as chance has them meet. Every
 * receipt of an edit by another user is one sample; receipts still missing when the run stops
 * waiting count as slower than any, so a p99 beyond the wait shows as "> wait".
 */
export async function runLatency(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.latency
  const results = await ctx.forEachSystem('latency', async (system) => {
    const points: LatencyPoint[] = []
    for (const clients of cfg.clientCounts) {
      try {
        points.push(await measurePoint(ctx, system, clients, points.length === 0))
      } catch (err) {
        ctx.notes.push(
          `latency, ${system.name}, ${clients} clients: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        )
      }
    }
    return points
  })
  ctx.details.latency = results
  for (const clients of cfg.clientCounts) {
    const at = (ps: LatencyPoint[]): LatencyPoint | undefined =>
      ps.find((p) => p.clients === clients)
    const n = clients.toLocaleString('en-US')
    ctx.addRow(
      SECTION,
      `p99, ${n} clients, ${FANOUT_RATE} edits/s in total`,
      'ms',
      'lower',
      ctx.figuresOf(results, (ps) => latencyFigure(at(ps)?.fanout, 'p99')),
    )
    ctx.addRow(
      SECTION,
      `p50, ${n} clients, each editing once a second`,
      'ms',
      'lower',
      ctx.figuresOf(results, (ps) => latencyFigure(at(ps)?.everyone, 'p50')),
    )
    ctx.addRow(
      SECTION,
      `p99, ${n} clients, each editing once a second`,
      'ms',
      'lower',
      ctx.figuresOf(results, (ps) => latencyFigure(at(ps)?.everyone, 'p99')),
    )
    ctx.addRow(
      SECTION,
      `server CPU, ${n} clients, each editing once a second`,
      'cores',
      'lower',
      ctx.figuresOf(results, (ps) => ({ value: at(ps)?.everyone.serverCores ?? null })),
    )
    ctx.addRow(
      SECTION,
      `load generator CPU, ${n} clients, each editing once a second`,
      'cores',
      'lower',
      ctx.figuresOf(results, (ps) => ({ value: at(ps)?.everyone.generatorCores ?? null })),
    )
  }
}
