import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SHEET_ROOTS,
  WORKBOOK_ROOTS,
  sheetDocName,
  sheetTypes,
  workbookDocName,
} from '@cellmate/model'
import { SqliteStore } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

/** Reads a document as it is stored (the server must be stopped). */
async function storedDoc(dataDir: string, name: string): Promise<Y.Doc> {
  const store = new SqliteStore(dataDir)
  try {
    const doc = new Y.Doc()
    for (const update of (await store.loadDoc(name)).updates) Y.applyUpdate(doc, update)
    return doc
  } finally {
    await store.close()
  }
}

/**
 * Appends to the stored document what `write` does to it, as an old server that let such
 * values through would have stored them.
 */
async function storeBadWrite(
  dataDir: string,
  name: string,
  write: (doc: Y.Doc) => void,
): Promise<void> {
  const doc = await storedDoc(dataDir, name)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.transact(() => write(doc))
  const store = new SqliteStore(dataDir)
  try {
    for (const u of updates) await store.appendUpdate(name, u)
  } finally {
    await store.close()
  }
}

describe('a stored document holding values no reader can use', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  it('is read, exported and listed (never a 500), and repaired in the store on load', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    let { server, url } = await startInProcess(data.dir)
    const wb = await rest(url).createWorkbook('Stored')
    const sheetId = (wb.sheets[0] as { id: string }).id
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '5', A2: '=A1*2', B2: 'text' })
    await server.close()

    const sheetName = sheetDocName(wb.id, sheetId)
    const workbookName = workbookDocName(wb.id)
    await storeBadWrite(data.dir, sheetName, (doc) => {
      const t = sheetTypes(doc)
      const [r0, , r2] = t.rows.toArray() as [string, string, string]
      const [c0, c1] = t.cols.toArray() as [string, string]
      const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
      legacy.set(`${r2}:${c0}`, 42)
      legacy.set(`${r0}:${c1}`, true)
      doc.getArray<unknown>(SHEET_ROOTS.cells).push([12, `${r2}:${c1}`])
      doc.getMap<unknown>(SHEET_ROOTS.formats).set(`${r0}:${c0}:bold`, 'yes')
      doc.getMap<unknown>(SHEET_ROOTS.colWidths).set(c0, 'wide')
      doc.getArray<unknown>(SHEET_ROOTS.rows).insert(1, [7])
    })
    await storeBadWrite(data.dir, workbookName, (doc) => {
      doc.getMap<unknown>(WORKBOOK_ROOTS.sheetMeta).set(sheetId, 'hijacked')
      doc.getMap<unknown>(WORKBOOK_ROOTS.meta).set('title', 12)
    })

    ;({ server, url } = await startInProcess(data.dir))
    cleanups.push(() => server.close())
    const owner = rest(url, wb.token)
    const read = await owner.readCells(wb.id, sheetId, 'A1:B3')
    expect(read.inputs).toEqual([
      ['5', ''],
      ['=A1*2', 'text'],
      ['', ''],
    ])
    expect(read.values).toEqual([
      [5, null],
      [10, 'text'],
      [null, null],
    ])
    const csv = await owner.exportCsv(wb.id, sheetId)
    expect(await csv.blob.text()).toBe('5,\r\n10,text')
    const xlsx = await owner.exportXlsx(wb.id)
    expect(xlsx.blob.size).toBeGreaterThan(0)
    const listed = await owner.getWorkbook(wb.id)
    expect(listed.sheets.map((s) => s.id)).toEqual([sheetId])
    expect(listed.sheets[0]?.name).toBe('Sheet1')
    await server.close()
    cleanups.pop()

    const sheet = await storedDoc(data.dir, sheetName)
    const stored = Object.values(sheetTypes(sheet).cells.toJSON())
    expect(stored).toHaveLength(3)
    expect(stored).toEqual(expect.arrayContaining(['5', 'text']))
    expect(sheet.getArray(SHEET_ROOTS.cells).length).toBe(3)
    expect(sheet.getMap(SHEET_ROOTS.legacyCells).size).toBe(0)
    expect(
      sheet
        .getArray(SHEET_ROOTS.rows)
        .toArray()
        .every((id) => typeof id === 'string'),
    ).toBe(true)
    expect(sheet.getMap(SHEET_ROOTS.formats).toJSON()).toEqual({})
    expect(sheet.getMap(SHEET_ROOTS.colWidths).toJSON()).toEqual({})
    const workbook = await storedDoc(data.dir, workbookName)
    expect(workbook.getMap(WORKBOOK_ROOTS.sheetMeta).get(sheetId)).toBeInstanceOf(Y.Map)
    expect(workbook.getMap(WORKBOOK_ROOTS.meta).has('title')).toBe(false)
  })

  it('in the old layout (cells in a map) is moved to the cell log once, on load', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    let { server, url } = await startInProcess(data.dir)
    const wb = await rest(url).createWorkbook('Old layout')
    const sheetId = (wb.sheets[0] as { id: string }).id
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '1', B1: 'kept' })
    await server.close()

    // What a server before the cell log stored (and what an old tab's offline copy sends):
    // cells in the `cells` map, here over A1 and into A2, A3.
    const sheetName = sheetDocName(wb.id, sheetId)
    await storeBadWrite(data.dir, sheetName, (doc) => {
      const t = sheetTypes(doc)
      const [r0, r1, r2] = t.rows.toArray() as [string, string, string]
      const [c0] = t.cols.toArray() as [string]
      const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
      legacy.set(`${r0}:${c0}`, '10')
      legacy.set(`${r1}:${c0}`, '=A1*2')
      legacy.set(`${r2}:${c0}`, 'from the map')
    })

    ;({ server, url } = await startInProcess(data.dir))
    cleanups.push(() => server.close())
    const read = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:B3')
    expect(read.inputs).toEqual([
      ['10', 'kept'],
      ['=A1*2', ''],
      ['from the map', ''],
    ])
    expect(read.values[1]?.[0]).toBe(20)
    await server.close()
    cleanups.pop()

    const sheet = await storedDoc(data.dir, sheetName)
    expect(sheet.getMap(SHEET_ROOTS.legacyCells).size).toBe(0)
    expect(sheetTypes(sheet).cells.size).toBe(4)
    expect(sheet.getArray(SHEET_ROOTS.cells).length).toBe(4)
  })

  it('written in the old layout by a tab after the sheet was moved out of it, is moved too', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    const { server, url } = await startInProcess(data.dir)
    cleanups.push(() => server.close())
    const wb = await rest(url).createWorkbook('Old tab')
    const sheetId = (wb.sheets[0] as { id: string }).id
    const api = rest(url, wb.token)
    const oldTab = await openSheetClient(url, wb.id, sheetId, wb.token)
    cleanups.push(() => oldTab.close())
    const t = sheetTypes(oldTab.doc)
    const [r0, r1] = t.rows.toArray() as [string, string]
    const [c0] = t.cols.toArray() as [string]
    const legacy = oldTab.doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
    // Moved once, then ordinary edits (the server stops looking at the old map), then more of
    // the old layout: moved again.
    legacy.set(`${r0}:${c0}`, 'first')
    await waitUntil(
      async () => (await api.readCells(wb.id, sheetId, 'A1')).inputs[0]?.[0] === 'first',
    )
    await waitUntil(() => legacy.size === 0)
    await api.writeCells(wb.id, sheetId, { B1: 'ordinary' })
    legacy.set(`${r1}:${c0}`, 'second')
    await waitUntil(
      async () => (await api.readCells(wb.id, sheetId, 'A2')).inputs[0]?.[0] === 'second',
    )
    await waitUntil(() => legacy.size === 0)
    const read = await api.readCells(wb.id, sheetId, 'A1:B2')
    expect(read.inputs).toEqual([
      ['first', 'ordinary'],
      ['second', ''],
    ])
  })
})
