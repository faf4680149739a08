import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  PostgresStore,
  SqliteStore,
  type CellEditRecord,
  type Store,
  type VersionDoc,
  type VersionRecord,
} from '../src/index.js'
import { LocalPostgres } from '../src/testing/index.js'
import { clusterServicesAvailable } from './support/clusterServices.js'
import { tempDataDir } from './support/testServer.js'
import { cellEditBatches } from '../src/store/cellEditBatches.js'

/** Records cell edits as the log gives them to the store: batches of the records' cells. */
const recordEdits = (store: Store, records: readonly CellEditRecord[]): Promise<void> =>
  store.recordCellEdits(cellEditBatches(records))

/** One behaviour, two stores: the history records every `Store` keeps (versions, cell edits). */
type Open = () => Promise<{
  store: Store
  openAgain: () => Promise<Store>
  remove: () => Promise<void>
}>

function version(id: string, createdAt: number, sheetIds: string[] = ['s1']): VersionRecord {
  return {
    id,
    workbookId: 'w',
    createdAt,
    kind: 'auto',
    label: null,
    participants: [{ name: 'Ana', linkId: 'l1' }],
    summary: [{ sheetId: 's1', name: 'Sheet1', cellsChanged: 3 }],
    sheetIds,
    restoring: null,
  }
}

function edit(value: string | null, at: number, rowId = 'r1'): CellEditRecord {
  return {
    workbookId: 'w',
    sheetId: 's1',
    rowId,
    colId: 'c1',
    value,
    at,
    linkId: 'l1',
    name: 'Ana',
    source: 'socket',
  }
}

/** A paste's records: `rows` x `cols` cells (`r0`.., `c0`..) written at `at`. */
function grid(
  rows: number,
  cols: number,
  value: (row: number, col: number) => string,
  at: number,
): CellEditRecord[] {
  return Array.from({ length: rows * cols }, (_, i) => {
    const r = Math.floor(i / cols)
    const c = i % cols
    return { ...edit(value(r, c), at, `r${r}`), colId: `c${c}` }
  })
}

function historyContract(name: string, open: Open): void {
  describe(`${name} history store contract`, () => {
    const opened: Array<{ stores: Store[]; remove: () => Promise<void> }> = []
    afterEach(async () => {
      for (const { stores, remove } of opened.splice(0)) {
        for (const s of stores) await s.close().catch(() => {})
        await remove()
      }
    })
    async function fresh(): Promise<{ store: Store; openAgain: () => Promise<Store> }> {
      const made = await open()
      const entry = { stores: [made.store], remove: made.remove }
      opened.push(entry)
      return {
        store: made.store,
        openAgain: async () => {
          const again = await made.openAgain()
          entry.stores.push(again)
          return again
        },
      }
    }

    it('versions store delta chains that rebuild each state, across a reopen, and rebase when one is dropped', async () => {
      const { store, openAgain } = await fresh()
      await store.createWorkbook({ id: 'w', ownerTokenHash: 'h', createdAt: 1 }, [], [])
      const doc = new Y.Doc()
      const cells = doc.getMap<string>('cells')
      const states: Uint8Array[] = []
      let prev: VersionDoc | null = null
      for (let i = 0; i < 4; i++) {
        cells.set(`k${i}`, `v${i}`)
        if (i === 2) cells.delete('k0')
        const state = Y.encodeStateAsUpdate(doc)
        states.push(state)
        const row: VersionDoc = {
          versionId: `v${i}`,
          doc: 'wb:w',
          base: prev?.versionId ?? null,
          depth: prev ? prev.depth + 1 : 0,
          stateVector: Y.encodeStateVector(doc),
          data: prev ? Y.diffUpdate(state, prev.stateVector) : state,
        }
        await store.addVersion(version(`v${i}`, 100 + i), [row])
        prev = row
      }
      const rebuilt = async (s: Store, id: string): Promise<Record<string, string>> => {
        const chain = await s.loadVersionChain(id, 'wb:w')
        const d = new Y.Doc()
        Y.applyUpdate(d, Y.mergeUpdates(chain.map((c) => c.data)))
        return d.getMap<string>('cells').toJSON()
      }
      const again = await openAgain()
      expect((await again.listVersions('w')).map((v) => v.id)).toEqual(['v0', 'v1', 'v2', 'v3'])
      expect(await again.getVersion('w', 'v1')).toEqual(version('v1', 101))
      expect(await rebuilt(again, 'v1')).toEqual({ k0: 'v0', k1: 'v1' })
      expect(await rebuilt(again, 'v3')).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3' })
      expect((await store.getLatestVersionDoc('w', 'wb:w'))?.versionId).toBe('v3')

      // Dropping v1: v2's delta is merged onto v1's, on v0.
      const [dependent] = await store.listVersionDependents('v1')
      const [own] = (await store.loadVersionChain('v1', 'wb:w')).slice(-1)
      await store.dropVersion('w', 'v1', [
        {
          ...dependent!,
          base: own!.base,
          depth: own!.depth,
          data: Y.mergeUpdates([own!.data, dependent!.data]),
        },
      ])
      expect((await store.listVersions('w')).map((v) => v.id)).toEqual(['v0', 'v2', 'v3'])
      expect(await store.loadVersionChain('v1', 'wb:w')).toEqual([])
      expect(await rebuilt(store, 'v2')).toEqual({ k1: 'v1', k2: 'v2' })
      expect(await rebuilt(store, 'v3')).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3' })
    })

    it('cell edits come back per cell newest first, and per workbook since a time; settings default to private', async () => {
      const { store, openAgain } = await fresh()
      await recordEdits(store, [edit('a', 1), edit('b', 2), edit('x', 2, 'r2')])
      await recordEdits(store, [edit(null, 3)])
      const again = await openAgain()
      expect((await again.listCellEdits('w', 's1', 'r1', 'c1', 10)).map((e) => e.value)).toEqual([
        null,
        'b',
        'a',
      ])
      expect(await again.listCellEdits('w', 's1', 'r1', 'c1', 1)).toEqual([edit(null, 3)])
      expect((await again.listCellEditsSince('w', 1, 10)).map((e) => e.value)).toEqual([
        'b',
        'x',
        null,
      ])
      const none = { viewersSeeHistory: false, editorsShareViewLinks: false }
      expect(await again.getWorkbookSettings('w')).toEqual(none)
      await again.setWorkbookSettings('w', { ...none, viewersSeeHistory: true })
      expect(await store.getWorkbookSettings('w')).toEqual({ ...none, viewersSeeHistory: true })
      await again.setWorkbookSettings('w', {
        viewersSeeHistory: false,
        editorsShareViewLinks: true,
      })
      expect(await store.getWorkbookSettings('w')).toEqual({
        viewersSeeHistory: false,
        editorsShareViewLinks: true,
      })
    })

    it("a paste's cells read like edits of one cell each: per cell, since a time, in a summary, in order", async () => {
      const { store, openAgain } = await fresh()
      // 100 rows x 3 columns (fewer columns than rows) and 2 rows x 100 columns (fewer rows),
      // each recorded in one call as a paste is, around edits of single cells.
      const tall = grid(100, 3, (r, c) => `t${r}.${c}`, 5)
      const wide = grid(2, 100, (r, c) => `w${r}.${c}`, 7)
      await recordEdits(store, [edit('one', 4, 'r1')])
      await recordEdits(store, tall)
      await recordEdits(store, [{ ...edit('after', 5, 'r1'), colId: 'c1' }])
      await recordEdits(store, wide)
      await recordEdits(store, [{ ...edit('last', 9, 'r1'), colId: 'c50' }])
      const again = await openAgain()
      const values = async (rowId: string, colId: string): Promise<Array<string | null>> =>
        (await again.listCellEdits('w', 's1', rowId, colId, 10)).map((e) => e.value)
      // r1:c1 was typed at 4, pasted over at 5, typed again at 5 (later), pasted at 7.
      expect(await values('r1', 'c1')).toEqual(['w1.1', 'after', 't1.1', 'one'])
      expect(await values('r99', 'c2')).toEqual(['t99.2'])
      expect(await values('r0', 'c99')).toEqual(['w0.99'])
      expect(await values('r1', 'c50')).toEqual(['last', 'w1.50'])
      expect(await values('r100', 'c1')).toEqual([])
      expect(await values('r2', 'c3')).toEqual([])
      expect(await again.listCellEdits('w', 's1', 'r1', 'c1', 2)).toEqual([
        wide.find((e) => e.rowId === 'r1' && e.colId === 'c1'),
        { ...edit('after', 5, 'r1'), colId: 'c1' },
      ])
      // Since a time: every cell once per edit, in the order recorded.
      const since = await again.listCellEditsSince('w', 4, 1_000)
      expect(since.map((e) => e.value)).toEqual([
        ...tall.map((e) => e.value),
        'after',
        ...wide.map((e) => e.value),
        'last',
      ])
      expect(since[0]).toEqual(tall[0])
      expect((await again.listCellEditsSince('w', 4, 5)).map((e) => e.value)).toEqual(
        tall.slice(0, 5).map((e) => e.value),
      )
      expect((await again.listCellEditsSince('w', 5, 3)).map((e) => e.value)).toEqual(
        wide.slice(0, 3).map((e) => e.value),
      )
      // Distinct cells: 300 + 200, of which r0/r1 x c0..c2 are in both (6), c1 typed too.
      const summary = await again.summarizeCellEdits('w', 0, 10, 1_000)
      expect(Object.fromEntries(summary.cellsBySheet)).toEqual({ s1: 494 })
      expect(summary.editors).toEqual([{ name: 'Ana', linkId: 'l1' }])
      // The cap counts cells: the first 250 edits after 4 end inside the tall paste (at 5),
      // and the edits of that moment all count.
      const capped = await again.summarizeCellEdits('w', 4, 10, 250)
      expect(Object.fromEntries(capped.cellsBySheet)).toEqual({ s1: 300 })
    })

    it('one call holding a typed edit, a paste and another typed edit keeps their order', async () => {
      const { store } = await fresh()
      const bo = { name: 'Bo', linkId: 'l2', source: 'socket' as const }
      const paste = grid(10, 10, (r, c) => `p${r}.${c}`, 2).map((e) => ({ ...e, ...bo }))
      const before = { ...edit('before', 2, 'r3'), colId: 'c3' }
      const after = { ...edit('after', 2, 'r3'), colId: 'c3' }
      await recordEdits(store, [before, ...paste, after])
      expect((await store.listCellEdits('w', 's1', 'r3', 'c3', 5)).map((e) => e.value)).toEqual([
        'after',
        'p3.3',
        'before',
      ])
      expect(await store.listCellEditsSince('w', 0, 1_000)).toEqual([before, ...paste, after])
    })

    it('edits since a time read past hundreds of rows, a paste among them, to the limit', async () => {
      const { store } = await fresh()
      const typed = (from: number, n: number): CellEditRecord[] =>
        Array.from({ length: n }, (_, i) => edit(`t${from + i}`, 10 + from + i, `r${from + i}`))
      const paste = grid(20, 10, (r, c) => `p${r}.${c}`, 1_000)
      const all = [...typed(0, 700), ...paste, ...typed(2_000, 700)]
      await recordEdits(store, typed(0, 700))
      await recordEdits(store, paste)
      await recordEdits(store, typed(2_000, 700))
      expect(await store.listCellEditsSince('w', 0, 5_000)).toEqual(all)
      expect(await store.listCellEditsSince('w', 0, 1_250)).toEqual(all.slice(0, 1_250))
      expect(await store.listCellEditsSince('w', 500, 800)).toEqual(
        all.filter((e) => e.at > 500).slice(0, 800),
      )
    })

    it("a pasted value spelling another cell's ids does not enter that cell's history", async () => {
      const { store } = await fresh()
      // What a run's JSON holds for r1:c1 is `["r1","c1",…`: values written to look like it,
      // pasted down the victim's own column (a run its history looks into).
      const spoofs = ['["r1","c1","forged"]', '"r1","c1"', '],["r1","c1",null'] as const
      const paste = grid(100, 1, (r) => spoofs[r % 3] as string, 3).map((e, r) => ({
        ...e,
        rowId: `r${100 + r}`,
        colId: 'c1',
      }))
      await recordEdits(store, paste)
      expect(await store.listCellEdits('w', 's1', 'r1', 'c1', 10)).toEqual([])
      expect((await store.listCellEdits('w', 's1', 'r101', 'c1', 10)).map((e) => e.value)).toEqual([
        spoofs[1],
      ])
      expect(
        Object.fromEntries((await store.summarizeCellEdits('w', 0, 9, 1_000)).cellsBySheet),
      ).toEqual({
        s1: 100,
      })
    })

    it('summarises a period of the cell edit log: distinct cells per sheet, editors in order of their first edit', async () => {
      const { store, openAgain } = await fresh()
      const by = (
        e: CellEditRecord,
        sheetId: string,
        who: Pick<CellEditRecord, 'name' | 'linkId' | 'source'>,
      ): CellEditRecord => ({ ...e, sheetId, ...who })
      const bo = { name: 'Bo', linkId: 'l2', source: 'socket' as const }
      const rest = { name: null, linkId: null, source: 'rest' as const }
      const server = { name: null, linkId: null, source: 'server' as const }
      await recordEdits(store, [
        edit('before', 1),
        by(edit('b', 3, 'r2'), 's1', bo),
        edit('a', 4),
        edit('a2', 4),
        by(edit('s', 5, 'r5'), 's2', server),
        by(edit('r', 6, 'r6'), 's2', rest),
        by(edit('b2', 6, 'r5'), 's2', bo),
        edit('late', 10, 'r9'),
      ])
      const again = await openAgain()
      const all = await again.summarizeCellEdits('w', 1, 8, 1_000)
      expect(Object.fromEntries(all.cellsBySheet)).toEqual({ s1: 2, s2: 2 })
      expect(all.editors).toEqual([
        { name: 'Bo', linkId: 'l2' },
        { name: 'Ana', linkId: 'l1' },
        { name: null, linkId: null },
      ])
      // Only the first `limit` edits after `since` are counted.
      const first = await again.summarizeCellEdits('w', 1, 8, 3)
      expect(Object.fromEntries(first.cellsBySheet)).toEqual({ s1: 2 })
      expect(first.editors).toEqual([
        { name: 'Bo', linkId: 'l2' },
        { name: 'Ana', linkId: 'l1' },
      ])
      const none = await again.summarizeCellEdits('w', 10, 20, 1_000)
      expect(none).toEqual({ cellsBySheet: new Map(), editors: [] })
    })
  })
}

historyContract('SQLite', async () => {
  const data = tempDataDir()
  return {
    store: new SqliteStore(data.dir),
    openAgain: () => Promise.resolve(new SqliteStore(data.dir)),
    remove: () => Promise.resolve(data.remove()),
  }
})

describe('SQLite cell edit log commits', () => {
  it('a recorded edit is read back at once, and reaches the file without another write', async () => {
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    const other = new SqliteStore(data.dir)
    try {
      // Rows recorded alone wait briefly for a commit to ride with; a reader does not.
      void recordEdits(store, [edit('a', 1)])
      expect((await store.listCellEdits('w', 's1', 'r1', 'c1', 10)).map((e) => e.value)).toEqual([
        'a',
      ])
      void recordEdits(store, [edit('b', 2)])
      const deadline = Date.now() + 5_000
      let seen: Array<string | null> = []
      while (Date.now() < deadline) {
        seen = (await other.listCellEdits('w', 's1', 'r1', 'c1', 10)).map((e) => e.value)
        if (seen.length === 2) break
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(seen).toEqual(['b', 'a'])
    } finally {
      await other.close()
      await store.close()
      data.remove()
    }
  })

  it('the rows of a paste commit at once; an edit of one cell waits for the next commit', async () => {
    // Frozen, the hold timer never fires: only rows sent at once are committed.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    try {
      const paste = Array.from({ length: 1000 }, (_, i) => edit(`v${i}`, 1, `r${i}`))
      await recordEdits(store, paste)
      let oneStored = false
      const one = recordEdits(store, [edit('b', 2)]).then(() => (oneStored = true))
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1))
      expect(oneStored).toBe(false)
      vi.runOnlyPendingTimers()
      await one
      expect((await store.listCellEdits('w', 's1', 'r1', 'c1', 5)).map((e) => e.value)).toEqual([
        'b',
        'v1',
      ])
    } finally {
      vi.useRealTimers()
      await store.close()
      data.remove()
    }
  })

  it('the rows of a paste are stored value for value, whatever the strings hold, in order', async () => {
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    try {
      // The commit thread hands SQLite a run's cells as JSON: values that JSON escapes or that
      // look like other JSON types must come back as the strings they were.
      const values = ['', 'a\u0000b', 'é😀', '"q\\', '[1]', '123', '1e5', 'true', 'null', null]
      await recordEdits(
        store,
        values.map((v, i) => edit(v, 7, `r${i}`)),
      )
      for (const [i, v] of values.entries()) {
        const [stored] = await store.listCellEdits('w', 's1', `r${i}`, 'c1', 1)
        expect(stored?.value).toBe(v)
      }
      // The same values in a paste big enough to be stored as one run, which keeps lone
      // surrogates too (a row per cell holds UTF-8: they read back as U+FFFD).
      const odd = [...values, 'lone\ud800', '\udc00x']
      const run = [...odd, ...Array.from({ length: 100 }, (_, i) => `pad${i}`)]
      await recordEdits(
        store,
        run.map((v, i) => ({ ...edit(v, 9, `r${i}`), colId: 'c9' })),
      )
      for (const [i, v] of odd.entries()) {
        const [stored] = await store.listCellEdits('w', 's1', `r${i}`, 'c9', 1)
        expect(stored?.value).toBe(v)
      }
      const since = await store.listCellEditsSince('w', 8, 1_000)
      expect(since.map((e) => e.value)).toEqual(run)
      // Several edits of one cell in one millisecond: the last one recorded reads as newest.
      await recordEdits(
        store,
        ['x', 'y', 'z'].map((v) => edit(v, 8, 'rz')),
      )
      const newestFirst = await store.listCellEdits('w', 's1', 'rz', 'c1', 3)
      expect(newestFirst.map((e) => e.value)).toEqual(['z', 'y', 'x'])
    } finally {
      await store.close()
      data.remove()
    }
  })
})

describe('SQLite cell edit log: big runs', () => {
  function rowsOf(dir: string): { edits: number; lines: string[] } {
    const db = new Database(path.join(dir, 'cellmate.db'), { readonly: true })
    try {
      const { n } = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM cell_edits').get()!
      const lines = db
        .prepare<[], { line: string }>('SELECT line FROM cell_edit_lines ORDER BY line')
        .all()
      return { edits: n, lines: lines.map((l) => l.line) }
    } finally {
      db.close()
    }
  }

  it('a 25,000-cell paste is a row of the log per commit part, found by its rows; a tall one by its column', async () => {
    const data = tempDataDir()
    const store = new SqliteStore(data.dir)
    try {
      const paste = grid(1000, 25, (r, c) => `${r}/${c}`, 3)
      await recordEdits(store, paste)
      await recordEdits(store, [edit('typed', 4, 'r7')])
      // The commit thread takes a paste's log in parts of 5,000 cells (`HISTORY_BATCH_ROWS`),
      // so other edits wait for one part at most: five rows, each found by its 200 rows.
      const wide = rowsOf(data.dir)
      expect(wide.edits).toBe(6)
      expect(wide.lines).toHaveLength(1000)
      expect(new Set(wide.lines)).toEqual(
        new Set(Array.from({ length: 1000 }, (_, r) => `r:r${r}`)),
      )
      const history = await store.listCellEdits('w', 's1', 'r7', 'c1', 10)
      expect(history.map((e) => e.value)).toEqual(['typed', '7/1'])
      expect(await store.listCellEditsSince('w', 0, 30_000)).toHaveLength(25_001)
      // One column, 3,000 rows: a line per row would be a line per cell.
      await recordEdits(
        store,
        grid(3000, 1, (r) => `tall${r}`, 5).map((e) => ({ ...e, colId: 'c30' })),
      )
      expect(rowsOf(data.dir).lines.filter((l) => !wide.lines.includes(l))).toEqual(['c:c30'])
      expect(
        (await store.listCellEdits('w', 's1', 'r2999', 'c30', 10)).map((e) => e.value),
      ).toEqual(['tall2999'])
    } finally {
      await store.close()
      data.remove()
    }
  })

  it('a log written before runs were rows is read as it was, and takes runs from then on', async () => {
    const data = tempDataDir()
    const before = new SqliteStore(data.dir)
    await recordEdits(before, [edit('old', 1)])
    await before.close()
    // What the table was: no `cells` column, no lines.
    const db = new Database(path.join(data.dir, 'cellmate.db'))
    db.exec('ALTER TABLE cell_edits DROP COLUMN cells; DROP TABLE cell_edit_lines')
    db.close()
    const store = new SqliteStore(data.dir)
    try {
      await recordEdits(
        store,
        grid(10, 10, (r, c) => `${r}/${c}`, 2),
      )
      expect((await store.listCellEdits('w', 's1', 'r1', 'c1', 5)).map((e) => e.value)).toEqual([
        '1/1',
        'old',
      ])
      expect(rowsOf(data.dir).edits).toBe(2)
    } finally {
      await store.close()
      data.remove()
    }
  })
})

const withPostgres = clusterServicesAvailable()
describe.skipIf(!withPostgres)('on Postgres', () => {
  let server: LocalPostgres
  let n = 0
  beforeAll(async () => {
    server = await LocalPostgres.start()
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
  })
  it('a paste is one row of the log, its NULs and all, found by its column', async () => {
    const url = await server.createDatabase(`history_${++n}`)
    const store = await PostgresStore.open({ connectionString: url })
    const db = new pg.Client({ connectionString: url })
    await db.connect()
    try {
      const values = [
        'a\u0000b',
        'é😀',
        '"q\\',
        null,
        ...Array.from({ length: 96 }, (_, i) => `p${i}`),
      ]
      await recordEdits(
        store,
        values.map((v, i) => ({ ...edit(v, 3, `r${i}`), colId: 'c2' })),
      )
      const { rows } = await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM cell_edits')
      expect(rows[0]?.n).toBe('1')
      const lines = await db.query<{ line: string }>('SELECT line FROM cell_edit_lines')
      expect(lines.rows.map((l) => l.line)).toEqual(['c:c2'])
      for (const [i, v] of values.slice(0, 4).entries()) {
        expect(
          (await store.listCellEdits('w', 's1', `r${i}`, 'c2', 5)).map((e) => e.value),
        ).toEqual([v])
      }
      expect((await store.listCellEditsSince('w', 0, 1_000)).map((e) => e.value)).toEqual(values)
      const summary = await store.summarizeCellEdits('w', 0, 10, 1_000)
      expect(Object.fromEntries(summary.cellsBySheet)).toEqual({ s1: 100 })
    } finally {
      await db.end()
      await store.close()
    }
  })
  historyContract('Postgres', async () => {
    const url = await server.createDatabase(`history_${++n}`)
    return {
      store: await PostgresStore.open({ connectionString: url }),
      openAgain: () => PostgresStore.open({ connectionString: url }),
      remove: () => Promise.resolve(),
    }
  })
})
