import fs from 'node:fs'
import { openSheetClient } from '../clients/openSheetClient.js'
import type { SheetClient } from '../clients/sheetClient.js'
import type { BenchSystem } from '../systems/benchSystem.js'
import { CellmateSystem } from '../systems/cellmateSystem.js'
import type { RoomRef } from '../systems/roomRef.js'
import { epochMs } from '../timing/clock.js'
import { median } from '../stats/median.js'
import { sleep, withTimeout } from '../timing/deadline.js'
import type { BenchContext } from './benchContext.js'
import { blockCells } from './sheetSeeding.js'

const SECTION = 'History growth (the same cells overwritten again and again)'

interface StoreFigures {
  /** SQLite files (db + WAL) right after the overwrites: the update log, not compacted yet. */
  storedBeforeMB: number
  /** First read after kill -9: the server replays (and then compacts) the whole log. */
  coldLoadFromLogMs: number
  /** The same files after a graceful restart, which compacted the log into one snapshot. */
  storedAfterMB: number
  /** First read after that restart: one snapshot to load. */
  coldLoadCompactedMs: number
}

interface HistoryResult {
  overwrites: number
  writeMs: number
  /** Bytes of the whole document's state as a client downloads it (Yjs systems). */
  encodedMB: number | null
  /** Time for a new client to open the sheet and receive that state (median of 5 opens). */
  newClientSyncMs: number
  rssMB: number
  store: StoreFigures | null
}

const mb = (bytes: number): number => bytes / 1e6

/** New clients timed opening the overwritten sheet, one after another. */
const NEWCOMER_OPENS = 5

function filesMB(system: BenchSystem): number {
  return mb(system.storedFiles().reduce((n, f) => n + fs.statSync(f).size, 0))
}

async function overwrite(
  ctx: BenchContext,
  room: RoomRef,
): Promise<{ overwrites: number; writeMs: number }> {
  const cfg = ctx.config.history
  const writers: SheetClient[] = []
  try {
    for (let w = 0; w < cfg.writers; w++) writers.push(await openSheetClient(room, 20_000))
    const batches = Math.ceil(cfg.overwrites / cfg.cells)
    const t0 = epochMs()
    for (let b = 0; b < batches; b++) {
      const writer = writers[b % writers.length] as SheetClient
      writer.paste(blockCells(0, cfg.cells, () => `v${b}`))
      if ((b + 1) % cfg.ackEvery === 0 || b === batches - 1) {
        await withTimeout(Promise.all(writers.map((w) => w.acked())), 60_000, 'overwrite acks')
      }
    }
    return { overwrites: batches * cfg.cells, writeMs: epochMs() - t0 }
  } finally {
    for (const w of writers) w.close()
  }
}

async function storeFigures(system: CellmateSystem, room: RoomRef): Promise<StoreFigures> {
  if (room.system !== 'cellmate') throw new Error('not a Cellmate room')
  const warmUp = await system.createRoom()
  const storedBeforeMB = filesMB(system)
  await system.server.kill()
  await system.server.start()
  const coldLoadFromLogMs = await system.timeColdRead(room, warmUp)
  await system.server.stop()
  const storedAfterMB = filesMB(system)
  await system.server.start()
  const coldLoadCompactedMs = await system.timeColdRead(room, warmUp)
  return { storedBeforeMB, coldLoadFromLogMs, storedAfterMB, coldLoadCompactedMs }
}

/**
 * A few users overwrite the same block of cells in turn, many times over. Each overwrite of a
 * Y.Map key leaves a tombstone, so this measures how the stored and loaded size of a busy
 * sheet grows with its history rather than its content.
 */
export async function runHistory(ctx: BenchContext): Promise<void> {
  const results = await ctx.forEachSystem('history', async (system) => {
    const room = await system.createRoom()
    const { overwrites, writeMs } = await overwrite(ctx, room)
    // The median of a few opens: one open is a single sample of a few milliseconds, as much
    // the machine's moment as the system's.
    const opens: number[] = []
    let size: number | null = null
    for (let i = 0; i < NEWCOMER_OPENS; i++) {
      const t0 = epochMs()
      const reader = await openSheetClient(room, 60_000)
      opens.push(epochMs() - t0)
      size ??= reader.encodedSize()
      reader.close()
    }
    const newClientSyncMs = median(opens)
    await sleep(1000)
    const result: HistoryResult = {
      overwrites,
      writeMs,
      encodedMB: size === null ? null : mb(size),
      newClientSyncMs,
      rssMB: mb(system.server.rssBytes()),
      store: system instanceof CellmateSystem ? await storeFigures(system, room) : null,
    }
    return result
  })
  ctx.details.history = results
  const n = Object.values(results)[0]?.overwrites ?? ctx.config.history.overwrites
  const what = `${n.toLocaleString('en-US')} overwrites of ${ctx.config.history.cells.toLocaleString('en-US')} cells`
  const noStore = { value: null, note: 'n/a: stores nothing' }
  ctx.addRow(
    SECTION,
    `document state a client downloads, after ${what}`,
    'MB',
    'lower',
    ctx.figuresOf(results, (r) =>
      r.encodedMB === null ? { value: null, note: 'n/a: plain table' } : { value: r.encodedMB },
    ),
  )
  ctx.addRow(
    SECTION,
    'new client: open and sync that sheet (median of 5)',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.newClientSyncMs })),
  )
  ctx.addRow(
    SECTION,
    'server RSS with that sheet loaded',
    'MB',
    'lower',
    ctx.figuresOf(results, (r) => ({ value: r.rssMB })),
  )
  ctx.addRow(
    SECTION,
    'stored size before compaction (SQLite db + WAL)',
    'MB',
    'lower',
    ctx.figuresOf(results, (r) => (r.store ? { value: r.store.storedBeforeMB } : noStore)),
  )
  ctx.addRow(
    SECTION,
    'cold load from the uncompacted log (after kill -9)',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => (r.store ? { value: r.store.coldLoadFromLogMs } : noStore)),
  )
  ctx.addRow(
    SECTION,
    'stored size after compaction (file is not vacuumed)',
    'MB',
    'lower',
    ctx.figuresOf(results, (r) => (r.store ? { value: r.store.storedAfterMB } : noStore)),
  )
  ctx.addRow(
    SECTION,
    'cold load after compaction',
    'ms',
    'lower',
    ctx.figuresOf(results, (r) => (r.store ? { value: r.store.coldLoadCompactedMs } : noStore)),
  )
}
