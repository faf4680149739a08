import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import pg from 'pg'
import * as Y from 'yjs'
import {
  SheetLayout,
  addSheet,
  getCell,
  initSheet,
  listSheets,
  setCell,
  sheetDocName,
  workbookTypes,
} from '@cellmate/model'
import { PostgresStore, SqliteStore, type Store } from '../src/index.js'
import { hashToken } from '../src/capabilityToken.js'
import type { MigrationLog } from '../src/store/legacySheets.js'
import { LocalPostgres, findPostgresBin } from '../src/testing/index.js'
import { openSheetClient, rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Stores written before sheet records: sheets were `sheet:<sheetId>` documents, and a workbook
 * had whatever sheets its workbook document listed, which any editor could write.
 */
interface LegacyRow {
  doc: string
  update: Uint8Array
}

const TOKENS = { b: 'token-of-b'.padEnd(43, 'b'), a: 'token-of-a'.padEnd(43, 'a') }

/** A sheet document with one cell set, as the old server stored it. */
function sheetWith(text: string): Uint8Array {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 3, cols: 3 })
  const layout = new SheetLayout(doc)
  setCell(doc, layout.rowId(0)!, layout.colId(0)!, text)
  layout.destroy()
  return Y.encodeStateAsUpdate(doc)
}

/** A workbook document listing these (legacy) sheet ids. */
function workbookListing(ids: string[]): Uint8Array {
  const doc = new Y.Doc()
  workbookTypes(doc).meta.set('title', 'old')
  ids.forEach((id, i) => addSheet(doc, { id, name: `Tab ${i + 1}` }))
  return Y.encodeStateAsUpdate(doc)
}

/**
 * The scenario of issue 13, as stored by the old server: B (oldest) owns sheets b1 and b2;
 * the attacker's A owns a1 and also lists B's b1; C lists only B's b2 and a sheet that was
 * never stored, so it owns nothing.
 */
const LEGACY_IDS = { b1: '1x9k2p.1', b2: '1x9k2p.2', a1: 'q8v3zz.1' }
function legacyContent(): {
  workbooks: Array<{ id: string; hash: string; createdAt: number }>
  docs: LegacyRow[]
} {
  return {
    workbooks: [
      { id: 'wbB', hash: hashToken(TOKENS.b), createdAt: 1000 },
      { id: 'wbA', hash: hashToken(TOKENS.a), createdAt: 2000 },
      { id: 'wbC', hash: hashToken('c'), createdAt: 3000 },
    ],
    docs: [
      { doc: 'wb:wbB', update: workbookListing([LEGACY_IDS.b1, LEGACY_IDS.b2]) },
      { doc: `sheet:${LEGACY_IDS.b1}`, update: sheetWith('B secret') },
      { doc: `sheet:${LEGACY_IDS.b2}`, update: sheetWith('B other') },
      { doc: 'wb:wbA', update: workbookListing([LEGACY_IDS.a1, LEGACY_IDS.b1]) },
      { doc: `sheet:${LEGACY_IDS.a1}`, update: sheetWith('A own') },
      { doc: 'wb:wbC', update: workbookListing([LEGACY_IDS.b2, 'never.stored']) },
    ],
  }
}

/** Writes the legacy content into a SQLite file with the schema the old server created. */
function writeLegacySqlite(dir: string): void {
  const db = new Database(path.join(dir, 'cellmate.db'))
  db.exec(`
    CREATE TABLE workbooks (id TEXT PRIMARY KEY, owner_token_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX doc_updates_by_doc ON doc_updates (doc, seq);
    CREATE TABLE share_links (
      id TEXT PRIMARY KEY, workbook_id TEXT NOT NULL REFERENCES workbooks (id),
      role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')), token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL, revoked_at INTEGER);
  `)
  const { workbooks, docs } = legacyContent()
  for (const wb of workbooks) {
    db.prepare('INSERT INTO workbooks VALUES (?, ?, ?)').run(wb.id, wb.hash, wb.createdAt)
  }
  for (const d of docs)
    db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)').run(d.doc, d.update)
  db.close()
}

function recordingLog(): MigrationLog & { warnings: object[]; infos: object[] } {
  const warnings: object[] = []
  const infos: object[] = []
  return {
    warnings,
    infos,
    info: (details) => void infos.push(details),
    warn: (details) => void warnings.push(details),
  }
}

async function storedDoc(store: Store, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await store.loadDoc(name)).updates) Y.applyUpdate(doc, u)
  return doc
}

async function firstCell(store: Store, name: string): Promise<string> {
  const doc = await storedDoc(store, name)
  const layout = new SheetLayout(doc)
  try {
    return getCell(doc, layout.rowId(0)!, layout.colId(0)!)
  } finally {
    layout.destroy()
  }
}

const live = async (store: Store, workbookId: string): Promise<string[]> =>
  (await store.listSheets(workbookId)).filter((s) => s.deletedAt === null).map((s) => s.sheetId)

/** What every store must look like after migrating the legacy content. */
async function expectMigrated(store: Store, log: ReturnType<typeof recordingLog>): Promise<void> {
  // B keeps both its sheets, A only its own, C (owning nothing) gets a fresh empty sheet.
  expect(await live(store, 'wbB')).toEqual([LEGACY_IDS.b1, LEGACY_IDS.b2])
  expect(await live(store, 'wbA')).toEqual([LEGACY_IDS.a1])
  const [fresh, ...more] = await live(store, 'wbC')
  expect(more).toEqual([])
  expect(fresh).toMatch(/^[A-Za-z0-9_-]{22}$/)
  // Documents moved to their workbook-scoped names, content intact.
  expect(await firstCell(store, sheetDocName('wbB', LEGACY_IDS.b1))).toBe('B secret')
  expect(await firstCell(store, sheetDocName('wbA', LEGACY_IDS.a1))).toBe('A own')
  expect(await store.countEntries(`sheet:${LEGACY_IDS.b1}`)).toBe(0)
  expect(await store.countEntries(sheetDocName('wbA', LEGACY_IDS.b1))).toBe(0)
  // The workbook documents list exactly their recorded sheets.
  const ids = async (wb: string) => listSheets(await storedDoc(store, `wb:${wb}`)).map((s) => s.id)
  expect(await ids('wbB')).toEqual([LEGACY_IDS.b1, LEGACY_IDS.b2])
  expect(await ids('wbA')).toEqual([LEGACY_IDS.a1])
  expect(await ids('wbC')).toEqual([fresh])
  // The conflicts are logged; the older workbook kept the sheet.
  expect(log.warnings).toEqual(
    expect.arrayContaining([
      { sheetId: LEGACY_IDS.b1, workbookId: 'wbA', claimedBy: 'wbB' },
      { sheetId: LEGACY_IDS.b2, workbookId: 'wbC', claimedBy: 'wbB' },
    ]),
  )
  expect(log.warnings).toHaveLength(2)
  expect(log.infos).toEqual([
    expect.objectContaining({ workbooks: 3, sheets: 4, missing: 1, emptied: 1, conflicts: 2 }),
  ])
}

describe('migrating a SQLite store written before sheet records', () => {
  it('records each sheet for its oldest claimant, renames its document, and runs once', async () => {
    const data = tempDataDir()
    try {
      writeLegacySqlite(data.dir)
      const log = recordingLog()
      const store = new SqliteStore(data.dir, { log })
      await expectMigrated(store, log)
      const entries = await store.countEntries('wb:wbA')
      await store.close()
      // Opening again changes nothing and logs nothing.
      const again = recordingLog()
      const reopened = new SqliteStore(data.dir, { log: again })
      expect([again.infos, again.warnings]).toEqual([[], []])
      expect(await reopened.countEntries('wb:wbA')).toBe(entries)
      expect(await live(reopened, 'wbA')).toEqual([LEGACY_IDS.a1])
      await reopened.close()
    } finally {
      data.remove()
    }
  })

  it("after the migration, A's owner reaches B's sheet by no route; B's owner still does", async () => {
    const data = tempDataDir()
    writeLegacySqlite(data.dir)
    const { server, url } = await startInProcess(data.dir)
    try {
      const asA = rest(url, TOKENS.a)
      expect((await asA.getWorkbook('wbA')).sheets.map((s) => s.id)).toEqual([LEGACY_IDS.a1])
      await expect(asA.readCells('wbA', LEGACY_IDS.b1, 'A1')).rejects.toMatchObject({
        status: 404,
      })
      await expect(openSheetClient(url, 'wbA', LEGACY_IDS.b1, TOKENS.a)).rejects.toThrow(/no sheet/)
      expect((await rest(url, TOKENS.b).readCells('wbB', LEGACY_IDS.b1, 'A1')).inputs).toEqual([
        ['B secret'],
      ])
      // Renamed and moved like any sheet.
      await rest(url, TOKENS.b).updateSheet('wbB', LEGACY_IDS.b2, { name: 'Kept', position: 1 })
      expect((await rest(url, TOKENS.b).getWorkbook('wbB')).sheets[0]).toEqual({
        id: LEGACY_IDS.b2,
        name: 'Kept',
      })
    } finally {
      await server.close()
      data.remove()
    }
  })
})

const withPostgres = findPostgresBin() !== null
describe.skipIf(!withPostgres)('migrating a Postgres database written before sheet records', () => {
  let server: LocalPostgres
  beforeAll(async () => {
    server = await LocalPostgres.start()
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('two processes starting at once migrate it exactly once', async () => {
    const url = await server.createDatabase('legacy_sheets')
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      // Schema version 1: the tables the first release created, and nothing else.
      await admin.query(`
        CREATE TABLE workbooks (id text PRIMARY KEY, owner_token_hash text NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE doc_updates (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doc text NOT NULL, data bytea NOT NULL);
        CREATE INDEX doc_updates_by_doc ON doc_updates (doc, seq);
        CREATE TABLE share_links (
          id text PRIMARY KEY, workbook_id text NOT NULL REFERENCES workbooks (id),
          role text NOT NULL CHECK (role IN ('editor', 'viewer')), token_hash text NOT NULL UNIQUE,
          created_at bigint NOT NULL, revoked_at bigint);
        CREATE INDEX share_links_by_workbook ON share_links (workbook_id, created_at);
        CREATE TABLE cellmate_schema (version integer NOT NULL);
        INSERT INTO cellmate_schema (version) VALUES (1);
      `)
      const { workbooks, docs } = legacyContent()
      for (const wb of workbooks) {
        await admin.query('INSERT INTO workbooks VALUES ($1, $2, $3)', [
          wb.id,
          wb.hash,
          wb.createdAt,
        ])
      }
      for (const d of docs) {
        await admin.query('INSERT INTO doc_updates (doc, data) VALUES ($1, $2)', [
          d.doc,
          Buffer.from(d.update),
        ])
      }
    } finally {
      await admin.end()
    }
    const logs = [recordingLog(), recordingLog()]
    const stores = await Promise.all(
      logs.map((log) => PostgresStore.open({ connectionString: url, log })),
    )
    try {
      // Exactly one of them did the work; the other found it done.
      const worked = logs.filter((l) => l.infos.length > 0)
      expect(worked).toHaveLength(1)
      await expectMigrated(stores[0]!, worked[0]!)
      expect(await live(stores[1]!, 'wbB')).toEqual([LEGACY_IDS.b1, LEGACY_IDS.b2])
    } finally {
      for (const s of stores) await s.close()
    }
  })
})
