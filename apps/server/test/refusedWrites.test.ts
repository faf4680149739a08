import { afterEach, describe, expect, it } from 'vitest'
import { sheetTypes } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import { breakableStore } from './support/breakableStore.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

/** The raw input of a cell as the server's REST API reads it. */
async function readCell(url: string, token: string, id: string, sheet: string, a1: string) {
  const res = await rest(url, token).readCells(id, sheet, `${a1}:${a1}`)
  return res.inputs[0]?.[0] ?? ''
}

async function patch(url: string, token: string, id: string, sheet: string, cells: object) {
  const res = await fetch(`${url}/api/workbooks/${id}/sheets/${sheet}/cells`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ cells }),
  })
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } }
}

describe('a write the store refuses', () => {
  let server: CellmateServer | null = null
  let data: ReturnType<typeof tempDataDir> | null = null
  const clients: SheetClient[] = []

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server?.close()
    server = null
    data?.remove()
    data = null
  })

  it('is never seen by anyone, and nothing acknowledged later depends on it (survives a restart)', async () => {
    data = tempDataDir()
    const broken = breakableStore(data.dir)
    let url: string
    ;({ server, url } = await startInProcess(data.dir, 0, { store: broken.store }))
    const wb = await rest(url).createWorkbook('refused writes')
    const sheet = (wb.sheets[0] as { id: string }).id
    expect((await patch(url, wb.token, wb.id, sheet, { A1: 'kept' })).status).toBe(200)
    const watcher = await openSheetClient(url, wb.id, sheet, wb.token)
    clients.push(watcher)

    broken.fail = 'full'
    const refused = await patch(url, wb.token, wb.id, sheet, { B1: 'refused' })
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'STORAGE_FAILED' } } })
    // Neither a REST reader nor a connected client ever sees the refused value.
    expect(await readCell(url, wb.token, wb.id, sheet, 'B1')).toBe('')
    expect([...sheetTypes(watcher.doc).cells.values()]).not.toContain('refused')

    broken.fail = null
    expect((await patch(url, wb.token, wb.id, sheet, { B1: 'acknowledged' })).status).toBe(200)
    expect(await readCell(url, wb.token, wb.id, sheet, 'B1')).toBe('acknowledged')
    // The connected client was moved to the document as stored, and follows it.
    await waitUntil(() => [...sheetTypes(watcher.doc).cells.values()].includes('acknowledged'))

    // After a restart the acknowledged edit is there: it never depended on the refused one.
    watcher.close()
    clients.splice(0)
    await server.close()
    ;({ server, url } = await startInProcess(data.dir))
    expect(await readCell(url, wb.token, wb.id, sheet, 'A1')).toBe('kept')
    expect(await readCell(url, wb.token, wb.id, sheet, 'B1')).toBe('acknowledged')
  })

  it("a client's edit refused while the disk is full is kept pending and lands once it can be stored", async () => {
    data = tempDataDir()
    const broken = breakableStore(data.dir)
    let url: string
    ;({ server, url } = await startInProcess(data.dir, 0, { store: broken.store }))
    const wb = await rest(url).createWorkbook('pending while full')
    const sheet = (wb.sheets[0] as { id: string }).id
    const writer = await openSheetClient(url, wb.id, sheet, wb.token)
    clients.push(writer)
    const t = sheetTypes(writer.doc)
    const key = `${t.rows.get(0)}:${t.cols.get(0)}`

    broken.fail = 'read-only'
    t.cells.set(key, 'typed while full')
    await waitUntil(() => writer.sheet.pending > 0)
    // Refused: the server's copy does not show it.
    const refusedRead = await readCell(url, wb.token, wb.id, sheet, 'A1')
    expect(refusedRead).toBe('')

    broken.fail = null
    await writer.sheet.flushed()
    expect(await readCell(url, wb.token, wb.id, sheet, 'A1')).toBe('typed while full')
  })
})
