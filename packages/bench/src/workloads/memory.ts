import type { BenchSystem } from '../systems/benchSystem.js'
import { CellmateSystem } from '../systems/cellmateSystem.js'
import { epochMs } from '../timing/clock.js'
import { mapLimit, sleep } from '../timing/deadline.js'
import type { BenchContext } from './benchContext.js'
import { CHUNK_CELLS, seedCells } from './sheetSeeding.js'

const SECTION = 'Server memory and load'
const SETTLE_MS = 1000

interface ManySheets {
  baselineMB: number
  rssMB: number
  perSheetKB: number
  seedMs: number
}

interface BigSheet {
  rssMB: number
  seedMs: number
  /** Cellmate only: the first read of the sheet after a restart, which loads it from the store. */
  coldLoadMs: number | null
  rssAfterColdLoadMB: number | null
}

const mb = (bytes: number): number => bytes / 1e6

async function settledRss(system: BenchSystem): Promise<number> {
  await sleep(SETTLE_MS)
  return mb(system.server.rssBytes())
}

async function manySheets(ctx: BenchContext, system: BenchSystem): Promise<ManySheets> {
  const { sheets, cellsPerSheet, concurrency } = ctx.config.memory
  const baselineMB = await settledRss(system)
  const t0 = epochMs()
  await mapLimit(
    Array.from({ length: sheets }, (_, i) => i),
    concurrency,
    async (i) => {
      const room = await system.createRoom()
      await seedCells(room, cellsPerSheet, `s${i}.`)
    },
  )
  const seedMs = epochMs() - t0
  const rssMB = await settledRss(system)
  return { baselineMB, rssMB, perSheetKB: ((rssMB - baselineMB) * 1000) / sheets, seedMs }
}

async function bigSheet(ctx: BenchContext, system: BenchSystem): Promise<BigSheet> {
  const warmUp = await system.createRoom()
  const room = await system.createRoom()
  const t0 = epochMs()
  await seedCells(room, ctx.config.memory.bigSheetCells, 'b')
  const seedMs = epochMs() - t0
  const rssMB = await settledRss(system)
  if (
    !(system instanceof CellmateSystem) ||
    room.system !== 'cellmate' ||
    warmUp.system !== 'cellmate'
  ) {
    return { rssMB, seedMs, coldLoadMs: null, rssAfterColdLoadMB: null }
  }
  await system.server.stop()
  await system.server.start()
  const coldLoadMs = await system.timeColdRead(room, warmUp)
  return { rssMB, seedMs, coldLoadMs, rssAfterColdLoadMB: await settledRss(system) }
}

/**
 * Server RSS with many small sheets loaded and idle, then (on a fresh server) with one big
 * sheet; for Cellmate also how long the big sheet takes to load from its store after a
 * restart. The peers keep documents in memory only, so they have no load time to show.
 */
export async function runMemory(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.memory
  const many = await ctx.forEachSystem('memory (many sheets)', (s) => manySheets(ctx, s))
  const big = await ctx.forEachSystem('memory (one big sheet)', (s) => bigSheet(ctx, s))
  ctx.details.memory = { many, big }
  const sheets = cfg.sheets.toLocaleString('en-US')
  const cells = cfg.bigSheetCells.toLocaleString('en-US')
  ctx.addRow(
    SECTION,
    'RSS of an idle server (baseline)',
    'MB',
    'lower',
    ctx.figuresOf(many, (r) => ({ value: r.baselineMB })),
  )
  ctx.addRow(
    SECTION,
    `RSS, ${sheets} idle loaded sheets of ${cfg.cellsPerSheet.toLocaleString('en-US')} cells`,
    'MB',
    'lower',
    ctx.figuresOf(many, (r) => ({
      value: r.rssMB,
      note: `${r.perSheetKB.toFixed(0)} KB/sheet over baseline`,
    })),
  )
  ctx.addRow(
    SECTION,
    `RSS, one ${cells}-cell sheet`,
    'MB',
    'lower',
    ctx.figuresOf(big, (r) => ({ value: r.rssMB })),
  )
  ctx.addRow(
    SECTION,
    `time to write the ${cells} cells (${Math.ceil(cfg.bigSheetCells / CHUNK_CELLS)} pastes, each acknowledged)`,
    's',
    'lower',
    ctx.figuresOf(big, (r) => ({ value: r.seedMs / 1000 })),
  )
  ctx.addRow(
    SECTION,
    `cold load of the ${cells}-cell sheet from the store`,
    's',
    'lower',
    ctx.figuresOf(big, (r) =>
      r.coldLoadMs === null
        ? { value: null, note: 'n/a: stores nothing' }
        : { value: r.coldLoadMs / 1000 },
    ),
  )
}
