import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { PostgresStore, SqliteStore, type Store } from '../src/index.js'
import { encodeStateSlices } from '../src/sync/stateSlices.js'
import { LocalPostgres } from '../src/testing/index.js'
import { clusterServicesAvailable } from './support/clusterServices.js'
import { tempDataDir } from './support/testServer.js'

/**
 * One behaviour, two stores: every `Store` must pass this suite. `open` returns a fresh, empty
 * store; `openAgain` a second handle on the same data (another process, or a restart).
 */
interface StoreFactory {
  open(): Promise<{ store: Store; openAgain: () => Promise<Store>; remove: () => Promise<void> }>
}

/** A document with some cells set, and the updates that made it. */
function edits(doc: Y.Doc, from: number, to: number): Uint8Array[] {
  const out: Uint8Array[] = []
  const onUpdate = (u: Uint8Array): void => void out.push(u)
  doc.on('update', onUpdate)
  for (let i = from; i < to; i++) doc.getMap('cells').set(`k${i}`, `v${i}`)
  doc.off('update', onUpdate)
  return out
}

function docOf(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

function cells(doc: Y.Doc): Record<string, unknown> {
  return doc.getMap('cells').toJSON()
}

function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    const opened: Array<{ stores: Store[]; remove: () => Promise<void> }> = []
    async function fresh(): Promise<{ store: Store; openAgain: () => Promise<Store> }> {
      const made = await factory.open()
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
    afterEach(async () => {
      for (const { stores, remove } of opened.splice(0)) {
        for (const s of stores) await s.close().catch(() => {})
        await remove()
      }
    })

    it('a document never written loads empty', async () => {
      const { store } = await fresh()
      expect(await store.loadDoc('sheet:none')).toEqual({ updates: [], lastSeq: 0 })
      expect(await store.countEntries('sheet:none')).toBe(0)
    })

    it('appends come back in order with increasing sequence numbers, per document', async () => {
      const { store } = await fresh()
      const a = edits(new Y.Doc(), 0, 3)
      const seqs = []
      for (const u of a) seqs.push(await store.appendUpdate('sheet:a', u))
      await store.appendUpdate('sheet:b', edits(new Y.Doc(), 0, 1)[0]!)
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs)
      expect(new Set(seqs).size).toBe(3)
      const loaded = await store.loadDoc('sheet:a')
      expect(loaded.updates.map((u) => Buffer.from(u))).toEqual(a.map((u) => Buffer.from(u)))
      expect(loaded.lastSeq).toBe(seqs[2])
      expect(await store.countEntries('sheet:a')).toBe(3)
      expect(await store.countEntries('sheet:b')).toBe(1)
    })

    it('appends of one event-loop turn (one group commit) all resolve, each with its own seq', async () => {
      const { store, openAgain } = await fresh()
      const doc = new Y.Doc()
      const updates = edits(doc, 0, 50)
      const seqs = await Promise.all(updates.map((u) => store.appendUpdate('sheet:g', u)))
      expect(new Set(seqs).size).toBe(50)
      const other = await openAgain()
      expect(cells(docOf((await other.loadDoc('sheet:g')).updates))).toEqual(cells(doc))
    })

    it('appends still queued when the store closes are stored', async () => {
      const { store, openAgain } = await fresh()
      const doc = new Y.Doc()
      const pending = edits(doc, 0, 5).map((u) => store.appendUpdate('sheet:c', u))
      await store.close()
      await Promise.all(pending)
      const again = await openAgain()
      expect(cells(docOf((await again.loadDoc('sheet:c')).updates))).toEqual(cells(doc))
    })

    it('compaction replaces the entries up to a seq with one and keeps the later ones', async () => {
      const { store } = await fresh()
      const doc = new Y.Doc()
      for (const u of edits(doc, 0, 10)) await store.appendUpdate('sheet:k', u)
      const through = (await store.loadDoc('sheet:k')).lastSeq
      const snapshot = Y.encodeStateAsUpdate(doc)
      for (const u of edits(doc, 10, 13)) await store.appendUpdate('sheet:k', u)
      await store.compact('sheet:k', snapshot, through)
      expect(await store.countEntries('sheet:k')).toBe(4)
      expect(cells(docOf((await store.loadDoc('sheet:k')).updates))).toEqual(cells(doc))
    })

    it('compaction keeps what the snapshot lacks: an entry another node stored first', async () => {
      const { store } = await fresh()
      const here = new Y.Doc()
      for (const u of edits(here, 0, 5)) await store.appendUpdate('sheet:m', u)
      // Another node's edit, stored but not yet received here (so not in the snapshot).
      const there = new Y.Doc()
      Y.applyUpdate(there, Y.encodeStateAsUpdate(here))
      const remote = edits(there, 100, 101)[0]!
      there.getMap('cells').delete('k0')
      await store.appendUpdate('sheet:m', remote)
      await store.appendUpdate('sheet:m', Y.encodeStateAsUpdate(there, Y.encodeStateVector(here)))
      const through = (await store.loadDoc('sheet:m')).lastSeq
      await store.compact('sheet:m', Y.encodeStateAsUpdate(here), through)
      expect(await store.countEntries('sheet:m')).toBe(1)
      expect(cells(docOf((await store.loadDoc('sheet:m')).updates))).toEqual(cells(there))
    })

    it('a sliced snapshot is stored slice by slice, in order, with what the log holds beyond it', async () => {
      const { store } = await fresh()
      const here = new Y.Doc()
      for (const u of edits(here, 0, 40)) await store.appendUpdate('sheet:s', u)
      // Another node's edit the snapshot lacks, and a deletion it already holds.
      const there = new Y.Doc()
      Y.applyUpdate(there, Y.encodeStateAsUpdate(here))
      await store.appendUpdate('sheet:s', edits(there, 100, 101)[0]!)
      const through = (await store.loadDoc('sheet:s')).lastSeq
      const rows = encodeStateSlices(here, new Uint8Array([0]), 10)
      expect(rows.length).toBeGreaterThan(3)
      const snapshot = { rows, stateVector: Y.encodeStateVector(here) }
      expect(await store.compact('sheet:s', snapshot, through)).toBe(rows.length + 1)
      const stored = await store.loadDoc('sheet:s')
      expect(stored.updates.slice(0, rows.length)).toEqual(rows)
      // Applied one after the other, as a load does, nothing waits for a later one.
      const loaded = new Y.Doc()
      for (const u of stored.updates) {
        Y.applyUpdate(loaded, u)
        expect(loaded.store.pendingStructs).toBeNull()
      }
      expect(cells(loaded)).toEqual(cells(there))
      // Nothing beyond the snapshot: its slices alone.
      const later = new Y.Doc()
      Y.applyUpdate(later, Y.encodeStateAsUpdate(loaded))
      const all = await store.loadDoc('sheet:s')
      const again = encodeStateSlices(later, new Uint8Array([0]), 10)
      const written = await store.compact(
        'sheet:s',
        { rows: again, stateVector: Y.encodeStateVector(later) },
        all.lastSeq,
      )
      expect(written).toBe(again.length)
      expect(await store.countEntries('sheet:s')).toBe(again.length)
      expect(cells(docOf((await store.loadDoc('sheet:s')).updates))).toEqual(cells(there))
    })

    it('compaction told to drop what never integrates drops pending structs and deletes only', async () => {
      const { store } = await fresh()
      const doc = new Y.Doc()
      for (const u of edits(doc, 0, 3)) await store.appendUpdate('sheet:p', u)
      // A struct whose earlier clock was never stored, and a delete of clocks nobody wrote.
      const attacker = new Y.Doc()
      Y.applyUpdate(attacker, Y.encodeStateAsUpdate(doc))
      attacker.getMap('cells').set('x1', 'first')
      const skipped = Y.encodeStateVector(attacker)
      attacker.getMap('cells').set('x2', 'never integrates')
      await store.appendUpdate('sheet:p', Y.encodeStateAsUpdate(attacker, skipped))
      const before = await store.loadDoc('sheet:p')
      expect(docOf(before.updates).store.pendingStructs).not.toBeNull()
      const through = before.lastSeq
      await store.compact('sheet:p', Y.encodeStateAsUpdate(doc), through, true)
      const reloaded = docOf((await store.loadDoc('sheet:p')).updates)
      expect(cells(reloaded)).toEqual(cells(doc))
      expect(reloaded.store.pendingStructs).toBeNull()
      // A sliced snapshot too: its slices and the log merged into one entry without them.
      await store.appendUpdate('sheet:p', Y.encodeStateAsUpdate(attacker, skipped))
      const sliced = {
        rows: encodeStateSlices(doc, new Uint8Array([0]), 1),
        stateVector: Y.encodeStateVector(doc),
      }
      expect(sliced.rows.length).toBeGreaterThan(2)
      const last = (await store.loadDoc('sheet:p')).lastSeq
      expect(await store.compact('sheet:p', sliced, last, true)).toBe(1)
      const again = docOf((await store.loadDoc('sheet:p')).updates)
      expect(cells(again)).toEqual(cells(doc))
      expect(again.store.pendingStructs).toBeNull()
    })

    it('client ids are bound to the first owner that claims them, also across handles', async () => {
      const { store, openAgain } = await fresh()
      const other = await openAgain()
      expect(await store.loadClientOwners('sheet:c')).toEqual(new Map())
      const [a, b] = await Promise.all([
        store.claimClients('sheet:c', [{ clientId: 7, owner: 'alice' }]),
        other.claimClients('sheet:c', [{ clientId: 7, owner: 'mallory' }]),
      ])
      expect(a.get(7)).toBe(b.get(7))
      const winner = a.get(7) as string
      expect(['alice', 'mallory']).toContain(winner)
      const again = await store.claimClients('sheet:c', [
        { clientId: 7, owner: 'someone else' },
        { clientId: 4_294_967_295, owner: 'bob' },
      ])
      expect(again).toEqual(
        new Map([
          [7, winner],
          [4_294_967_295, 'bob'],
        ]),
      )
      expect(await other.loadClientOwners('sheet:c')).toEqual(again)
      // Scoped by document: the same id in another document is free.
      expect((await store.claimClients('sheet:d', [{ clientId: 7, owner: 'carol' }])).get(7)).toBe(
        'carol',
      )
    })

    it('compacting while another handle appends loses nothing', async () => {
      const { store, openAgain } = await fresh()
      const other = await openAgain()
      const writer = new Y.Doc()
      const compactor = new Y.Doc()
      let writing = true
      const appends = (async () => {
        for (let i = 0; writing || i < 60; i++) {
          for (const u of edits(writer, i * 3, i * 3 + 3)) await other.appendUpdate('sheet:x', u)
          if (i > 400) break
        }
      })()
      for (let round = 0; round < 15; round++) {
        const stored = await store.loadDoc('sheet:x')
        for (const u of stored.updates) Y.applyUpdate(compactor, u)
        await store.compact('sheet:x', Y.encodeStateAsUpdate(compactor), stored.lastSeq)
      }
      writing = false
      await appends
      expect(cells(docOf((await store.loadDoc('sheet:x')).updates))).toEqual(cells(writer))
    })

    it('workbooks are created with their documents in one go and read back', async () => {
      const { store } = await fresh()
      const doc = new Y.Doc()
      const [first] = edits(doc, 0, 1)
      await store.createWorkbook(
        { id: 'wb1', ownerTokenHash: 'h'.repeat(64), createdAt: 1234 },
        [
          { doc: 'wb:wb1', update: first! },
          { doc: 'sheet:wb1:s1', update: first! },
        ],
        ['s1'],
      )
      expect(await store.getWorkbook('wb1')).toEqual({
        id: 'wb1',
        ownerTokenHash: 'h'.repeat(64),
        createdAt: 1234,
      })
      expect(await store.getWorkbook('nope')).toBeNull()
      expect(await store.countEntries('wb:wb1')).toBe(1)
      expect(await store.countEntries('sheet:wb1:s1')).toBe(1)
      expect(await store.listSheets('wb1')).toEqual([
        { workbookId: 'wb1', sheetId: 's1', createdAt: 1234, deletedAt: null },
      ])
      // A second workbook with the same id fails and stores none of its documents or sheets.
      await expect(
        store.createWorkbook(
          { id: 'wb1', ownerTokenHash: 'x', createdAt: 1 },
          [{ doc: 'sheet:wb1:s2', update: first! }],
          ['s2'],
        ),
      ).rejects.toThrow()
      expect(await store.countEntries('sheet:wb1:s2')).toBe(0)
      expect((await store.listSheets('wb1')).map((s) => s.sheetId)).toEqual(['s1'])
    })

    it('a write probe succeeds on a writable store, again and again, and changes no document', async () => {
      const { store } = await fresh()
      await store.probeWrite()
      await store.probeWrite()
      expect(await store.loadDoc('sheet:none')).toEqual({ updates: [], lastSeq: 0 })
    })

    it('sheet records: added with their document up to a limit, deleted but never the last, restored', async () => {
      const { store, openAgain } = await fresh()
      const update = edits(new Y.Doc(), 0, 1)[0]!
      await store.createWorkbook({ id: 'wb', ownerTokenHash: 'o', createdAt: 1 }, [], ['a'])
      await store.createWorkbook({ id: 'other', ownerTokenHash: 'o', createdAt: 1 }, [], ['z'])
      const sheet = (id: string) => ({ sheetId: id, doc: `sheet:wb:${id}`, update })
      expect(await store.addSheets('wb', [sheet('b'), sheet('c')], 10, 3)).toBe(true)
      expect(await store.countEntries('sheet:wb:b')).toBe(1)
      // Past the limit: refused whole, nothing stored.
      expect(await store.addSheets('wb', [sheet('d')], 11, 3)).toBe(false)
      expect(await store.countEntries('sheet:wb:d')).toBe(0)
      // A sheet id is recorded once, in one workbook.
      await expect(store.addSheets('other', [sheet('a')], 12, 200)).rejects.toThrow()
      const live = async (wb: string) =>
        (await store.listSheets(wb)).filter((s) => s.deletedAt === null).map((s) => s.sheetId)
      expect(await live('wb')).toEqual(['a', 'b', 'c'])
      expect(await store.deleteSheet('wb', 'b', 20)).toBe('deleted')
      expect(await store.deleteSheet('wb', 'b', 21)).toBe('missing')
      expect(await store.deleteSheet('wb', 'z', 21)).toBe('missing')
      expect(await store.deleteSheet('wb', 'c', 22)).toBe('deleted')
      expect(await store.deleteSheet('wb', 'a', 23)).toBe('last')
      expect(await live('wb')).toEqual(['a'])
      expect((await store.listSheets('wb')).find((s) => s.sheetId === 'b')).toEqual({
        workbookId: 'wb',
        sheetId: 'b',
        createdAt: 10,
        deletedAt: 20,
      })
      // Deleting keeps the document, so restoring brings the sheet back as it was.
      expect(await store.countEntries('sheet:wb:b')).toBe(1)
      expect(await store.restoreSheet('wb', 'b', 2)).toBe('restored')
      expect(await store.restoreSheet('wb', 'b', 2)).toBe('missing')
      expect(await store.restoreSheet('wb', 'c', 2)).toBe('limit')
      expect(await store.restoreSheet('other', 'c', 200)).toBe('missing')
      expect(await live('wb')).toEqual(['a', 'b'])
      expect((await (await openAgain()).listSheets('wb')).map((s) => s.sheetId)).toEqual([
        'a',
        'b',
        'c',
      ])
    })

    it('concurrent sheet operations of one workbook never pass the limit or delete the last', async () => {
      const { store, openAgain } = await fresh()
      const other = await openAgain()
      const update = edits(new Y.Doc(), 0, 1)[0]!
      await store.createWorkbook({ id: 'wb', ownerTokenHash: 'o', createdAt: 1 }, [], ['a'])
      const adds = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : store).addSheets(
            'wb',
            [{ sheetId: `s${i}`, doc: `sheet:wb:s${i}`, update }],
            2,
            5,
          ),
        ),
      )
      expect(adds.filter(Boolean)).toHaveLength(4)
      const live = (await store.listSheets('wb')).filter((s) => s.deletedAt === null)
      expect(live).toHaveLength(5)
      const deletions = await Promise.all(
        live.map((s, i) => (i % 2 ? other : store).deleteSheet('wb', s.sheetId, 3)),
      )
      expect(deletions.filter((d) => d === 'deleted')).toHaveLength(4)
      expect(deletions.filter((d) => d === 'last')).toHaveLength(1)
      expect((await store.listSheets('wb')).filter((s) => s.deletedAt === null)).toHaveLength(1)
    })

    it('share links: listed while they work, oldest first; revoked once; found by hash', async () => {
      const { store } = await fresh()
      await store.createWorkbook({ id: 'wb', ownerTokenHash: 'o', createdAt: 1 }, [], [])
      const link = (id: string, createdAt: number, role: 'editor' | 'viewer') => ({
        id,
        workbookId: 'wb',
        role,
        tokenHash: `hash-${id}`,
        createdAt,
        revokedAt: null,
      })
      await store.createLink(link('b', 20, 'viewer'))
      await store.createLink(link('a', 10, 'editor'))
      expect((await store.listLinks('wb')).map((l) => l.id)).toEqual(['a', 'b'])
      expect(await store.revokeLink('wb', 'a', 99)).toEqual({
        ...link('a', 10, 'editor'),
        revokedAt: 99,
      })
      expect(await store.revokeLink('wb', 'a', 100)).toBeNull()
      expect(await store.revokeLink('other', 'b', 100)).toBeNull()
      expect((await store.listLinks('wb')).map((l) => l.id)).toEqual(['b'])
      expect(await store.findLinkByTokenHash('hash-a')).toMatchObject({ id: 'a', revokedAt: 99 })
      expect(await store.findLinkByTokenHash('hash-b')).toEqual(link('b', 20, 'viewer'))
      expect(await store.findLinkByTokenHash('nope')).toBeNull()
    })

    it('comment links are kept like the others', async () => {
      const { store } = await fresh()
      await store.createWorkbook({ id: 'wb', ownerTokenHash: 'o', createdAt: 1 }, [], [])
      const link = {
        id: 'c',
        workbookId: 'wb',
        role: 'commenter' as const,
        tokenHash: 'hash-c',
        createdAt: 5,
        revokedAt: null,
      }
      await store.createLink(link)
      expect(await store.findLinkByTokenHash('hash-c')).toEqual(link)
    })
  })
}

it('an SQLite store made before comment links takes them after an upgrade, keeping its links', async () => {
  const data = tempDataDir()
  try {
    const db = new Database(path.join(data.dir, 'cellmate.db'))
    db.exec(`
      CREATE TABLE workbooks (id TEXT PRIMARY KEY, owner_token_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        workbook_id TEXT NOT NULL REFERENCES workbooks (id),
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      INSERT INTO workbooks VALUES ('wb', 'o', 1);
      INSERT INTO share_links VALUES ('v', 'wb', 'viewer', 'hash-v', 2, NULL);
    `)
    db.close()
    const store = new SqliteStore(data.dir)
    try {
      await store.createLink({
        id: 'c',
        workbookId: 'wb',
        role: 'commenter',
        tokenHash: 'hash-c',
        createdAt: 3,
        revokedAt: null,
      })
      expect((await store.listLinks('wb')).map((l) => [l.id, l.role])).toEqual([
        ['v', 'viewer'],
        ['c', 'commenter'],
      ])
    } finally {
      await store.close()
    }
  } finally {
    data.remove()
  }
})

storeContract('SQLite', {
  async open() {
    const data = tempDataDir()
    return {
      store: new SqliteStore(data.dir),
      openAgain: () => Promise.resolve(new SqliteStore(data.dir)),
      remove: () => Promise.resolve(data.remove()),
    }
  },
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

  it('reports failed queries to onError, and still rejects them', async () => {
    const errors: unknown[] = []
    const store = await PostgresStore.open({
      connectionString: await server.createDatabase(`errors_${++n}`),
      onError: (err) => errors.push(err),
    })
    try {
      await store.createWorkbook({ id: 'w', ownerTokenHash: 'h', createdAt: 1 }, [], [])
      expect(errors).toEqual([])
      await expect(
        store.createWorkbook({ id: 'w', ownerTokenHash: 'h', createdAt: 1 }, [], []),
      ).rejects.toThrow(/duplicate key/)
      expect(errors.length).toBeGreaterThan(0)
    } finally {
      await store.close()
    }
  })

  it('refuses to start on a schema newer than it knows', async () => {
    const url = await server.createDatabase(`newer_${++n}`)
    await (await PostgresStore.open({ connectionString: url })).close()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query('UPDATE cellmate_schema SET version = version + 1')
    await admin.end()
    await expect(PostgresStore.open({ connectionString: url })).rejects.toThrow(/upgrade Cellmate/)
  })

  storeContract('Postgres', {
    async open() {
      const url = await server.createDatabase(`contract_${++n}`)
      return {
        store: await PostgresStore.open({ connectionString: url }),
        openAgain: () => PostgresStore.open({ connectionString: url }),
        remove: () => Promise.resolve(),
      }
    },
  })
})
