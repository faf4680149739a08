import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import type { SheetPreview } from '@cellmate/protocol'
import { SheetLayout, setFormat, sheetDocName } from '@cellmate/model'
import { openSheetClient, rest, serverForSuite } from './support/testServer.js'

/**
 * Opening a big sheet: the server sends its first screen before the whole state, and the state
 * in slices the client applies one task at a time (issue 19).
 */
describe('first screen and sliced state at join', () => {
  const suite = serverForSuite()

  async function bigSheet(): Promise<{ workbookId: string; sheetId: string; token: string }> {
    const wb = await rest(suite.url).createWorkbook('big')
    const sheetId = wb.sheets[0]!.id
    const cells: Record<string, string> = {}
    for (let r = 1; r <= 1000; r++) {
      for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'])
        cells[`${c}${r}`] = `${c}${r}`
    }
    cells['B2'] = '=A2&"!"'
    await rest(suite.url, wb.token).writeCells(wb.id, sheetId, cells)
    const writer = await openSheetClient(suite.url, wb.id, sheetId, wb.token)
    const layout = new SheetLayout(writer.doc)
    setFormat(writer.doc, { start: { row: 0, col: 0 }, end: { row: 0, col: 1 } }, 'bold', true)
    await writer.sheet.flushed()
    layout.destroy()
    writer.close()
    return { workbookId: wb.id, sheetId, token: wb.token }
  }

  it('a newcomer gets the top-left block first, then the whole sheet in slices', async () => {
    const { workbookId, sheetId, token } = await bigSheet()
    const provider = new SyncProvider({
      url: suite.url,
      workbookId,
      token,
      transports: ['websocket'],
    })
    try {
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      const synced = provider.open(sheetDocName(workbookId, sheetId), doc, {
        slices: true,
        preview: true,
      })
      const previews: SheetPreview[] = []
      let parts = 0
      provider.socket.on('join-part', () => parts++)
      let cellsAtPreview = -1
      synced.watchPreview((p) => {
        previews.push(p)
        cellsAtPreview = new SheetLayout(doc).rowCount
      })
      await synced.whenSynced()
      expect(previews).toHaveLength(1)
      const preview = previews[0]!
      // It came before any of the state.
      expect(cellsAtPreview).toBe(0)
      expect(preview.rows).toBe(1000)
      expect(preview.cols).toBeGreaterThanOrEqual(10)
      expect(preview.cells[0]!.slice(0, 3)).toEqual(['A1', 'B1', 'C1'])
      expect(preview.cells[59]![9]).toBe('J60')
      expect(preview.cells).toHaveLength(60)
      expect(preview.cellEntries).toBe(10_000)
      // A formula's value needs the engine: its cell is left blank.
      expect(preview.cells[1]![1]).toBe('')
      expect(preview.formats).toEqual([
        [0, 0, { bold: true }],
        [0, 1, { bold: true }],
      ])
      // 10,000 cells arrive in several updates, after the ack in messages of their own (one
      // message of a whole big sheet blocks a browser while it arrives), and make the same
      // sheet as the server's.
      expect(updates.length).toBeGreaterThan(2)
      expect(parts).toBeGreaterThanOrEqual(1)
      const layout = new SheetLayout(doc)
      expect(layout.cellAt(999, 9)).toBe('J1000')
      expect(layout.cellAt(1, 1).startsWith('=')).toBe(true)
      expect(synced.preview).toBeNull()
      layout.destroy()
    } finally {
      provider.destroy()
    }
  })

  it('a small sheet gets no preview: its state comes at once', async () => {
    const wb = await rest(suite.url).createWorkbook('small')
    const sheetId = wb.sheets[0]!.id
    await rest(suite.url, wb.token).writeCells(wb.id, sheetId, { A1: 'small' })
    const provider = new SyncProvider({
      url: suite.url,
      workbookId: wb.id,
      token: wb.token,
      transports: ['websocket'],
    })
    try {
      const synced = provider.open(sheetDocName(wb.id, sheetId), new Y.Doc(), {
        slices: true,
        preview: true,
      })
      let previews = 0
      synced.watchPreview(() => previews++)
      await synced.whenSynced()
      expect(previews).toBe(0)
      expect(new SheetLayout(synced.doc).cellAt(0, 0)).toBe('small')
    } finally {
      provider.destroy()
    }
  })

  it('a client that already holds the sheet gets no preview, and a plain join one update', async () => {
    const { workbookId, sheetId, token } = await bigSheet()
    const first = await openSheetClient(suite.url, workbookId, sheetId, token)
    const state = Y.encodeStateAsUpdate(first.doc)
    first.close()
    const provider = new SyncProvider({
      url: suite.url,
      workbookId,
      token,
      transports: ['websocket'],
    })
    try {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state)
      const synced = provider.open(sheetDocName(workbookId, sheetId), doc, {
        slices: true,
        preview: true,
      })
      let previews = 0
      synced.watchPreview(() => previews++)
      await synced.whenSynced()
      expect(previews).toBe(0)
    } finally {
      provider.destroy()
    }
    const plain = await openSheetClient(suite.url, workbookId, sheetId, token)
    expect(new SheetLayout(plain.doc).cellAt(999, 9)).toBe('J1000')
    plain.close()
  })
})
