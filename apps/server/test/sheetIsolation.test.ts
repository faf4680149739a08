import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { wireParser } from '@cellmate/client/wire'
import { RestError, type CreatedWorkbook } from '@cellmate/client'
import { addSheet, sheetDocName, workbookDocName } from '@cellmate/model'
import { EVENTS, PROTOCOL_VERSION, SYNC_NAMESPACE } from '@cellmate/protocol'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Issue 13, item 1: a past viewer of workbook B creates workbook A, puts B's sheet id into A's
 * workbook document, and tries every route to B's sheet through A. Which sheets a workbook has
 * is the server's record, never its document, so every one of them must fail — and B's sheet
 * must be untouched.
 */
describe("a past viewer cannot reach another workbook's sheet", () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let victim: CreatedWorkbook
  let victimSheet: string
  let attacker: CreatedWorkbook
  let socket: Socket

  async function status(p: Promise<unknown>): Promise<number | 'ok'> {
    try {
      await p
      return 'ok'
    } catch (err) {
      if (err instanceof RestError) return err.status
      throw err
    }
  }

  function emit(event: string, payload: unknown): Promise<unknown> {
    return socket.timeout(5000).emitWithAck(event, payload)
  }

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
    victim = await rest(url).createWorkbook('B')
    const owner = rest(url, victim.token)
    victimSheet = victim.sheets[0]!.id
    await owner.writeCells(victim.id, victimSheet, { A1: 'B secret' })
    // The attacker once had a view link to B: it learnt B's sheet id, then lost access.
    const view = await owner.createLink(victim.id, 'view')
    const seen = await rest(url, view.token).getWorkbook(victim.id)
    expect(seen.sheets.map((s) => s.id)).toEqual([victimSheet])
    await owner.revokeLink(victim.id, view.id)

    attacker = await rest(url).createWorkbook('A')
    // The worst case: B's id written into A's workbook document (here by a trusted server
    // change, as if the update check had let it through, or an old store held it).
    await server.registry.use(workbookDocName(attacker.id), (wb) =>
      server.registry.change(wb, (doc) => addSheet(doc, { id: victimSheet, name: 'Stolen' })),
    )
    socket = io(`${url}${SYNC_NAMESPACE}`, {
      auth: { workbookId: attacker.id, token: attacker.token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      parser: wireParser,
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
  })

  afterAll(async () => {
    socket?.disconnect()
    await server.close()
    data.remove()
  })

  it('sheet ids are 128 random bits: 22 base64url characters, different every time', () => {
    const ids = [victimSheet, attacker.sheets[0]!.id]
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(new Set(ids).size).toBe(2)
  })

  it("A's listing shows only A's own sheet", async () => {
    const listed = await rest(url, attacker.token).getWorkbook(attacker.id)
    expect(listed.sheets.map((s) => s.id)).toEqual([attacker.sheets[0]!.id])
  })

  it('REST reads, writes, structure and CSV export of the sheet through A answer 404', async () => {
    const api = rest(url, attacker.token)
    expect(await status(api.readCells(attacker.id, victimSheet, 'A1'))).toBe(404)
    expect(await status(api.writeCells(attacker.id, victimSheet, { A1: 'defaced' }))).toBe(404)
    expect(await status(api.insertRows(attacker.id, victimSheet, 1, 1))).toBe(404)
    expect(await status(api.exportCsv(attacker.id, victimSheet))).toBe(404)
    expect(await status(api.duplicateSheet(attacker.id, victimSheet))).toBe(404)
    expect(await status(api.deleteSheet(attacker.id, victimSheet))).toBe(404)
    expect(await status(api.updateSheet(attacker.id, victimSheet, { name: 'Mine' }))).toBe(404)
  })

  it("A's XLSX export holds A's sheet only, and a formula naming the stolen tab reads nothing", async () => {
    const api = rest(url, attacker.token)
    await api.writeCells(attacker.id, attacker.sheets[0]!.id, { A1: '=Stolen!A1&""' })
    const { values } = await api.readCells(attacker.id, attacker.sheets[0]!.id, 'A1')
    expect(values[0]![0]).not.toBe('B secret')
    const file = await api.exportXlsx(attacker.id)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await file.blob.arrayBuffer()) as unknown as ExcelJS.Buffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(['Sheet1'])
    const text: string[] = []
    book.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => text.push(cell.text))))
    expect(text.join(' ')).not.toContain('B secret')
  })

  it('socket: joining the sheet under A is refused, and B is not nameable from A', async () => {
    const sv = new Uint8Array([0])
    expect(
      await emit(EVENTS.join, { doc: sheetDocName(attacker.id, victimSheet), stateVector: sv }),
    ).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect(
      await emit(EVENTS.join, { doc: sheetDocName(victim.id, victimSheet), stateVector: sv }),
    ).toMatchObject({ error: { code: 'FORBIDDEN' } })
    expect(await emit(EVENTS.join, { doc: `sheet:${victimSheet}`, stateVector: sv })).toMatchObject(
      { error: { code: 'BAD_REQUEST' } },
    )
    const update = Y.encodeStateAsUpdate(new Y.Doc())
    expect(
      await emit(EVENTS.update, { doc: sheetDocName(victim.id, victimSheet), update }),
    ).toMatchObject({ error: { code: 'NOT_JOINED' } })
  })

  it('socket: sheet operations on the sheet through A are refused', async () => {
    for (const op of ['duplicate', 'delete'] as const) {
      expect(await emit(EVENTS.sheetOp, { op, sheetId: victimSheet })).toMatchObject({
        error: { code: 'NOT_FOUND' },
      })
    }
    expect(
      await emit(EVENTS.sheetOp, { op: 'restore', sheetId: victimSheet, name: 'B', index: 0 }),
    ).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it("B's sheet is untouched and still B's", async () => {
    const owner = rest(url, victim.token)
    expect((await owner.readCells(victim.id, victimSheet, 'A1')).inputs).toEqual([['B secret']])
    expect((await owner.getWorkbook(victim.id)).sheets.map((s) => s.id)).toEqual([victimSheet])
    expect(await server.store.countEntries(sheetDocName(attacker.id, victimSheet))).toBe(0)
  })
})
