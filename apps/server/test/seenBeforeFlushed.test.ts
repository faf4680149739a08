import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import Database from 'better-sqlite3'
import { SheetLayout, getCell, setCell, sheetDocName, type CellEdit } from '@cellmate/model'
import { SqliteStore, type CellmateServer, type Store } from '../src/index.js'
import { APPLY_AFTER_ACKS_BYTES } from '../src/docWrites.js'
import type { CellEditRecord } from '../src/store/historyRecords.js'
import { cellEditBatches } from '../src/store/cellEditBatches.js'
import { RawClient } from './hostile/attacks.js'
import { pasteBlock } from './support/pastedBlock.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

/** Records cell edits as the log gives them to the store: batches of the records' cells. */
const recordEdits = (store: Store, records: readonly CellEditRecord[]): Promise<void> =>
  store.recordCellEdits(cellEditBatches(records))

/**
 * The SQLite store, whose appends report `written` as the real one does but resolve (durable)
 * only once `release()` lets them — or reject there as a failed fsync does (`EIO`).
 */
function gatedFlushes(dir: string): {
  store: Store
  hold(outcome: 'flush' | 'fail'): void
  release(): void
  written: string[]
} {
  const real = new SqliteStore(dir)
  const state = {
    gate: null as Promise<void> | null,
    open: (): void => {},
    fail: false,
    written: [] as string[],
  }
  const store = new Proxy(real, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key !== 'appendUpdate') return value.bind(target)
      return (doc: string, update: Uint8Array, written?: (seq: number) => void) => {
        const gate = state.gate
        const fail = state.fail
        const durable = target.appendUpdate(doc, update, (seq) => {
          state.written.push(doc)
          written?.(seq)
        })
        if (!gate) return durable
        return durable.then(async (seq) => {
          await gate
          if (fail) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
          return seq
        })
      }
    },
  })
  return {
    store,
    hold(outcome) {
      state.fail = outcome === 'fail'
      state.gate = new Promise((resolve) => (state.open = resolve))
    },
    release() {
      state.gate = null
      state.open()
    },
    written: state.written,
  }
}

/** The value of the first cell of `doc` as the stored log has it, read on a connection of its own. */
function storedValue(dir: string, doc: string, rowId: string, colId: string): string {
  const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
  try {
    const rows = db
      .prepare<[string], { data: Buffer }>('SELECT data FROM doc_updates WHERE doc = ?')
      .all(doc)
    const copy = new Y.Doc()
    for (const r of rows) Y.applyUpdate(copy, new Uint8Array(r.data))
    return getCell(copy, rowId, colId)
  } finally {
    db.close()
  }
}

describe('an edit is seen by the others once it is stored, and acked once it is flushed', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let gated: ReturnType<typeof gatedFlushes>
  const open: Array<{ close(): void }> = []

  beforeAll(async () => {
    data = tempDataDir()
    gated = gatedFlushes(data.dir)
    ;({ server, url } = await startInProcess(data.dir, 0, { store: gated.store }))
  })
  afterEach(() => {
    gated.release()
    for (const c of open.splice(0)) c.close()
  })
  afterAll(async () => {
    await server.close()
    data.remove()
  })

  async function sheetWithTwoUsers(): Promise<{
    doc: string
    watcher: SheetClient
    author: RawClient
    mirror: Y.Doc
    cell: { rowId: string; colId: string }
    workbookId: string
    sheetId: string
    token: string
  }> {
    const wb = await rest(url).createWorkbook('flushes')
    const sheetId = wb.sheets[0]!.id
    const doc = sheetDocName(wb.id, sheetId)
    const watcher = await openSheetClient(url, wb.id, sheetId, wb.token)
    const author = await RawClient.connect(url, wb.id, wb.token)
    open.push(watcher, author)
    const mirror = await author.mirror(doc)
    const layout = new SheetLayout(mirror)
    const cell = { rowId: layout.rowId(1)!, colId: layout.colId(2)! }
    layout.destroy()
    return { doc, watcher, author, mirror, cell, workbookId: wb.id, sheetId, token: wb.token }
  }

  function edit(mirror: Y.Doc, cell: { rowId: string; colId: string }, value: string): Uint8Array {
    const before = Y.encodeStateVector(mirror)
    setCell(mirror, cell.rowId, cell.colId, value)
    return Y.encodeStateAsUpdate(mirror, before)
  }

  it('the others have it while its flush is pending, read from a store that already holds it; the ack waits for the flush', async () => {
    const { doc, watcher, author, mirror, cell } = await sheetWithTwoUsers()
    gated.hold('flush')
    let acked = false
    const ack = author.send(doc, edit(mirror, cell, 'seen before flushed')).then((a) => {
      acked = true
      return a
    })
    await waitUntil(() => getCell(watcher.doc, cell.rowId, cell.colId) === 'seen before flushed')
    expect(gated.written).toContain(doc)
    // What the others were sent is in the store: a reader on another connection has it.
    expect(storedValue(data.dir, doc, cell.rowId, cell.colId)).toBe('seen before flushed')
    // A few turns later the author has still not been told: the flush has not finished.
    await new Promise((r) => setTimeout(r, 50))
    expect(acked).toBe(false)
    gated.release()
    expect(await ack).toMatchObject({ ok: true })
  })

  it('a flush that fails: the author is told STORAGE_FAILED and can resend; what the others saw stays stored and served', async () => {
    const { doc, watcher, author, mirror, cell, workbookId, sheetId, token } =
      await sheetWithTwoUsers()
    gated.hold('fail')
    const update = edit(mirror, cell, 'flush failed')
    const ack = author.send(doc, update)
    await waitUntil(() => getCell(watcher.doc, cell.rowId, cell.colId) === 'flush failed')
    gated.release()
    expect((await ack).error?.code).toBe('STORAGE_FAILED')

    // The server dropped its copy (it cannot tell what the disk kept) and reads it again from
    // the store: a newcomer gets the edit the others saw, and the author's resend is accepted.
    const newcomer = await openSheetClient(url, workbookId, sheetId, token)
    open.push(newcomer)
    expect(getCell(newcomer.doc, cell.rowId, cell.colId)).toBe('flush failed')
    expect(await author.send(doc, update)).toMatchObject({ ok: true })
    const next = edit(mirror, cell, 'after the failure')
    expect(await author.send(doc, next)).toMatchObject({ ok: true })
    await waitUntil(() => getCell(watcher.doc, cell.rowId, cell.colId) === 'after the failure')
  })
  /** A paste of `count` cells into `mirror` (`pasteBlock`); its update. */
  function paste(
    mirror: Y.Doc,
    tag: string,
    count: number,
  ): { update: Uint8Array; cells: CellEdit[] } {
    const before = Y.encodeStateVector(mirror)
    const cells = pasteBlock(mirror, tag, count)
    return { update: Y.encodeStateAsUpdate(mirror, before), cells }
  }

  it('a big paste is applied after its acks: a newcomer who joins while its flush is pending waits for it, and has it', async () => {
    const { doc, watcher, author, mirror, workbookId, sheetId, token } = await sheetWithTwoUsers()
    gated.hold('flush')
    const { update, cells } = paste(mirror, 'late', 8000)
    expect(update.byteLength).toBeGreaterThanOrEqual(APPLY_AFTER_ACKS_BYTES)
    const ack = author.send(doc, update)
    const last = cells[cells.length - 1]!
    await waitUntil(() => getCell(watcher.doc, last.rowId, last.colId) === last.value)
    // The newcomer joins after the room was sent the paste, before the server's copy has it.
    let opened = false
    const joining = openSheetClient(url, workbookId, sheetId, token).then((c) => {
      opened = true
      open.push(c)
      return c
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(opened).toBe(false)
    gated.release()
    expect(await ack).toMatchObject({ ok: true })
    const newcomer = await joining
    for (const c of [cells[0]!, cells[4000]!, last]) {
      expect(getCell(newcomer.doc, c.rowId, c.colId)).toBe(c.value)
    }
  })

  it('a big paste whose flush fails: the newcomer who waited for it joins the document as stored, which has what the others saw', async () => {
    const { doc, watcher, author, mirror, workbookId, sheetId, token } = await sheetWithTwoUsers()
    gated.hold('fail')
    const { update, cells } = paste(mirror, 'failed', 8000)
    const ack = author.send(doc, update)
    const last = cells[cells.length - 1]!
    await waitUntil(() => getCell(watcher.doc, last.rowId, last.colId) === last.value)
    const joining = openSheetClient(url, workbookId, sheetId, token).then((c) => {
      open.push(c)
      return c
    })
    await new Promise((r) => setTimeout(r, 100))
    gated.release()
    expect((await ack).error?.code).toBe('STORAGE_FAILED')
    const newcomer = await joining
    expect(getCell(newcomer.doc, last.rowId, last.colId)).toBe(last.value)
    expect(getCell(newcomer.doc, cells[0]!.rowId, cells[0]!.colId)).toBe(cells[0]!.value)
    // The author's resend is accepted; the sheet goes on.
    expect(await author.send(doc, update)).toMatchObject({ ok: true })
  })
})

/** Cells in the edit log: a row each, or a paste's run of them in one row (`cells`). */
const LOGGED_CELLS = `SELECT COALESCE(SUM(CASE WHEN cells IS NULL THEN 1 ELSE json_array_length(cells) END), 0)
  AS n FROM cell_edits`

describe('SqliteStore.appendUpdate', () => {
  /** Runs `fn` with a SQLite store in a fresh data dir, closed and removed after. */
  async function withStore(fn: (store: SqliteStore, dir: string) => Promise<void>): Promise<void> {
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    try {
      await fn(store, data.dir)
    } finally {
      await store.close()
      data.remove()
    }
  }

  /** The update that sets key `k<i>` of `doc`'s map `m` to `i`. */
  function mapEdit(doc: Y.Doc, i: number): Uint8Array {
    const before = Y.encodeStateVector(doc)
    doc.getMap('m').set(`k${i}`, i)
    return Y.encodeStateAsUpdate(doc, before)
  }

  it("appends made from earlier ones' written callbacks (before their fsync) resolve too, each written before durable, durable in the order written", async () => {
    await withStore(async (store) => {
      const doc = new Y.Doc()
      const events: string[] = []
      const all: Array<Promise<number>> = []
      // Each wave's appends are made from the previous wave's written callback: they reach the
      // store before the earlier commit's fsync is done.
      const wave = (w: number): void => {
        if (w === 5) return
        for (let k = 0; k < 3; k++) {
          const name = `${w}.${k}`
          all.push(
            store
              .appendUpdate('sheet:waves', mapEdit(doc, w * 3 + k), () => {
                events.push(`written ${name}`)
                if (k === 0) wave(w + 1)
              })
              .then((seq) => {
                events.push(`durable ${name}`)
                return seq
              }),
          )
        }
      }
      wave(0)
      await waitUntil(() => all.length === 15)
      const seqs = await Promise.all(all)
      expect(new Set(seqs).size).toBe(15)
      const written = events.filter((e) => e.startsWith('written')).map((e) => e.slice(8))
      const durable = events.filter((e) => e.startsWith('durable')).map((e) => e.slice(8))
      expect(durable).toEqual(written)
      for (const name of written) {
        expect(events.indexOf(`written ${name}`)).toBeLessThan(events.indexOf(`durable ${name}`))
      }
      const loaded = await store.loadDoc('sheet:waves')
      const copy = new Y.Doc()
      for (const u of loaded.updates) Y.applyUpdate(copy, u)
      expect(copy.getMap('m').size).toBe(15)
    })
  })

  it('reports each append of a group commit written, with its sequence number, before it resolves; the row is readable then', async () => {
    await withStore(async (store, dir) => {
      const order: string[] = []
      const readable: number[] = []
      const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
      const count = db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM doc_updates WHERE seq = ?',
      )
      const doc = new Y.Doc()
      const updates = [0, 1, 2].map((i) => mapEdit(doc, i))
      const seqs = await Promise.all(
        updates.map((u, i) =>
          store
            .appendUpdate('sheet:w', u, (seq) => {
              order.push(`written ${i} ${seq}`)
              readable.push(count.get(seq)?.n ?? 0)
            })
            .then((seq) => {
              order.push(`durable ${i} ${seq}`)
              return seq
            }),
        ),
      )
      db.close()
      expect(order).toEqual([
        ...seqs.map((s, i) => `written ${i} ${s}`),
        ...seqs.map((s, i) => `durable ${i} ${s}`),
      ])
      expect(readable).toEqual([1, 1, 1])
    })
  })

  /** One cell edit log row of sheet `s` of workbook `wb`. */
  function logRow(rowId: string, value: string): CellEditRecord {
    return {
      workbookId: 'wb',
      sheetId: 's',
      rowId,
      colId: 'c',
      value,
      at: 1,
      linkId: null,
      name: null,
      source: 'socket',
    }
  }

  /** `n` log rows of cells `<tag>0`… with values `<tag> 0`…. */
  const logRows = (n: number, tag: string): CellEditRecord[] =>
    Array.from({ length: n }, (_, i) => logRow(`${tag}${i}`, `${tag} ${i}`))

  /** Runs `fn` with the timers and `performance.now()` faked: time moves only when told to. */
  async function withFakeClock(fn: () => Promise<void>): Promise<void> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    try {
      await fn()
    } finally {
      vi.useRealTimers()
    }
  }

  it('log rows that are due ride with an append and are written after it: at its written callback its row is readable and theirs not yet; both are there once it resolves', async () => {
    // No hold timer fires: rows that did not ride with the append would never be written.
    await withFakeClock(async () => {
      await withStore(async (store, dir) => {
        const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
        const logged = db.prepare<[], { n: number }>(LOGGED_CELLS)
        const updates = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates')
        const seen: Array<{ updates: number; logged: number }> = []
        const doc = new Y.Doc()
        // 32 rows are due at once; the append made in the same run takes them along.
        const rows = recordEdits(store, logRows(32, 'r'))
        const seq = await store.appendUpdate('sheet:log', mapEdit(doc, 0), () => {
          seen.push({ updates: updates.get()?.n ?? 0, logged: logged.get()?.n ?? 0 })
        })
        await rows
        expect(seq).toBeGreaterThan(0)
        expect(seen).toEqual([{ updates: 1, logged: 0 }])
        expect(logged.get()?.n).toBe(32)
        expect(await store.listCellEdits('wb', 's', 'r31', 'c', 10)).toMatchObject([
          { value: 'r 31' },
        ])
        db.close()
      })
    })
  })

  it('a few log rows wait up to 200 ms for later ones: appends made meanwhile go without them, then all are written together; a reader makes them go at once', async () => {
    await withFakeClock(async () => {
      await withStore(async (store, dir) => {
        const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
        const logged = db.prepare<[], { n: number }>(LOGGED_CELLS)
        const doc = new Y.Doc()
        const held: Array<Promise<void>> = []
        for (let i = 0; i < 3; i++) {
          held.push(recordEdits(store, [logRow(`typed${i}`, `typed ${i}`)]))
          await store.appendUpdate('sheet:held', mapEdit(doc, i))
          vi.advanceTimersByTime(50)
        }
        // 150 ms after the first: every append is stored, none of the rows yet.
        expect((await store.loadDoc('sheet:held')).updates).toHaveLength(3)
        expect(logged.get()?.n).toBe(0)
        vi.advanceTimersByTime(50)
        await Promise.all(held)
        expect(logged.get()?.n).toBe(3)

        // Held rows, and a reader of the log: it waits for them, not for the hold.
        held.length = 0
        held.push(recordEdits(store, [logRow('read', 'read at once')]))
        await store.appendUpdate('sheet:held', mapEdit(doc, 3))
        expect(logged.get()?.n).toBe(3)
        expect(await store.listCellEdits('wb', 's', 'read', 'c', 10)).toMatchObject([
          { value: 'read at once' },
        ])
        await Promise.all(held)
        db.close()
      })
    })
  })

  it('log rows that cannot be written are refused alone: the append they rode with is stored and resolves', async () => {
    await withStore(async (store, dir) => {
      const admin = new Database(path.join(dir, 'cellmate.db'))
      admin.exec(`CREATE TRIGGER refuse_log BEFORE INSERT ON cell_edits
        BEGIN SELECT RAISE(ABORT, 'the log is refused'); END`)
      const doc = new Y.Doc()
      const rows = recordEdits(store, [logRow('r1', 'lost')])
      const refused = rows.then(
        () => null,
        (err: unknown) => err,
      )
      const seq = await store.appendUpdate('sheet:log', mapEdit(doc, 0))
      expect(await refused).toMatchObject({ message: 'the log is refused' })
      const loaded = await store.loadDoc('sheet:log')
      expect(loaded.updates).toHaveLength(1)
      expect(seq).toBeGreaterThan(0)

      // The store goes on: once the log takes rows again, the next ones are written.
      admin.exec('DROP TRIGGER refuse_log')
      admin.close()
      await recordEdits(store, [logRow('r1', 'kept')])
      await store.appendUpdate('sheet:log', mapEdit(doc, 1))
      expect(await store.listCellEdits('wb', 's', 'r1', 'c', 10)).toMatchObject([{ value: 'kept' }])
    })
  })

  it('the log rows of a batch the event loop wrote: a few written by it, many by the commit thread, and by the thread too when a lock holds the event loop off', async () => {
    await withStore(async (store, dir) => {
      const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
      const logged = db.prepare<[], { n: number }>(LOGGED_CELLS)
      const doc = new Y.Doc()
      // 40 rows (due at once, few enough for the event loop) and 200 (past what it writes
      // itself), each riding with a small append (one the event loop writes); and 3 alone,
      // held, then written by the event loop.
      let total = 0
      for (const [n, tag] of [
        [40, 'few'],
        [200, 'many'],
        [3, 'alone'],
      ] as const) {
        const rows = recordEdits(store, logRows(n, tag))
        if (tag !== 'alone') await store.appendUpdate('sheet:rows', mapEdit(doc, total))
        await rows
        total += n
        expect(logged.get()?.n).toBe(total)
      }
      expect(await store.listCellEdits('wb', 's', 'few39', 'c', 10)).toMatchObject([
        { value: 'few 39' },
      ])

      // Another connection takes the write lock once the append is written (before its rows
      // are): the event loop cannot wait for it, so the rows go to the thread, which does.
      const admin = new Database(path.join(dir, 'cellmate.db'))
      const rows = recordEdits(store, logRows(40, 'locked'))
      let released = false
      const seq = await store.appendUpdate('sheet:rows', mapEdit(doc, total), () => {
        admin.exec('BEGIN IMMEDIATE')
        setTimeout(() => {
          released = true
          admin.exec('COMMIT')
        }, 150)
      })
      expect(seq).toBeGreaterThan(0)
      await rows
      expect(released).toBe(true)
      expect(await store.listCellEdits('wb', 's', 'locked39', 'c', 10)).toMatchObject([
        { value: 'locked 39' },
      ])

      // Rows alone, held, meet the lock when their hold ends: the thread writes them too.
      released = false
      admin.exec('BEGIN IMMEDIATE')
      const alone = recordEdits(store, [logRow('aloneLocked', 'waited for the lock too')])
      setTimeout(() => {
        released = true
        admin.exec('COMMIT')
      }, 400)
      await alone
      expect(released).toBe(true)
      expect(await store.listCellEdits('wb', 's', 'aloneLocked', 'c', 10)).toMatchObject([
        { value: 'waited for the lock too' },
      ])
      admin.close()
      db.close()
    })
  })

  it("a big paste's log rows go in several commits, in order, and an append made meanwhile goes ahead of the rest", async () => {
    await withStore(async (store, dir) => {
      const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
      const logged = db.prepare<[], { n: number }>(LOGGED_CELLS)
      const rows = Array.from({ length: 15_000 }, (_, i) => logRow(`r${i}`, `v${i}`))
      const written = recordEdits(store, rows)
      // The first commit of rows is on its way; the append is queued behind it.
      await new Promise((resolve) => setImmediate(resolve))
      await store.appendUpdate('sheet:paste', mapEdit(new Y.Doc(), 0))
      const whenAppended = logged.get()?.n ?? 0
      await written
      expect(whenAppended).toBeLessThan(rows.length)
      const order = db
        .prepare<[], { row_id: string }>(
          // A run of a paste is one row holding its cells (`sqliteCellEditRuns.ts`).
          `SELECT row_id FROM (
             SELECT rowid AS seq, 0 AS part, row_id FROM cell_edits WHERE cells IS NULL
             UNION ALL
             SELECT e.rowid, c.key, c.value ->> 0 FROM cell_edits AS e, json_each(e.cells) AS c
           ) ORDER BY seq, part`,
        )
        .all()
        .map((r) => r.row_id)
      expect(order).toEqual(rows.map((r) => r.rowId))
      db.close()
    })
  })

  /** An update of `bytes` bytes or more (one map entry holding a string of that length). */
  function bigEdit(doc: Y.Doc, i: number, bytes: number): Uint8Array {
    const before = Y.encodeStateVector(doc)
    doc.getMap('m').set(`big${i}`, 'x'.repeat(bytes))
    return Y.encodeStateAsUpdate(doc, before)
  }

  it('small appends (written by the event loop) and big ones (by the commit thread) keep one order, with claims among them', async () => {
    await withStore(async (store) => {
      const doc = new Y.Doc()
      const sent: Uint8Array[] = []
      const seqs: number[] = []
      for (let i = 0; i < 12; i++) {
        // 64 KiB is past what the event loop writes itself; a few at once go together.
        const updates =
          i % 3 === 2
            ? [bigEdit(doc, i, 64 * 1024)]
            : Array.from({ length: 1 + (i % 3) * 9 }, (_, k) => mapEdit(doc, i * 100 + k))
        const claim = store.claimClients('sheet:order', [{ clientId: 1000 + i, owner: `s${i}` }])
        seqs.push(...(await Promise.all(updates.map((u) => store.appendUpdate('sheet:order', u)))))
        expect(await claim).toEqual(new Map([[1000 + i, `s${i}`]]))
        sent.push(...updates)
      }
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      expect(new Set(seqs).size).toBe(seqs.length)
      const loaded = await store.loadDoc('sheet:order')
      expect(loaded.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
        sent.map((u) => Buffer.from(u).toString('hex')),
      )
      // A claim of an id bound already answers its first owner, on either path.
      expect(
        await store.claimClients('sheet:order', [{ clientId: 1000, owner: 'someone else' }]),
      ).toEqual(new Map([[1000, 's0']]))
    })
  })

  it('an append the database refuses is refused, small or big, and nothing of it is stored; the store goes on', async () => {
    await withStore(async (store, dir) => {
      const admin = new Database(path.join(dir, 'cellmate.db'))
      admin.exec(`CREATE TRIGGER refuse_update BEFORE INSERT ON doc_updates
        WHEN length(NEW.data) % 2 = 1 BEGIN SELECT RAISE(ABORT, 'refused'); END`)
      const doc = new Y.Doc()
      const odd = (make: (i: number) => Uint8Array): Uint8Array => {
        for (let i = 0; ; i++) {
          const u = make(i)
          if (u.byteLength % 2 === 1) return u
        }
      }
      const small = odd((i) => mapEdit(new Y.Doc(), 5000 + i))
      const big = odd((i) => bigEdit(new Y.Doc(), i, 64 * 1024 + i))
      await expect(store.appendUpdate('sheet:refused', small)).rejects.toThrow('refused')
      await expect(store.appendUpdate('sheet:refused', big)).rejects.toThrow('refused')
      expect((await store.loadDoc('sheet:refused')).updates).toHaveLength(0)
      admin.exec('DROP TRIGGER refuse_update')
      admin.close()
      await store.appendUpdate('sheet:refused', mapEdit(doc, 1))
      expect((await store.loadDoc('sheet:refused')).updates).toHaveLength(1)
    })
  })

  it("the WAL is checkpointed while small appends go one by one (the event loop's connection never checkpoints: it asks the commit thread)", async () => {
    await withStore(async (store, dir) => {
      const doc = new Y.Doc()
      // Each commit adds a frame per page it changed (the table's and its index's): 3,000
      // unchecked commits would leave a WAL of ~24 MB.
      for (let i = 0; i < 3000; i++) await store.appendUpdate('sheet:wal', mapEdit(doc, i))
      const wal = fs.statSync(path.join(dir, 'cellmate.db-wal')).size
      expect(wal).toBeLessThan(10 * 1024 * 1024)
      expect((await store.loadDoc('sheet:wal')).updates).toHaveLength(3000)
    })
  })

  it("the WAL is checkpointed while pastes go by the commit thread (after each one's answers, once it has grown)", async () => {
    await withStore(async (store, dir) => {
      const doc = new Y.Doc()
      // 100 KB each, past what the event loop writes itself: 25 frames a paste at least, so
      // 160 unchecked pastes would leave a WAL of over 16 MB; checkpoints every 1,000 frames
      // keep it near 4 MB.
      for (let i = 0; i < 160; i++)
        await store.appendUpdate('sheet:pastes', bigEdit(doc, i, 100_000))
      const wal = fs.statSync(path.join(dir, 'cellmate.db-wal')).size
      expect(wal).toBeLessThan(8 * 1024 * 1024)
      expect((await store.loadDoc('sheet:pastes')).updates).toHaveLength(160)
    })
  })

  it("close() writes everything queued at once, a few rows queued behind a paste's parts too (no hold timer)", async () => {
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    // The hold timer never fires here: close() must not wait for it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const paste = recordEdits(
        store,
        Array.from({ length: 15_000 }, (_, i) => logRow(`r${i}`, 'pasted')),
      )
      const typed = recordEdits(store, [logRow('typed', 'after the paste')])
      await store.close()
      await Promise.all([paste, typed])
    } finally {
      vi.useRealTimers()
    }
    const db = new Database(path.join(data.dir, 'cellmate.db'), { readonly: true })
    const n = db.prepare<[], { n: number }>(LOGGED_CELLS).get()?.n
    db.close()
    data.remove()
    expect(n).toBe(15_001)
  })
})
