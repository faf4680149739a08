import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import {
  SheetCells,
  SheetLayout,
  ensureSheetSize,
  setCells,
  sheetDocName,
  type CellEdit,
} from '@cellmate/model'
import { createServer } from '@cellmate/server'
import type { BenchContext } from './benchContext.js'

const SECTION = 'Version history (in-process server, SQLite)'

/** What versions of a big sheet cost, as stored and as opened, and the alternatives' cost. */
export interface VersionBenchResult {
  cells: number
  versions: number
  editsPerVersion: number
  /** One full state of the sheet (what a version would cost stored whole). */
  fullStateKB: number
  /** Bytes stored for all versions (deltas + the periodic full states), per version. */
  storedPerVersionKB: number
  /** The same, counting only the delta rows (between full states). */
  deltaPerVersionKB: number
  /** Yjs snapshots against a non-GC'd log: one snapshot (state vector + delete set)… */
  snapshotPerVersionKB: number
  /** …plus what never collecting garbage adds to the document (and to every load of it). */
  noGcGrowthKB: number
  /** Taking one version (encode, delta, summary, store), median. */
  takeMs: number
  /** Opening a version (rebuild the chain, apply, index the cells), median and worst. */
  openMedianMs: number
  openMaxMs: number
  /** Opening a version from a Yjs snapshot of the non-GC'd document (`createDocFromSnapshot`). */
  snapshotOpenMs: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * Builds a sheet of `cells` cells (100 columns wide), then takes `versions` versions through the
 * server's `VersionService`, each after `editsPerVersion` edits of random cells, and measures
 * what they cost. A gc-off replica follows the same edits to price the alternative.
 */
export async function runVersionBenchmark(options: {
  cells: number
  versions: number
  editsPerVersion: number
}): Promise<VersionBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-bench-versions-'))
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    idleUnloadMs: 60_000,
  })
  try {
    const wb = await createWorkbook(server)
    const result = {} as VersionBenchResult
    const cols = 100
    const rows = Math.ceil(options.cells / cols)
    const name = sheetDocName(wb.id, wb.sheetId)
    const noGc = new Y.Doc({ gc: false })
    const snapshots: Y.Snapshot[] = []
    let x = 42
    const random = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31
      return x % n
    }
    await server.registry.use(name, async (entry) => {
      Y.applyUpdate(noGc, Y.encodeStateAsUpdate(entry.doc))
      const follow = (update: Uint8Array): void => Y.applyUpdate(noGc, update)
      entry.doc.on('update', follow)
      try {
        await server.registry.change(entry, (doc) => {
          const edits: CellEdit[] = []
          ensureSheetSize(doc, { rows, cols })
          const grown = new SheetLayout(doc)
          for (let r = 0; r < rows; r++) {
            for (let c = 0; c < cols && r * cols + c < options.cells; c++) {
              edits.push({
                rowId: grown.rowId(r) as string,
                colId: grown.colId(c) as string,
                value: String(r * cols + c),
              })
            }
          }
          setCells(doc, edits)
          grown.destroy()
        })
        const takeTimes: number[] = []
        for (let v = 0; v < options.versions; v++) {
          await server.registry.change(entry, (doc) => {
            const layout = new SheetLayout(doc)
            const edits: CellEdit[] = []
            for (let e = 0; e < options.editsPerVersion; e++) {
              edits.push({
                rowId: layout.rowId(random(rows)) as string,
                colId: layout.colId(random(cols)) as string,
                value: `v${v}e${e}`,
              })
            }
            setCells(doc, edits)
            layout.destroy()
          })
          const t = performance.now()
          await server.versions.take(wb.id, 'named', `v${v}`)
          takeTimes.push(performance.now() - t)
          snapshots.push(Y.snapshot(noGc))
        }
        result.takeMs = median(takeTimes)
      } finally {
        entry.doc.off('update', follow)
      }
    })
    const db = new Database(path.join(dataDir, 'cellmate.db'), { readonly: true })
    const sizes = db
      .prepare<[string], { total: number; deltas: number; full: number; n: number }>(
        `SELECT SUM(length(data)) AS total, SUM(CASE WHEN base IS NULL THEN 0 ELSE length(data) END) AS deltas,
                MAX(CASE WHEN base IS NULL THEN length(data) ELSE 0 END) AS full,
                SUM(CASE WHEN base IS NULL THEN 0 ELSE 1 END) AS n
         FROM version_docs WHERE doc = ?`,
      )
      .get(name)
    db.close()
    const versions = await server.versions.list(wb.id)
    // The versions furthest from a full state are the slowest to open; open a spread of them.
    const openTimes: number[] = []
    for (const v of versions.filter(
      (_, i) => i % Math.max(1, Math.floor(versions.length / 12)) === 0,
    )) {
      const t = performance.now()
      const opened = await server.versions.open(wb.id, v.id)
      const doc = opened.sheets.get(wb.sheetId) as Y.Doc
      void SheetCells.of(doc).size
      openTimes.push(performance.now() - t)
    }
    const gcState = await server.registry.use(name, (e) => Y.encodeStateAsUpdate(e.doc).byteLength)
    const snapshot = snapshots[Math.floor(snapshots.length / 2)] as Y.Snapshot
    const t = performance.now()
    const fromSnapshot = Y.createDocFromSnapshot(noGc, snapshot)
    void SheetCells.of(fromSnapshot).size
    const snapshotOpenMs = performance.now() - t
    result.cells = options.cells
    result.versions = options.versions
    result.editsPerVersion = options.editsPerVersion
    result.fullStateKB = (sizes?.full ?? 0) / 1024
    result.storedPerVersionKB = (sizes?.total ?? 0) / 1024 / options.versions
    result.deltaPerVersionKB = (sizes?.deltas ?? 0) / 1024 / Math.max(1, sizes?.n ?? 1)
    result.snapshotPerVersionKB =
      snapshots.reduce((n, s) => n + Y.encodeSnapshot(s).byteLength, 0) / 1024 / snapshots.length
    result.noGcGrowthKB = (Y.encodeStateAsUpdate(noGc).byteLength - gcState) / 1024
    result.openMedianMs = median(openTimes)
    result.openMaxMs = Math.max(...openTimes)
    result.snapshotOpenMs = snapshotOpenMs
    return result
  } finally {
    await server.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function createWorkbook(
  server: Awaited<ReturnType<typeof createServer>>,
): Promise<{ id: string; sheetId: string }> {
  const url = await server.listen()
  const res = await fetch(`${url}/api/workbooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'versions' }),
  })
  const created = (await res.json()) as { id: string; sheets: Array<{ id: string }> }
  return { id: created.id, sheetId: created.sheets[0]?.id as string }
}

/** The bench rows: storage per version and time to open one, for a 100,000-cell sheet. */
export async function runVersionCost(ctx: BenchContext): Promise<void> {
  const r = await runVersionBenchmark(ctx.config.versions)
  const only = (value: number) => ({ cellmate: { value } })
  const n = `${r.cells.toLocaleString('en-US')} cells, ${r.versions} versions of ${r.editsPerVersion} edits`
  ctx.addRow(SECTION, `storage per version (${n})`, 'kB', 'lower', only(r.storedPerVersionKB))
  ctx.addRow(SECTION, `a version stored whole would be`, 'kB', 'lower', only(r.fullStateKB))
  ctx.addRow(SECTION, `take a version`, 'ms', 'lower', only(r.takeMs))
  ctx.addRow(SECTION, `open a version (median)`, 'ms', 'lower', only(r.openMedianMs))
  ctx.addRow(SECTION, `open a version (slowest)`, 'ms', 'lower', only(r.openMaxMs))
  ctx.details.versionCost = r
}
