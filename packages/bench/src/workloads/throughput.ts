import type { BenchContext } from './benchContext.js'
import { connectUsers } from './connectUsers.js'
import { runTimedStep, warmUp } from './timedStep.js'

const SECTION = 'Throughput (one room, one server process)'

/** Below this share of the target rate, the load generators (not the server) are the limit. */
const GENERATOR_SATURATED = 0.8

interface RateStep {
  targetRate: number
  achievedRate: number
  p50: number | null
  p99: number | null
  deliveredPct: number
  /** Server CPU during the step and its drain, in cores. */
  serverCores: number
}

interface ThroughputResult {
  steps: RateStep[]
  /** The highest achieved rate whose p99 stayed within the limit; null if none did. */
  sustained: RateStep | null
  /** Why stepping stopped. */
  stop: 'latency' | 'generators saturated' | 'highest rate tried'
}

/**
 * Raises the aggregate edit rate into one room step by step until p99 propagation latency
 * passes the limit (or edits stop arriving); reports the last rate that stayed within it.
 */
export async function runThroughput(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.throughput
  const results = await ctx.forEachSystem('throughput', async (system) => {
    const room = await system.createRoom()
    const users = await connectUsers(ctx, room, cfg.roomClients, 'light')
    const connected = users.connected
    if (connected < cfg.roomClients)
      throw new Error(`only ${connected}/${cfg.roomClients} clients connected: ${users.firstError}`)
    const result: ThroughputResult = { steps: [], sustained: null, stop: 'highest rate tried' }
    const firstRate = cfg.rates[0] ?? 100
    await warmUp(
      ctx,
      users.perWorker.map((n) => (firstRate * n) / connected),
      connected,
    )
    for (const rate of cfg.rates) {
      const perWorker = users.perWorker.map((n) => (rate * n) / connected)
      const cpu0 = system.server.cpuSeconds()
      const t0 = performance.now()
      const o = await runTimedStep(ctx, `tp${rate}`, perWorker, cfg.stepMs, connected, cfg.drainMs)
      const serverCores = (system.server.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000)
      const step: RateStep = {
        targetRate: rate,
        achievedRate: o.achievedRate,
        p50: o.histogram.percentileOfExpected(50, o.expected),
        p99: o.histogram.percentileOfExpected(99, o.expected),
        deliveredPct: o.expected === 0 ? 100 : (100 * o.received) / o.expected,
        serverCores,
      }
      result.steps.push(step)
      ctx.log(
        `throughput ${system.name} ${rate}/s: achieved ${step.achievedRate.toFixed(0)}/s, p99 ${step.p99?.toFixed(1) ?? '—'} ms, ${step.deliveredPct.toFixed(1)}% delivered, server ${serverCores.toFixed(2)} cores`,
      )
      if (step.p99 === null || step.p99 > cfg.p99LimitMs) {
        result.stop = 'latency'
        break
      }
      result.sustained = step
      if (step.achievedRate < GENERATOR_SATURATED * rate) {
        result.stop = 'generators saturated'
        break
      }
    }
    await ctx.pool.all(() => ({ type: 'disconnect' }), 60_000)
    return result
  })
  ctx.details.throughput = results
  ctx.addRow(
    SECTION,
    `edits/s sustained with p99 ≤ ${cfg.p99LimitMs} ms (room of ${cfg.roomClients})`,
    'edits/s',
    'higher',
    ctx.figuresOf(results, (r) => {
      if (!r.sustained)
        return { value: null, note: `none (p99 > ${cfg.p99LimitMs} ms at ${cfg.rates[0]}/s)` }
      const limit = r.stop === 'latency' ? undefined : `${r.stop}: a lower bound`
      return { value: r.sustained.achievedRate, note: limit }
    }),
  )
  ctx.addRow(
    SECTION,
    'p99 at that rate',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.sustained?.p99 ?? null })),
  )
  ctx.addRow(
    SECTION,
    'server CPU at that rate',
    'cores',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.sustained?.serverCores ?? null })),
  )
}
