import { openSheetClient } from '../clients/openSheetClient.js'
import type { ConcurrentOpsResult } from '../load/workerProtocol.js'
import { auditPlacement, type PlacementAudit } from '../stats/placementAudit.js'
import type { RoomRef } from '../systems/roomRef.js'
import { pollUntil, withTimeout } from '../timing/deadline.js'
import type { BenchContext } from './benchContext.js'
import { connectUsers } from './connectUsers.js'

const SECTION = 'Correctness under concurrency'

interface CorrectnessResult {
  audit: PlacementAudit
  /** Clients whose own view still differed from a newcomer's after settling. */
  divergedClients: number
  clients: number
  unackedClients: number
}

/** Writes the row labels `r0…` into column 0 of a fresh room, before anyone joins. */
async function seedLabels(room: RoomRef, rows: number): Promise<void> {
  const seeder = await openSheetClient(room, 10_000)
  try {
    seeder.paste(Array.from({ length: rows }, (_, row) => ({ row, col: 0, value: `r${row}` })))
    await withTimeout(seeder.acked(), 10_000, 'label seed ack')
  } finally {
    seeder.close()
  }
}

/** What a user opening the sheet after the run sees. */
async function newcomerView(room: RoomRef, cols: number, rows: number): Promise<string[][]> {
  const reader = await openSheetClient(room, 10_000)
  try {
    return reader.view(cols, rows)
  } finally {
    reader.close()
  }
}

/**
 * N users edit one sheet at once, inserting rows while others type into rows by what they see.
 * Every edit says which labelled row it meant; the audit finds where each value ended up.
 */
export async function runCorrectness(ctx: BenchContext): Promise<void> {
  const c = ctx.config.correctness
  const cols = c.clients + 1
  const viewRows = Math.min(
    1000,
    c.labelledRows + Math.ceil(c.clients * c.opsPerClient * c.insertProbability * 2),
  )
  const results = await ctx.forEachSystem('correctness', async (system) => {
    const room = await system.createRoom()
    await seedLabels(room, c.labelledRows)
    const users = await connectUsers(ctx, room, c.clients, 'full')
    if (users.connected < c.clients)
      throw new Error(`only ${users.connected}/${c.clients} clients connected: ${users.firstError}`)
    const ops = await ctx.pool.all<ConcurrentOpsResult>(
      () => ({
        type: 'concurrentOps',
        ops: c.opsPerClient,
        insertProbability: c.insertProbability,
        meanGapMs: c.meanGapMs,
        viewRows,
        seed: ctx.seed,
        ackTimeoutMs: 20_000,
      }),
      120_000,
    )
    const edits = ops.flatMap((o) => o.edits)
    const inserts = ops.flatMap((o) => o.inserts)
    let final = await newcomerView(room, cols, viewRows)
    let diverged = c.clients
    // Converging systems settle within a round trip; the broadcast one never does.
    await pollUntil(
      async () => {
        final = await newcomerView(room, cols, viewRows)
        const views = (
          await ctx.pool.all<string[][][]>(() => ({ type: 'views', cols, rows: viewRows }), 30_000)
        ).flat()
        const expected = JSON.stringify(final)
        diverged = views.filter((v) => JSON.stringify(v) !== expected).length
        return diverged === 0
      },
      c.settleMs,
      250,
    )
    await ctx.pool.all(() => ({ type: 'disconnect' }), 30_000)
    const result: CorrectnessResult = {
      audit: auditPlacement(final, edits, inserts),
      divergedClients: diverged,
      clients: c.clients,
      unackedClients: ops.reduce((n, o) => n + o.unackedClients, 0),
    }
    const a = result.audit
    if (system.name !== 'broadcast' && (a.ackedLostOrMisplaced > 0 || a.insertsMissing > 0)) {
      ctx.failures.push(
        `correctness: ${system.name} lost or misplaced ${a.ackedLostOrMisplaced} acknowledged edits ` +
          `and lost ${a.insertsMissing} inserted rows (seed ${ctx.seed})`,
      )
    }
    if (result.unackedClients > 0) {
      ctx.notes.push(
        `correctness, ${system.name}: ${result.unackedClients} clients got no final ack in time`,
      )
    }
    return result
  })
  ctx.details.correctness = results
  const what = `${c.clients} clients × ${c.opsPerClient} actions, ${Math.round(c.insertProbability * 100)}% row inserts`
  ctx.addRow(
    SECTION,
    `edits lost or on the wrong row (${what})`,
    '%',
    'lower',
    ctx.figuresOf(results, (r) => ({
      value: r.audit.lostOrMisplacedPct,
      note: `${r.audit.misplaced} misplaced + ${r.audit.lost} lost of ${r.audit.edits}`,
    })),
  )
  ctx.addRow(
    SECTION,
    'inserted rows missing',
    'count',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.audit.insertsMissing })),
  )
  ctx.addRow(
    SECTION,
    "clients whose view differs from a newcomer's after settling",
    'count',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.divergedClients })),
  )
}
