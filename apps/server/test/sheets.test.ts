import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, getTitle, listSheets, setCell, workbookDocName } from '@cellmate/model'
import { LIMITS } from '@cellmate/protocol'
import type { CellmateServer } from '../src/index.js'
import { RestError, SyncProvider } from '@cellmate/client'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

describe('REST sheets, rows and columns', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  async function status(p: Promise<unknown>): Promise<[number, string | undefined]> {
    try {
      await p
      return [200, undefined]
    } catch (err) {
      if (err instanceof RestError) return [err.status, err.body?.code]
      throw err
    }
  }

  it('adds, renames, moves, duplicates and deletes sheets', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const first = wb.sheets[0]!
    const added = await api.addSheet(wb.id)
    expect(added.name).toBe('Sheet2')
    const named = await api.addSheet(wb.id, 'Totals')
    expect(await api.updateSheet(wb.id, named.id, { name: 'Summary', position: 1 })).toEqual({
      id: named.id,
      name: 'Summary',
      position: 1,
    })
    await api.writeCells(wb.id, first.id, { B2: 'copied' })
    const copy = await api.duplicateSheet(wb.id, first.id)
    expect(copy.name).toBe('Sheet1 (copy)')
    expect((await api.readCells(wb.id, copy.id, 'B2')).inputs).toEqual([['copied']])
    await api.deleteSheet(wb.id, added.id)
    expect((await api.getWorkbook(wb.id)).sheets.map((s) => s.name)).toEqual([
      'Summary',
      'Sheet1',
      'Sheet1 (copy)',
    ])
    // A new sheet has the default size and can be opened by clients.
    const client = await openSheetClient(url, wb.id, named.id, wb.token)
    const layout = new SheetLayout(client.doc)
    expect([layout.rowCount, layout.colCount]).toEqual([1000, 26])
    client.close()
  })

  it('refuses bad sheet requests with a clear 4xx and changes nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const only = wb.sheets[0]!
    expect(await status(api.deleteSheet(wb.id, only.id))).toEqual([400, 'BAD_REQUEST'])
    expect(await status(api.addSheet(wb.id, 'sheet1'))).toEqual([400, 'BAD_REQUEST'])
    expect(await status(api.addSheet(wb.id, 'a:b'))).toEqual([400, 'BAD_REQUEST'])
    expect(await status(api.updateSheet(wb.id, only.id, {}))).toEqual([400, 'BAD_REQUEST'])
    expect(await status(api.updateSheet(wb.id, only.id, { position: 3 }))).toEqual([
      400,
      'BAD_REQUEST',
    ])
    expect(await status(api.updateSheet(wb.id, 'nope', { name: 'x' }))).toEqual([404, 'NOT_FOUND'])
    expect(await status(api.addSheet('nope'))).toEqual([404, 'NOT_FOUND'])
    expect((await api.getWorkbook(wb.id)).sheets).toEqual([only])
  })

  it('inserts and deletes rows and columns; cells stay with their rows', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const s = wb.sheets[0]!.id
    await api.writeCells(wb.id, s, { A1: 'one', A2: 'two', A3: 'three', B1: 'b', C1: 'c' })
    expect(await api.insertRows(wb.id, s, 2, 2)).toEqual({ rowCount: 1002, colCount: 26 })
    expect((await api.readCells(wb.id, s, 'A1:A5')).inputs.flat()).toEqual([
      'one',
      '',
      '',
      'two',
      'three',
    ])
    expect(await api.deleteRows(wb.id, s, 2, 3)).toEqual({ rowCount: 999, colCount: 26 })
    expect((await api.readCells(wb.id, s, 'A1:A2')).inputs.flat()).toEqual(['one', 'three'])
    await api.insertCols(wb.id, s, 'B', 1)
    expect((await api.readCells(wb.id, s, 'A1:D1')).inputs.flat()).toEqual(['one', '', 'b', 'c'])
    expect(await api.deleteCols(wb.id, s, 3, 1)).toEqual({ rowCount: 999, colCount: 26 })
    expect((await api.readCells(wb.id, s, 'A1:C1')).inputs.flat()).toEqual(['one', '', 'c'])
  })

  it('refuses structural requests past the limits or outside the sheet, changing nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const s = wb.sheets[0]!.id
    const cases: Array<[Promise<unknown>, number, string]> = [
      [api.insertRows(wb.id, s, 1, 1_048_576), 400, 'LIMIT_EXCEEDED'],
      [api.insertRows(wb.id, s, 1, 2_000_000), 400, 'BAD_REQUEST'],
      [api.insertRows(wb.id, s, 1002, 1), 400, 'BAD_REQUEST'],
      [api.insertRows(wb.id, s, 0, 1), 400, 'BAD_REQUEST'],
      [api.deleteRows(wb.id, s, 1, 1000), 400, 'BAD_REQUEST'],
      [api.deleteRows(wb.id, s, 999, 5), 400, 'BAD_REQUEST'],
      [api.insertCols(wb.id, s, 'XFD', 1), 400, 'BAD_REQUEST'],
      [api.insertCols(wb.id, s, 'A', 16_359), 400, 'LIMIT_EXCEEDED'],
      [api.insertCols(wb.id, s, 'A1', 1), 400, 'BAD_REQUEST'],
      [api.deleteCols(wb.id, 'nope', 'A', 1), 404, 'NOT_FOUND'],
    ]
    for (const [call, code, errorCode] of cases)
      expect(await status(call)).toEqual([code, errorCode])
    const client = await openSheetClient(url, wb.id, s, wb.token)
    const layout = new SheetLayout(client.doc)
    expect([layout.rowCount, layout.colCount]).toEqual([1000, 26])
    client.close()
  })

  it('someone typing in row 40 while rows are inserted above sees the text in row 43', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const s = wb.sheets[0]!.id
    const typist = await openSheetClient(url, wb.id, s, wb.token)
    const layout = new SheetLayout(typist.doc)
    typist.provider.disconnect()
    setCell(typist.doc, layout.rowId(39)!, layout.colId(0)!, 'typed in row 40')
    await api.insertRows(wb.id, s, 1, 3)
    typist.provider.connect()
    await typist.sheet.flushed()
    await waitUntil(() => layout.rowCount === 1003)
    expect(layout.cellAt(42, 0)).toBe('typed in row 40')
    expect((await api.readCells(wb.id, s, 'A43')).inputs).toEqual([['typed in row 40']])
    typist.close()
  })
})

describe('sheet operations over the socket (add, duplicate, delete, restore)', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const providers: SyncProvider[] = []

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    for (const p of providers) p.destroy()
    await server.close()
    data.remove()
  })

  /** A connection to a workbook with its workbook document open and synced. */
  async function connect(workbookId: string, token: string) {
    const provider = new SyncProvider({ url, workbookId, token, transports: ['websocket'] })
    providers.push(provider)
    const workbook = new Y.Doc()
    await provider.open(workbookDocName(workbookId), workbook).whenSynced()
    return { provider, workbook }
  }

  it('an editor adds, duplicates, deletes and restores sheets; the server issues the ids', async () => {
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const edit = await rest(url, wb.token).createLink(wb.id, 'edit')
    const { provider, workbook } = await connect(wb.id, edit.token)

    const added = await provider.sheetOp({ op: 'add' })
    expect(added.name).toBe('Sheet2')
    expect(added.id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    // The workbook document's change arrives before the answer.
    expect(listSheets(workbook).map((s) => s.id)).toEqual([wb.sheets[0]!.id, added.id])
    const named = await provider.sheetOp({ op: 'add', name: ' Totals ', index: 0 })
    expect(named.name).toBe('Totals')

    await api.writeCells(wb.id, added.id, { B2: 'kept' })
    const copy = await provider.sheetOp({ op: 'duplicate', sheetId: added.id })
    expect(copy.name).toBe('Sheet2 (copy)')
    expect((await api.readCells(wb.id, copy.id, 'B2')).inputs).toEqual([['kept']])
    expect(listSheets(workbook).map((s) => s.name)).toEqual([
      'Totals',
      'Sheet1',
      'Sheet2',
      'Sheet2 (copy)',
    ])

    expect(await provider.sheetOp({ op: 'delete', sheetId: added.id })).toEqual(added)
    expect((await api.getWorkbook(wb.id)).sheets.map((s) => s.id)).not.toContain(added.id)
    await expect(api.readCells(wb.id, added.id, 'B2')).rejects.toMatchObject({ status: 404 })
    // An undo: the sheet comes back where it was, with what it held.
    await provider.sheetOp({ op: 'restore', sheetId: added.id, name: 'Sheet2', index: 2 })
    expect(listSheets(workbook).map((s) => s.name)).toEqual([
      'Totals',
      'Sheet1',
      'Sheet2',
      'Sheet2 (copy)',
    ])
    expect((await api.readCells(wb.id, added.id, 'B2')).inputs).toEqual([['kept']])
    // Restoring a live sheet, or one that was never deleted, is refused.
    await expect(
      provider.sheetOp({ op: 'restore', sheetId: added.id, name: 'x', index: 0 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses bad names, deleting the last sheet and the 201st sheet, changing nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const { provider, workbook } = await connect(wb.id, wb.token)
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (err: { code?: string }) => err.code,
      )
    expect(await refusal(provider.sheetOp({ op: 'add', name: 'x'.repeat(101) }))).toBe(
      'BAD_REQUEST',
    )
    for (const name of ['a:b', 'what?', '   ', 'sheet1']) {
      expect(await refusal(provider.sheetOp({ op: 'add', name })), name).toBe('BAD_REQUEST')
    }
    expect(await refusal(provider.sheetOp({ op: 'delete', sheetId: wb.sheets[0]!.id }))).toBe(
      'BAD_REQUEST',
    )
    expect(listSheets(workbook)).toEqual(wb.sheets)

    for (let n = 2; n <= LIMITS.maxSheets; n++) await provider.sheetOp({ op: 'add' })
    expect(listSheets(workbook)).toHaveLength(LIMITS.maxSheets)
    expect(await refusal(provider.sheetOp({ op: 'add' }))).toBe('LIMIT_EXCEEDED')
    expect(await refusal(provider.sheetOp({ op: 'duplicate', sheetId: wb.sheets[0]!.id }))).toBe(
      'LIMIT_EXCEEDED',
    )
    expect((await rest(url, wb.token).getWorkbook(wb.id)).sheets).toHaveLength(LIMITS.maxSheets)
    expect((await server.store.listSheets(wb.id)).length).toBe(LIMITS.maxSheets)
  })

  it("a viewer's sheet operations are refused and change nothing", async () => {
    const wb = await rest(url).createWorkbook()
    const view = await rest(url, wb.token).createLink(wb.id, 'view')
    const { provider } = await connect(wb.id, view.token)
    for (const request of [
      { op: 'add' },
      { op: 'duplicate', sheetId: wb.sheets[0]!.id },
      { op: 'delete', sheetId: wb.sheets[0]!.id },
    ] as const) {
      await expect(provider.sheetOp(request)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
    expect((await rest(url, wb.token).getWorkbook(wb.id)).sheets).toEqual(wb.sheets)
    expect(await server.store.listSheets(wb.id)).toHaveLength(1)
  })

  it('an editor renames the workbook over REST and an open tab sees the new title; a viewer cannot', async () => {
    const wb = await rest(url).createWorkbook('Budget')
    const edit = await rest(url, wb.token).createLink(wb.id, 'edit')
    const view = await rest(url, wb.token).createLink(wb.id, 'view')
    const { workbook } = await connect(wb.id, view.token)
    expect(await rest(url, edit.token).renameWorkbook(wb.id, '  Budget 2027 ')).toEqual({
      id: wb.id,
      title: 'Budget 2027',
    })
    await waitUntil(() => getTitle(workbook) === 'Budget 2027')
    await expect(rest(url, view.token).renameWorkbook(wb.id, 'Mine')).rejects.toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    })
    await expect(rest(url, edit.token).renameWorkbook(wb.id, '   ')).rejects.toMatchObject({
      status: 400,
    })
    const tooLong = 'x'.repeat(LIMITS.maxTitleChars + 1)
    await expect(rest(url, edit.token).renameWorkbook(wb.id, tooLong)).rejects.toMatchObject({
      status: 400,
    })
    expect((await rest(url, wb.token).getWorkbook(wb.id)).title).toBe('Budget 2027')
  })

  it('two editors adding sheets at once both get theirs, with distinct ids and names', async () => {
    const wb = await rest(url).createWorkbook()
    const one = await connect(wb.id, wb.token)
    const two = await connect(wb.id, wb.token)
    const added = await Promise.all([
      one.provider.sheetOp({ op: 'add' }),
      two.provider.sheetOp({ op: 'add' }),
      one.provider.sheetOp({ op: 'add' }),
    ])
    expect(new Set(added.map((s) => s.id)).size).toBe(3)
    expect(new Set(added.map((s) => s.name)).size).toBe(3)
    await waitUntil(() => listSheets(two.workbook).length === 4)
    expect(listSheets(one.workbook)).toEqual(listSheets(two.workbook))
  })
})

describe('configurable sheet limits', () => {
  it('a server started with MAX_ROWS/MAX_COLS refuses to grow a sheet past them', async () => {
    const data = tempDataDir()
    const { server, url } = await startInProcess(data.dir, 0, {
      sheetLimits: { maxRows: 1005, maxCols: 30 },
    })
    try {
      const wb = await rest(url).createWorkbook()
      const api = rest(url, wb.token)
      const s = wb.sheets[0]!.id
      await expect(api.insertRows(wb.id, s, 1, 5)).resolves.toEqual({
        rowCount: 1005,
        colCount: 26,
      })
      await expect(api.insertRows(wb.id, s, 1, 1)).rejects.toMatchObject({
        status: 400,
        body: { code: 'LIMIT_EXCEEDED' },
      })
      await expect(api.insertCols(wb.id, s, 'A', 5)).rejects.toMatchObject({ status: 400 })
      await expect(api.writeCells(wb.id, s, { AE1: 'x' })).rejects.toMatchObject({ status: 400 })
      await expect(api.writeCells(wb.id, s, { AD1005: 'fits' })).resolves.toEqual({ updated: 1 })
    } finally {
      await server.close()
      data.remove()
    }
  })
})
