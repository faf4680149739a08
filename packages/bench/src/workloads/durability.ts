import { openSheetClient } from '../clients/openSheetClient.js'
import type { ClosedLoopResult } from '../load/workerProtocol.js'
import type { ServerSystemName } from '../report/benchResults.js'
import { LatencyHistogram } from '../stats/latencyHistogram.js'
import type { BenchSystem } from '../systems/benchSystem.js'
import type { RoomRef } from '../systems/roomRef.js'
import type { BenchContext } from './benchContext.js'
import { connectUsers } from './connectUsers.js'

const SECTION = 'Durability cost (edit → server acknowledgement)'

/** What each system stores, said next to what survived the crash. */
const STORAGE: Record<ServerSystemName, string | undefined> = {
  cellmate: undefined,
  'y-websocket': 'stores nothing',
  hocuspocus: 'stores nothing',
  'hocuspocus-db': 'stores 2–10 s after an edit',
  broadcast: 'stores nothing',
}

interface AckRun {
  clients: number
  p50: number | null
  p99: number | null
  ackedPerSecond: number
  /**
   * The server process's CPU (all threads, ms) per acknowledged edit: unlike the rates, it
   * barely moves with what else the machine runs.
   */
  serverCpuMsPerEdit: number | null
}

interface DurabilityResult {
  single: AckRun
  loaded: AckRun
  /** Of the last acknowledged value of each user, how many a newcomer sees after kill -9. */
  survivedPct: number
}

async function ackRun(
  ctx: BenchContext,
  system: BenchSystem,
  room: RoomRef,
  clients: number,
  step: string,
  durationMs = ctx.config.durability.durationMs,
  maxEdits?: number,
): Promise<{ run: AckRun; lastAcked: ClosedLoopResult['lastAcked'] }> {
  const users = await connectUsers(ctx, room, clients, 'full')
  if (users.connected < clients)
    throw new Error(`only ${users.connected}/${clients} clients connected: ${users.firstError}`)
  const cpu0 = system.server.cpuSeconds()
  const loops = await ctx.pool.all<ClosedLoopResult>(
    () => ({ type: 'closedLoop', step, durationMs, ackTimeoutMs: 10_000, maxEdits }),
    durationMs + 60_000,
  )
  const cpuMs = (system.server.cpuSeconds() - cpu0) * 1000
  await ctx.pool.all(() => ({ type: 'disconnect' }), 30_000)
  const acks = new LatencyHistogram()
  for (const l of loops) acks.merge(l.acks)
  const timeouts = loops.reduce((n, l) => n + l.timeouts, 0)
  if (timeouts > 0) ctx.notes.push(`durability, ${room.system}: ${timeouts} acks timed out`)
  return {
    run: {
      clients,
      p50: acks.percentile(50),
      p99: acks.percentile(99),
      ackedPerSecond: acks.count / (durationMs / 1000),
      serverCpuMsPerEdit: acks.count > 0 ? cpuMs / acks.count : null,
    },
    lastAcked: loops.flatMap((l) => l.lastAcked),
  }
}

/** Kills the server like a power cut, restarts it on the same store, and reads as a newcomer. */
async function survivingAfterCrash(
  system: BenchSystem,
  room: RoomRef,
  lastAcked: ClosedLoopResult['lastAcked'],
): Promise<number> {
  await system.server.kill()
  await system.server.start()
  const reader = await openSheetClient(room, 20_000)
  try {
    const rows = Math.max(...lastAcked.map((a) => a.row)) + 1
    const cols = Math.max(...lastAcked.map((a) => a.col)) + 1
    const view = reader.view(cols, rows)
    const kept = lastAcked.filter((a) => view[a.row]?.[a.col] === a.value).length
    return lastAcked.length === 0 ? 100 : (100 * kept) / lastAcked.length
  } finally {
    reader.close()
  }
}

/**
 * What an acknowledgement costs and what it is worth: users edit and wait for each ack in turn
 * (alone, then many at once), then the server is killed and restarted and a newcomer checks
 * that each user's last acknowledged edit is still there. Only Cellmate stores before acking;
 * the peers acknowledge (or, for y-websocket, apply) in memory.
 */
export async function runDurability(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.durability
  const results = await ctx.forEachSystem('durability', async (system) => {
    const room = await system.createRoom()
    // Unmeasured closed-loop edits first, the same number for every system: a new server's
    // first edits run cold code. Without them the rows measured how soon each server's JIT
    // settles, which favoured the smaller servers and the faster ones (the time-bound
    // one-client run made more edits for them). Cellmate's server spent about half its CPU in
    // V8's optimizing compiler over its first few thousand edits (server README, "Ten clients
    // waiting for their acks: the JIT and the bench").
    await ackRun(ctx, system, room, cfg.loadClients, 'warm-up', cfg.warmUpMaxMs, cfg.warmUpEdits)
    const single = await ackRun(ctx, system, room, 1, 'ack1')
    const loaded = await ackRun(ctx, system, room, cfg.loadClients, 'ackN')
    const survivedPct = await survivingAfterCrash(system, room, loaded.lastAcked)
    if (system.persistent && survivedPct < 100) {
      ctx.failures.push(
        `durability: ${system.name} lost acknowledged edits across kill -9 (${survivedPct.toFixed(1)}% kept)`,
      )
    }
    const result: DurabilityResult = { single: single.run, loaded: loaded.run, survivedPct }
    return result
  })
  ctx.details.durability = results
  const n = cfg.loadClients
  ctx.addRow(
    SECTION,
    'ack p50, 1 client',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.single.p50 })),
  )
  ctx.addRow(
    SECTION,
    'ack p99, 1 client',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.single.p99 })),
  )
  ctx.addRow(
    SECTION,
    `ack p50, ${n} clients editing at once`,
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.loaded.p50 })),
  )
  ctx.addRow(
    SECTION,
    `ack p99, ${n} clients editing at once`,
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.loaded.p99 })),
  )
  ctx.addRow(
    SECTION,
    `acknowledged edits/s, ${n} clients each waiting for its ack`,
    'edits/s',
    'higher',
    ctx.figuresOf(results, (r) => ({ value: r.loaded.ackedPerSecond })),
  )
  ctx.addRow(
    SECTION,
    `server CPU per acknowledged edit, ${n} clients each waiting for its ack`,
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.loaded.serverCpuMsPerEdit })),
  )
  ctx.addRow(
    SECTION,
    'acknowledged edits kept after kill -9 and restart',
    '%',
    'higher',
    ctx.figuresOf(results, (r, name) => ({
      value: r.survivedPct,
      note: STORAGE[name],
    })),
  )
}
