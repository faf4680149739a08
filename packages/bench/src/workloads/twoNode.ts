import { openSheetClient } from '../clients/openSheetClient.js'
import type { SheetClient } from '../clients/sheetClient.js'
import { formatTimedValue, parseTimedValue } from '../clients/timedValue.js'
import { LatencyHistogram } from '../stats/latencyHistogram.js'
import { TwoNodeSystem } from '../systems/twoNodeSystem.js'
import type { RoomRef } from '../systems/roomRef.js'
import { epochMs } from '../timing/clock.js'
import { sleep, withTimeout } from '../timing/deadline.js'
import type { BenchContext } from './benchContext.js'

const SECTION = 'Two nodes (Postgres + Redis, Cellmate only)'

interface CrossNodeStep {
  rate: number
  sent: number
  achievedRate: number
  sameNode: { p50: number | null; p99: number | null; deliveredPct: number }
  crossNode: { p50: number | null; p99: number | null; deliveredPct: number }
}

/**
 * Writers on node A edit their own cells at `rate` edits/s in total; every other client — on
 * node A (same node) and on node B (across Redis) — times each edit's arrival.
 */
async function step(
  writers: SheetClient[],
  sameNode: SheetClient[],
  crossNode: SheetClient[],
  rate: number,
  durationMs: number,
  drainMs: number,
  label: string,
): Promise<CrossNodeStep> {
  const same = new LatencyHistogram()
  const cross = new LatencyHistogram()
  let sameCount = 0
  let crossCount = 0
  const listen = (clients: SheetClient[], hist: LatencyHistogram, count: () => void): void => {
    for (const c of clients) {
      c.onRemoteValue((value) => {
        const t = parseTimedValue(value)
        if (!t || t.step !== label) return
        hist.record(epochMs() - t.sentAt)
        count()
      })
    }
  }
  listen(sameNode, same, () => sameCount++)
  listen(crossNode, cross, () => crossCount++)
  const t0 = epochMs()
  let sent = 0
  const intervalMs = 1000 / rate
  while (epochMs() - t0 < durationMs) {
    const due = Math.floor((epochMs() - t0) / intervalMs) + 1
    for (; sent < due; sent++) {
      const w = sent % writers.length
      const writer = writers[w] as SheetClient
      writer.setCellAt(
        1 + (Math.floor(sent / writers.length) % 900),
        w,
        formatTimedValue(label, epochMs(), w, sent),
      )
    }
    await sleep(Math.max(1, intervalMs / 2))
  }
  const elapsed = epochMs() - t0
  const expectSame = sent * sameNode.length
  const expectCross = sent * crossNode.length
  const deadline = epochMs() + drainMs
  while ((sameCount < expectSame || crossCount < expectCross) && epochMs() < deadline) {
    await sleep(20)
  }
  const figures = (hist: LatencyHistogram, got: number, expected: number) => ({
    p50: hist.percentileOfExpected(50, expected),
    p99: hist.percentileOfExpected(99, expected),
    deliveredPct: expected === 0 ? 100 : (100 * got) / expected,
  })
  return {
    rate,
    sent,
    achievedRate: (1000 * sent) / elapsed,
    sameNode: figures(same, sameCount, expectSame),
    crossNode: figures(cross, crossCount, expectCross),
  }
}

async function openAll(room: RoomRef, count: number): Promise<SheetClient[]> {
  return Promise.all(
    Array.from({ length: count }, () => withTimeout(openSheetClient(room, 30_000), 40_000, 'join')),
  )
}

/**
 * Cellmate deployed as two processes sharing Postgres and Redis: the latency of an edit made
 * through node A to clients of node A and to clients of node B, at increasing rates. The
 * cross-node path adds Postgres persistence (before the ack) and a Redis hop.
 */
export async function runTwoNode(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.twoNode
  if (cfg.rates.length === 0) {
    ctx.notes.push('two nodes: measured in the full run only (`pnpm bench`)')
    return
  }
  const why = TwoNodeSystem.unavailable()
  if (why) {
    ctx.notes.push(`two nodes: skipped: ${why}`)
    return
  }
  ctx.log('two nodes: cellmate')
  const system = await TwoNodeSystem.create()
  const clients: SheetClient[] = []
  const steps: CrossNodeStep[] = []
  try {
    await system.start()
    const { a, b } = await system.createRoom()
    const writers = await openAll(a, cfg.writers)
    const sameNode = await openAll(a, cfg.readersPerNode)
    const crossNode = await openAll(b, cfg.readersPerNode)
    clients.push(...writers, ...sameNode, ...crossNode)
    // Warm-up (JIT, first Postgres and Redis round trips), not reported.
    await step(writers, sameNode, crossNode, cfg.rates[0] ?? 50, 1000, cfg.drainMs, 'warm')
    for (const rate of cfg.rates) {
      const s = await step(writers, sameNode, crossNode, rate, cfg.stepMs, cfg.drainMs, `n${rate}`)
      steps.push(s)
      ctx.log(
        `two nodes ${rate}/s: achieved ${s.achievedRate.toFixed(0)}/s; same node p99 ` +
          `${s.sameNode.p99?.toFixed(1) ?? '—'} ms, cross node p50 ${s.crossNode.p50?.toFixed(1) ?? '—'} ` +
          `p99 ${s.crossNode.p99?.toFixed(1) ?? '—'} ms, ${s.crossNode.deliveredPct.toFixed(1)}% delivered`,
      )
    }
    for (const node of system.nodes) {
      if (node.crash) ctx.failures.push(`two nodes: ${node.crash}`)
    }
  } finally {
    for (const c of clients) c.close()
    await system.dispose()
  }
  ctx.details.twoNode = steps
  const ms = (v: number | null, delivered: number) => ({
    cellmate:
      v === null
        ? { value: null, note: `${delivered.toFixed(1)}% delivered` }
        : delivered < 99.95
          ? { value: v, note: `${delivered.toFixed(1)}% delivered` }
          : { value: v },
  })
  const who = `${cfg.writers} writers on node A, ${cfg.readersPerNode} readers on each node`
  for (const s of steps) {
    const rate = `${s.rate.toLocaleString('en-US')} edits/s (${who})`
    ctx.addRow(
      SECTION,
      `same node p50, ${rate}`,
      'ms',
      'lower',
      ms(s.sameNode.p50, s.sameNode.deliveredPct),
    )
    ctx.addRow(
      SECTION,
      `across nodes p50, ${rate}`,
      'ms',
      'lower',
      ms(s.crossNode.p50, s.crossNode.deliveredPct),
    )
    ctx.addRow(
      SECTION,
      `across nodes p99, ${rate}`,
      'ms',
      'lower',
      ms(s.crossNode.p99, s.crossNode.deliveredPct),
    )
  }
}
