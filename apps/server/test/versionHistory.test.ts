import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, formatA1, moveRows, setCell, sheetDocName } from '@cellmate/model'
import { RestError } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'
import { blockAddress, pasteBlock } from './support/pastedBlock.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

describe('version history', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let clock: number
  const clients: SheetClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    clock = Date.UTC(2026, 0, 5, 9, 0)
    ;({ server, url } = await startInProcess(data.dir, 0, { now: () => clock }))
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
    data.remove()
  })

  async function open(workbookId: string, sheetId: string, token: string): Promise<SheetClient> {
    const c = await openSheetClient(url, workbookId, sheetId, token)
    clients.push(c)
    return c
  }

  function type(c: SheetClient, row: number, col: number, value: string): void {
    const layout = new SheetLayout(c.doc)
    setCell(c.doc, layout.rowId(row)!, layout.colId(col)!, value)
    layout.destroy()
  }

  function cellAt(doc: Y.Doc, row: number, col: number): string {
    const layout = new SheetLayout(doc)
    try {
      return layout.cellAt(row, col)
    } finally {
      layout.destroy()
    }
  }

  it('a named version reads back as it was, and lists who took part and what changed', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Budget')
    const api = owner.withToken(wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, { A1: 'monday', B1: '=A1&"!"' })
    const monday = await api.createVersion(wb.id, 'Monday')
    expect(monday.label).toBe('Monday')
    expect(monday.summary).toEqual([{ sheetId, name: 'Sheet1', cellsChanged: 2 }])
    expect(monday.participants).toEqual([{ name: null, linkId: null }])

    clock += MINUTE
    await api.writeCells(wb.id, sheetId, { A1: 'tuesday', C3: 'new' })
    const then = await api.readCells(wb.id, sheetId, 'A1:C3', { version: monday.id })
    expect(then.inputs[0]).toEqual(['monday', '=A1&"!"', ''])
    expect(then.values[0]).toEqual(['monday', 'monday!', null])
    expect(then.inputs[2]).toEqual(['', '', ''])

    const changes = await api.versionChanges(wb.id, monday.id, sheetId)
    expect(changes.changes.map((c) => [c.address, c.then, c.now]).sort()).toEqual([
      ['A1', 'monday', 'tuesday'],
      ['C3', '', 'new'],
    ])
    expect(changes.changes.every((c) => c.changedBy.includes('the owner'))).toBe(true)
  })

  it('restore while two others type: everyone converges to the version plus their later edits', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Restore')
    const api = owner.withToken(wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, { A1: 'v1', A2: 'v1', A3: 'v1' })
    const v1 = await api.createVersion(wb.id, 'v1')
    await api.writeCells(wb.id, sheetId, { A1: 'v2', A2: 'v2', A3: 'v2', B5: 'v2' })

    const editor = (await api.createLink(wb.id, 'edit')).token
    const b = await open(wb.id, sheetId, editor)
    const c = await open(wb.id, sheetId, editor)
    // b and c type in rows the version left empty while the restore runs.
    const typing = (async () => {
      for (let i = 0; i < 20; i++) {
        type(b, 10 + i, 0, `b${i}`)
        type(c, 10 + i, 1, `c${i}`)
        await new Promise((r) => setImmediate(r))
      }
    })()
    const restored = await api.restoreVersion(wb.id, v1.id, { name: 'Ana' })
    await typing
    expect(restored.restorePoint.kind).toBe('restore')
    // After the restore, each types one more edit.
    type(b, 40, 0, 'b-after')
    type(c, 41, 0, 'c-after')
    await b.sheet.flushed()
    await c.sheet.flushed()

    const expected = (doc: Y.Doc): boolean =>
      cellAt(doc, 0, 0) === 'v1' &&
      cellAt(doc, 4, 1) === '' &&
      cellAt(doc, 29, 0) === 'b19' &&
      cellAt(doc, 29, 1) === 'c19' &&
      cellAt(doc, 40, 0) === 'b-after' &&
      cellAt(doc, 41, 0) === 'c-after'
    await waitUntil(() => expected(b.doc) && expected(c.doc))
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(c.doc))
    const read = await api.readCells(wb.id, sheetId, 'A1:B3')
    expect(read.inputs).toEqual([
      ['v1', ''],
      ['v1', ''],
      ['v1', ''],
    ])

    // Undoing the restore brings back what it changed; the typing of b and c is kept.
    await api.restoreVersion(wb.id, restored.restorePoint.id, { undo: true })
    await waitUntil(() => cellAt(b.doc, 0, 0) === 'v2' && cellAt(b.doc, 4, 1) === 'v2')
    expect(cellAt(b.doc, 40, 0)).toBe('b-after')
  })

  it('restore brings back sheets, names and tab order', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Sheets')
    const api = owner.withToken(wb.token)
    const first = wb.sheets[0]!.id
    const second = await api.addSheet(wb.id, 'Q2')
    const before = await api.createVersion(wb.id, 'two sheets')
    await api.updateSheet(wb.id, first, { name: 'Renamed' })
    await api.deleteSheet(wb.id, second.id)
    await api.addSheet(wb.id, 'Later')
    await api.restoreVersion(wb.id, before.id)
    const after = await api.getWorkbook(wb.id)
    expect(after.sheets).toEqual([
      { id: first, name: 'Sheet1' },
      { id: second.id, name: 'Q2' },
    ])
  })

  it('an automatic version is taken once editing has been quiet, at most one per busy stretch', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Auto')
    const sheetId = wb.sheets[0]!.id
    const a = await open(wb.id, sheetId, wb.token)
    type(a, 0, 0, 'x')
    await a.sheet.flushed()
    const api = owner.withToken(wb.token)
    await server.versionSchedule.check()
    expect(await api.listVersions(wb.id)).toEqual([])
    clock += 5 * MINUTE
    await server.versionSchedule.check()
    let versions = await api.listVersions(wb.id)
    expect(versions).toHaveLength(1)
    expect(versions[0]!.kind).toBe('auto')
    // Busy: an edit every minute for an hour gives one version per 30 minutes.
    for (let i = 0; i < 60; i++) {
      clock += MINUTE
      type(a, 1, 0, `busy${i}`)
      await a.sheet.flushed()
      await server.versionSchedule.check()
    }
    versions = await api.listVersions(wb.id)
    expect(versions).toHaveLength(3)
    expect(versions.at(-1)!.summary).toEqual([{ sheetId, name: 'Sheet1', cellsChanged: 1 }])
  })

  it('compaction and retention keep every version inside retention; older ones thin out to one a day', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Retention')
    const api = owner.withToken(wb.token)
    const sheetId = wb.sheets[0]!.id
    const taken = []
    // Three versions a day for 40 days.
    for (let day = 0; day < 40; day++) {
      for (let i = 0; i < 3; i++) {
        clock += 3 * 60 * MINUTE
        await api.writeCells(wb.id, sheetId, { A1: `d${day}v${i}` })
        taken.push(await api.createVersion(wb.id, `d${day}v${i}`).then((v) => v))
      }
      clock += DAY - 9 * 60 * MINUTE
    }
    // Compaction of the update log (an unloaded document is compacted).
    const name = sheetDocName(wb.id, sheetId)
    await waitUntil(async () => (await server.store.countEntries(name)) === 1)
    // Named versions are kept forever: the automatic ones are what retention thins.
    for (let i = 0; i < 6; i++) {
      clock += MINUTE
      await api.writeCells(wb.id, sheetId, { B1: `auto${i}` })
      await server.versions.take(wb.id, 'auto')
    }
    clock += 45 * DAY
    await api.writeCells(wb.id, sheetId, { C1: 'later' })
    const latest = await server.versions.take(wb.id, 'auto')
    const versions = await api.listVersions(wb.id)
    expect(versions.filter((v) => v.kind === 'named')).toHaveLength(taken.length)
    // The six automatic versions of one day keep one; the newest stays.
    expect(versions.filter((v) => v.kind === 'auto').map((v) => v.id)).toHaveLength(2)
    expect(versions.at(-1)!.id).toBe(latest.id)
    // Every version still there reads back (deltas rebased when their base went).
    for (const v of [taken[0]!, taken[60]!, taken.at(-1)!]) {
      const read = await api.readCells(wb.id, sheetId, 'A1', { version: v.id })
      expect(read.inputs[0]![0]).toBe(v.label)
    }
    const auto = versions.filter((v) => v.kind === 'auto')[0]!
    const read = await api.readCells(wb.id, sheetId, 'B1', { version: auto.id })
    expect(read.inputs[0]![0]).toBe('auto5')
  })

  it("a cell's history follows its row through moves, newest first with who and when", async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Cell history')
    const api = owner.withToken(wb.token)
    const sheetId = wb.sheets[0]!.id
    const editorLink = await api.createLink(wb.id, 'edit')
    const a = await open(wb.id, sheetId, editorLink.token)
    a.sheet.awareness.setLocalState({ user: { id: 'u1', name: 'Ana' } })
    await waitUntil(() =>
      server.registry.use(sheetDocName(wb.id, sheetId), (e) => e.awareness.getStates().size > 0),
    )
    type(a, 2, 1, 'first')
    await a.sheet.flushed()
    clock += MINUTE
    await api.writeCells(wb.id, sheetId, { B3: 'second' })
    clock += MINUTE
    type(a, 2, 1, '')
    await a.sheet.flushed()
    // Row 3 moves down: its cell B3 is now further down.
    const layout = new SheetLayout(a.doc)
    const rowId = layout.rowId(2)!
    moveRows(a.doc, 2, 1, 8)
    const moved = formatA1({ row: layout.rowIndexOf(rowId), col: 1 })
    layout.destroy()
    expect(moved).not.toBe('B3')
    await a.sheet.flushed()
    const history = await api.cellHistory(wb.id, sheetId, moved)
    expect(history.edits.map((e) => [e.value, e.name, e.linkId, e.source])).toEqual([
      [null, 'Ana', editorLink.id, 'socket'],
      ['second', null, null, 'rest'],
      ['first', 'Ana', editorLink.id, 'socket'],
    ])
    expect(history.edits[0]!.at).toBeGreaterThan(history.edits[2]!.at)
    expect((await api.cellHistory(wb.id, sheetId, 'B3')).edits).toEqual([])
  })

  it('every cell of a big paste has its history, though the paste is recorded a run of entries at a time', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Paste history')
    const api = owner.withToken(wb.token)
    const sheetId = wb.sheets[0]!.id
    const a = await open(wb.id, sheetId, wb.token)
    // 5,000 cells, 25 a row: more than two of Yjs's runs of 2,048 entries.
    pasteBlock(a.doc, 'p', 5000)
    await a.sheet.flushed()
    // One change: every cell of it at one time.
    const ats = new Set<number>()
    for (const i of [0, 2047, 2048, 4095, 4096, 4999]) {
      const history = await api.cellHistory(wb.id, sheetId, blockAddress(i))
      expect(history.edits.map((e) => [e.value, e.source])).toEqual([[`p${i}`, 'socket']])
      for (const e of history.edits) ats.add(e.at)
    }
    expect(ats.size).toBe(1)
  })

  it('viewers read history only when the owner allows it; only owners and editors restore', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Access')
    const api = owner.withToken(wb.token)
    const v = await api.createVersion(wb.id, 'v')
    const viewer = rest(url, (await api.createLink(wb.id, 'view')).token)
    const editor = rest(url, (await api.createLink(wb.id, 'edit')).token)
    await expect(viewer.listVersions(wb.id)).rejects.toMatchObject({ status: 403 })
    await expect(editor.updateSettings(wb.id, { viewersSeeHistory: true })).rejects.toBeInstanceOf(
      RestError,
    )
    await api.updateSettings(wb.id, { viewersSeeHistory: true })
    expect(await viewer.listVersions(wb.id)).toHaveLength(1)
    await expect(viewer.restoreVersion(wb.id, v.id)).rejects.toMatchObject({ status: 403 })
    await expect(viewer.createVersion(wb.id, 'no')).rejects.toMatchObject({ status: 403 })
    expect((await editor.restoreVersion(wb.id, v.id)).restored.id).toBe(v.id)
  })

  it('copy this version makes a new workbook with its sheets and cross-sheet formulas', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook('Original')
    const api = owner.withToken(wb.token)
    const first = wb.sheets[0]!.id
    const second = await api.addSheet(wb.id, 'Data')
    await api.writeCells(wb.id, second.id, { A1: '41' })
    await api.writeCells(wb.id, first, { A1: '=Data!A1+1' })
    const v = await api.createVersion(wb.id, 'Q3 close')
    await api.writeCells(wb.id, second.id, { A1: '0' })
    const copy = await api.copyVersion(wb.id, v.id)
    expect(copy.title).toBe('Copy of Q3 close')
    const copied = owner.withToken(copy.token)
    const read = await copied.getWorkbook(copy.id)
    expect(read.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Data'])
    expect(read.sheets.every((s) => s.id !== first && s.id !== second.id)).toBe(true)
    const cells = await copied.readCells(copy.id, read.sheets[0]!.id, 'A1')
    expect(cells.inputs[0]).toEqual(['=Data!A1+1'])
    expect(cells.values[0]).toEqual([42])
  })
})
