import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import { EVENTS } from '@cellmate/protocol'
import { SheetLayout, formatA1, setCell, sheetDocName, sheetTypes } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'
import { mulberry32 } from './support/random.js'

/** A sheet's cells with keys sorted, so replicas compare equal whatever their insertion order. */
function cellsOf(doc: Y.Doc): Record<string, string> {
  const cells = sheetTypes(doc).cells.toJSON() as Record<string, string>
  return Object.fromEntries(Object.entries(cells).sort(([a], [b]) => a.localeCompare(b)))
}

describe('sync between Node clients', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const clients: SheetClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
    data.remove()
  })

  it('five clients writing random cells at once (some the same cells) all converge, and a fresh reader sees the same', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1e9)
    console.log(`convergence seed=${seed}`)
    const random = mulberry32(seed)
    const wb = await rest(url).createWorkbook('converge')
    const sheetId = wb.sheets[0]!.id
    for (let i = 0; i < 5; i++) clients.push(await openSheetClient(url, wb.id, sheetId, wb.token))

    // Each client makes 40 edits in bursts, without waiting for the others: cells are drawn
    // from a 10x4 block so many edits collide on the same cells.
    await Promise.all(
      clients.map(async (c, ci) => {
        const layout = new SheetLayout(c.doc)
        for (let i = 0; i < 40; i++) {
          const row = Math.floor(random() * 10)
          const col = Math.floor(random() * 4)
          setCell(c.doc, layout.rowId(row)!, layout.colId(col)!, `c${ci}-e${i}`)
          if (random() < 0.3) await new Promise((r) => setTimeout(r, random() * 5))
        }
        layout.destroy()
      }),
    )
    await Promise.all(clients.map((c) => c.sheet.flushed()))
    // Every client's edits are stored now, but the broadcasts of the last ones may still be on
    // their way to the others: wait until all replicas agree, then take what they agree on.
    const json = (doc: Y.Doc): string => JSON.stringify(cellsOf(doc))
    await waitUntil(() => clients.every((c) => json(c.doc) === json(clients[0]!.doc)))
    const expected = cellsOf(clients[0]!.doc)
    expect(Object.keys(expected).length).toBeGreaterThan(10)
    for (const c of clients) expect(cellsOf(c.doc)).toEqual(expected)

    const reader = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(reader)
    expect(cellsOf(reader.doc)).toEqual(expected)

    // The REST view of the same block agrees with the replicas.
    const layout = new SheetLayout(reader.doc)
    const read = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:D10')
    for (let r = 0; r < 10; r++) {
      for (let c = 0; c < 4; c++) {
        expect(read.inputs[r]![c], formatA1({ row: r, col: c })).toBe(layout.cellAt(r, c))
      }
    }
    layout.destroy()
  }, 30_000)

  it('edits made while disconnected merge with edits made by others meanwhile', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(url, wb.id, sheetId, wb.token)
    const b = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(a, b)
    const la = new SheetLayout(a.doc)
    const lb = new SheetLayout(b.doc)

    a.provider.disconnect()
    await waitUntil(() => a.provider.status.connection === 'offline')
    setCell(a.doc, la.rowId(0)!, la.colId(0)!, 'offline A1')
    setCell(a.doc, la.rowId(1)!, la.colId(0)!, 'offline A2')
    setCell(b.doc, lb.rowId(0)!, lb.colId(1)!, 'online B1')
    expect(a.provider.status.pending).toBe(2)
    await b.sheet.flushed()

    a.provider.connect()
    await a.sheet.flushed()
    await waitUntil(() => lb.cellAt(1, 0) === 'offline A2' && la.cellAt(0, 1) === 'online B1')
    for (const l of [la, lb]) {
      expect([l.cellAt(0, 0), l.cellAt(1, 0), l.cellAt(0, 1)]).toEqual([
        'offline A1',
        'offline A2',
        'online B1',
      ])
    }
    expect(a.provider.status).toEqual({ connection: 'connected', pending: 0 })
    la.destroy()
    lb.destroy()
  })

  it('a REST write is durable, then reaches connected clients', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(a)
    const la = new SheetLayout(a.doc)
    await rest(url, wb.token).writeCells(wb.id, sheetId, { B2: 'from REST', AA1200: 'far away' })
    await waitUntil(() => la.cellAt(1, 1) === 'from REST')
    expect(la.rowCount).toBe(1200)
    expect(la.colCount).toBe(27)
    expect(la.cellAt(1199, 26)).toBe('far away')
    la.destroy()
  })

  it('an update the server cannot decode is refused with an error and changes nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(a)
    const before = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:C3')
    const socket = a.provider.socket
    const garbage = await socket.timeout(2000).emitWithAck('update', {
      doc: sheetDocName(wb.id, sheetId),
      update: new Uint8Array([1, 2, 3, 4, 5]),
    })
    expect(garbage).toMatchObject({ error: { code: 'INVALID_UPDATE' } })
    const wrongDoc = await socket
      .timeout(2000)
      .emitWithAck('update', { doc: sheetDocName(wb.id, 'nope'), update: new Uint8Array([0, 0]) })
    expect(wrongDoc).toMatchObject({ error: { code: 'NOT_JOINED' } })
    const notBinary = await socket
      .timeout(2000)
      .emitWithAck('update', { doc: sheetDocName(wb.id, sheetId), update: 'hello' })
    expect(notBinary).toMatchObject({ error: { code: 'BAD_REQUEST' } })

    // A well-formed update naming a root a sheet does not have is refused too.
    const rogue = new Y.Doc()
    rogue.getMap('evil').set('x', 1)
    const rootAck = await socket.timeout(2000).emitWithAck('update', {
      doc: sheetDocName(wb.id, sheetId),
      update: Y.encodeStateAsUpdate(rogue),
    })
    expect(rootAck).toMatchObject({ error: { code: 'INVALID_UPDATE' } })

    expect(await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:C3')).toEqual(before)
    // The connection still works afterwards.
    const la = new SheetLayout(a.doc)
    setCell(a.doc, la.rowId(2)!, la.colId(2)!, 'still fine')
    await a.sheet.flushed()
    expect((await rest(url, wb.token).readCells(wb.id, sheetId, 'C3')).inputs).toEqual([
      ['still fine'],
    ])
    la.destroy()
  })

  it("a socket's updates are applied in the order it sent them, however long each one's check takes", async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(a)
    // Two edits made one after the other on a copy of the sheet: a paste large enough to be
    // checked by a worker thread, then one cell, checked inline, that builds on it.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc))
    const updates: Uint8Array[] = []
    copy.on('update', (u: Uint8Array) => updates.push(u))
    const la = new SheetLayout(copy)
    copy.transact(() => {
      for (let r = 0; r < 60; r++) {
        for (let c = 0; c < 10; c++)
          setCell(copy, la.rowId(r)!, la.colId(c)!, `pasted ${r}:${c} `.repeat(12))
      }
    })
    setCell(copy, la.rowId(0)!, la.colId(0)!, 'typed after the paste')
    expect(updates).toHaveLength(2)
    expect(updates[0]!.byteLength).toBeGreaterThan(64 * 1024)
    expect(updates[1]!.byteLength).toBeLessThan(1024)
    const doc = sheetDocName(wb.id, sheetId)
    const socket = a.provider.socket
    const acks = await Promise.all(
      updates.map((update) => socket.timeout(10_000).emitWithAck('update', { doc, update })),
    )
    expect(acks).toEqual([{ ok: true }, { ok: true }])
    const read = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:B1')
    expect(read.inputs).toEqual([['typed after the paste', 'pasted 0:1 '.repeat(12)]])
    la.destroy()
  })

  it('a cell typed into a row deleted meanwhile never shows, and is pruned when the sheet unloads', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(url, wb.id, sheetId, wb.token)
    const la = new SheetLayout(a.doc)
    const rowId = la.rowId(4)!
    a.provider.disconnect()
    setCell(a.doc, rowId, la.colId(0)!, 'typed into a deleted row')
    await rest(url, wb.token).deleteRows(wb.id, sheetId, 5, 1)
    a.provider.connect()
    await a.sheet.flushed()
    await waitUntil(() => la.rowIndexOf(rowId) === -1)
    expect(la.rowIds).not.toContain(rowId)
    a.close()
    // Nobody is left in the room: the server unloads the sheet, pruning the orphan first.
    await waitUntil(() => server.registry.loadedCount === 0)
    const reader = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(reader)
    expect(
      [...sheetTypes(reader.doc).cells.keys()].filter((k) => k.startsWith(`${rowId}:`)),
    ).toEqual([])
    la.destroy()
  })

  it('joining a sheet of another workbook is refused', async () => {
    const one = await rest(url).createWorkbook()
    const two = await rest(url).createWorkbook()
    await expect(openSheetClient(url, one.id, two.sheets[0]!.id, one.token)).rejects.toThrow(
      /no sheet/,
    )
  })
})

describe('catching up after a join', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const providers: SyncProvider[] = []

  beforeEach(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterEach(async () => {
    for (const p of providers.splice(0)) p.destroy()
    await server.close()
    data.remove()
  })

  /**
   * Opens the sheet from a copy that may hold unsynced edits (as the web app does after
   * loading IndexedDB), counting the updates it sends.
   */
  async function reopen(token: string, workbookId: string, sheet: string, copy: Y.Doc) {
    // The same session (client key) for the same token: a reload, not another person.
    const clientKey = `session-of-${token}`.slice(0, 100)
    const provider = new SyncProvider({
      url,
      workbookId,
      token,
      clientKey,
      transports: ['websocket'],
    })
    providers.push(provider)
    let sent = 0
    provider.socket.onAnyOutgoing((event: string) => {
      if (event === EVENTS.update) sent++
    })
    const errors: string[] = []
    provider.on('error', (_doc, error) => void errors.push(error.code))
    const synced = provider.open(sheetDocName(workbookId, sheet), copy, {
      mayHaveUnsyncedState: true,
    })
    await synced.whenSynced()
    await synced.flushed()
    return { sent: () => sent, errors }
  }

  it('a copy that has everything the server has sends nothing, deletions included, for a viewer and an editor', async () => {
    const wb = await rest(url).createWorkbook('catch up')
    const sheet = wb.sheets[0]!.id
    // Overwrites leave deletions in the document's delete set.
    for (const value of ['1', '2', '3']) {
      await rest(url, wb.token).writeCells(wb.id, sheet, { A1: value, B2: value })
    }
    const view = await rest(url, wb.token).createLink(wb.id, 'view')
    const edit = await rest(url, wb.token).createLink(wb.id, 'edit')
    for (const token of [view.token, edit.token]) {
      const copy = new Y.Doc()
      const first = await reopen(token, wb.id, sheet, copy)
      expect(first.sent()).toBe(0)
      // Reopened from the same copy (as after a reload from IndexedDB): still nothing to send.
      const again = await reopen(token, wb.id, sheet, copy)
      expect(again.sent()).toBe(0)
      expect([...first.errors, ...again.errors]).toEqual([])
    }
  })

  it('an editor reopening with an offline deletion sends it', async () => {
    const wb = await rest(url).createWorkbook('offline delete')
    const sheet = wb.sheets[0]!.id
    await rest(url, wb.token).writeCells(wb.id, sheet, { A1: 'gone soon' })
    const copy = new Y.Doc()
    const online = await reopen(wb.token, wb.id, sheet, copy)
    expect(online.sent()).toBe(0)
    for (const p of providers.splice(0)) p.destroy()
    // Deleted while no provider is attached: only the next join can tell the server.
    const t = sheetTypes(copy)
    t.cells.delete(`${t.rows.get(0)}:${t.cols.get(0)}`)
    const back = await reopen(wb.token, wb.id, sheet, copy)
    expect(back.sent()).toBe(1)
    const read = await rest(url, wb.token).readCells(wb.id, sheet, 'A1:A1')
    expect(read.inputs).toEqual([['']])
  })
})
