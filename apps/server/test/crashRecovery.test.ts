import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, setCell, sheetDocName } from '@cellmate/model'
import type { CreatedWorkbook } from '@cellmate/client'
import { SqliteStore } from '../src/index.js'
import {
  ServerProcess,
  freePort,
  openSheetClient,
  rest,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'
import { mulberry32 } from './support/random.js'

const RUNS = Number(process.env.KILL_RUNS ?? 10)
const WRITERS = 3
/** Each writer owns 8 columns; edit n goes to row n % 1000 of its next column. */
const COLS_PER_WRITER = 8
/** How long one recovery (restart, reconnect, push of pending edits) may take. */
const RECOVERY_BUDGET_MS = 15_000

/** Resolves `promise`, or fails once `ms` passed: nothing here may hang the suite. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The sheet as it is on disk, read with the server down: the store must open cleanly. */
async function storedSheet(dataDir: string, docName: string): Promise<Y.Doc> {
  const db = new Database(path.join(dataDir, 'cellmate.db'))
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  } finally {
    db.close()
  }
  const store = new SqliteStore(dataDir)
  const doc = new Y.Doc()
  try {
    for (const update of (await store.loadDoc(docName)).updates) {
      Y.applyUpdate(doc, update)
    }
  } finally {
    await store.close()
  }
  return doc
}

describe('kill -9 while several clients write', () => {
  let data: ReturnType<typeof tempDataDir>
  let proc: ServerProcess
  const writers: SheetClient[] = []

  beforeAll(async () => {
    data = tempDataDir()
    proc = new ServerProcess(data.dir, await freePort())
    await proc.start()
  })

  afterAll(async () => {
    for (const w of writers.splice(0)) w.close()
    await proc.stop('SIGKILL')
    data.remove()
  })

  it(`${RUNS} kills at random points: every acked edit survives, and clients push the rest`, async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1e9)
    console.log(`kill -9 seed=${seed}`)
    const random = mulberry32(seed)
    const wb: CreatedWorkbook = await rest(proc.url).createWorkbook('crash')
    const sheetId = wb.sheets[0]!.id
    const owner = rest(proc.url, wb.token)
    const editToken = (await owner.createLink(wb.id, 'edit')).token
    // The owner and two people holding an edit link.
    for (const token of [wb.token, editToken, editToken]) {
      writers.push(await openSheetClient(proc.url, wb.id, sheetId, token))
    }
    const layouts = writers.map((w) => new SheetLayout(w.doc))
    const made = new Map<string, string>()
    const acked = new Map<string, string>()
    const counts = writers.map(() => 0)

    for (let run = 1; run <= RUNS; run++) {
      let stop = false
      const loops = writers.map(async (w, wi) => {
        const layout = layouts[wi]!
        while (!stop) {
          const batch: Array<[string, string]> = []
          for (let i = 1 + Math.floor(random() * 4); i > 0; i--) {
            const n = counts[wi]!++
            const row = n % 1000
            const col = wi * COLS_PER_WRITER + Math.floor(n / 1000)
            const value = `w${wi}-${n}`
            setCell(w.doc, layout.rowId(row)!, layout.colId(col)!, value)
            made.set(`${row}:${col}`, value)
            batch.push([`${row}:${col}`, value])
          }
          // Acked means durable: flushed() resolves only on the server's acks.
          await w.sheet.flushed()
          for (const [key, value] of batch) acked.set(key, value)
        }
      })

      // A random kill point, while all three are writing (not a wait for sync).
      const killAfterMs = 30 + Math.floor(random() * 300)
      await new Promise((r) => setTimeout(r, killAfterMs))
      await proc.stop('SIGKILL')
      stop = true
      // The process is gone: no ack can arrive until it restarts, so this set is final.
      const ackedAtKill = new Map(acked)
      const pendingAtKill = writers.reduce((n, w) => n + w.provider.status.pending, 0)

      const onDisk = new SheetLayout(await storedSheet(data.dir, sheetDocName(wb.id, sheetId)))
      for (const [key, value] of ackedAtKill) {
        const [row, col] = key.split(':').map(Number) as [number, number]
        expect(onDisk.cellAt(row, col), `run ${run}: acked ${key}`).toBe(value)
      }
      onDisk.destroy()

      const t0 = Date.now()
      await proc.start()
      // Nobody tells the clients: they reconnect by themselves and push what was pending.
      await within(Promise.all(loops), RECOVERY_BUDGET_MS, `run ${run}: pushing pending edits`)
      await waitUntil(
        () => writers.every((w) => w.provider.status.connection === 'connected'),
        RECOVERY_BUDGET_MS,
      )
      console.log(
        `run ${run}: killed after ${killAfterMs} ms; ${ackedAtKill.size} edits acked so far, ` +
          `${pendingAtKill} pending at the kill; recovered in ${Date.now() - t0} ms`,
      )
    }

    // Every edit ever made (acked before a kill or pushed after one) is stored, and every
    // client shows all of them.
    const lastCol = String.fromCharCode(64 + WRITERS * COLS_PER_WRITER)
    const read = (await owner.readCells(wb.id, sheetId, `A1:${lastCol}1000`)).inputs
    for (const [key, value] of made) {
      const [row, col] = key.split(':').map(Number) as [number, number]
      expect(read[row]![col], `stored ${key}`).toBe(value)
    }
    await waitUntil(() =>
      layouts.every((l) =>
        [...made].every(([key, value]) => {
          const [row, col] = key.split(':').map(Number) as [number, number]
          return l.cellAt(row, col) === value
        }),
      ),
    )
    expect(made.size).toBeGreaterThan(RUNS * WRITERS)
    for (const l of layouts) l.destroy()
  }, 180_000)
})
