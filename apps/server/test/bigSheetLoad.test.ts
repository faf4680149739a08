import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetCells, SheetLayout, setCells, sheetDocName } from '@cellmate/model'
import { SqliteStore } from '../src/index.js'
import { STORED_SLICE_LENGTH } from '../src/sync/stateSlices.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

/** Every cell of the default sheet (1,000 rows × 26 columns): more than one stored slice. */
async function fillSheet(url: string, workbookId: string, sheetId: string, token: string) {
  const writer = await openSheetClient(url, workbookId, sheetId, token)
  const layout = new SheetLayout(writer.doc)
  const cells = []
  for (let r = 0; r < layout.rowCount; r++) {
    for (let c = 0; c < layout.colCount; c++) {
      cells.push({
        rowId: layout.rowId(r) as string,
        colId: layout.colId(c) as string,
        value: `v${r}.${c}`,
      })
    }
  }
  layout.destroy()
  setCells(writer.doc, cells)
  await writer.provider.flushed()
  writer.close()
  return cells.length
}

describe('a big sheet is stored compacted in slices and loaded a slice at a time', () => {
  it('compaction stores slices that apply in order; a cold load lets the event loop run between them', async () => {
    const data = tempDataDir()
    let started = await startInProcess(data.dir)
    try {
      const owner = rest(started.url)
      const wb = await owner.createWorkbook('Big')
      const sheetId = wb.sheets[0]!.id
      const name = sheetDocName(wb.id, sheetId)
      const count = await fillSheet(started.url, wb.id, sheetId, wb.token)
      expect(count).toBeGreaterThan(STORED_SLICE_LENGTH)
      // Unloaded once nobody uses it (50 ms in tests), and compacted then.
      await waitUntil(() => started.server.registry.peek(name) === undefined)
      const entries = await started.server.store.countEntries(name)
      expect(entries).toBeGreaterThan(2)
      await started.server.close()

      // What the store holds, applied entry by entry as a load does: never waiting on a later one.
      const store = new SqliteStore(data.dir)
      const stored = await store.loadDoc(name)
      await store.close()
      expect(stored.updates.length).toBe(entries)
      const replay = new Y.Doc()
      for (const u of stored.updates) {
        Y.applyUpdate(replay, u)
        expect(replay.store.pendingStructs).toBeNull()
      }

      started = await startInProcess(data.dir)
      // A cold load, counting the turns the event loop got meanwhile.
      let turns = 0
      const ticking = setInterval(() => turns++, 0)
      const cellsSeen = await started.server.registry.use(
        name,
        (entry) => SheetCells.of(entry.doc).size,
      )
      clearInterval(ticking)
      expect(cellsSeen).toBe(count)
      expect(turns).toBeGreaterThan(0)
      expect(await started.server.store.countEntries(name)).toBe(entries)

      // A newcomer gets every cell.
      const reader = await openSheetClient(started.url, wb.id, sheetId, wb.token)
      const values = await rest(started.url, wb.token).readCells(wb.id, sheetId, 'A1:Z1000')
      reader.close()
      expect(values.inputs.flat().filter((v) => v !== '').length).toBe(count)
      expect(values.inputs[999]![25]).toBe('v999.25')
      // Nothing changed since the load: closing (which unloads everything) leaves the slices.
      await started.server.close()
      const again = new SqliteStore(data.dir)
      expect((await again.loadDoc(name)).updates).toEqual(stored.updates)
      await again.close()
    } finally {
      await started.server.close().catch(() => {})
      data.remove()
    }
  })
})
