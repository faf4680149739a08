import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { SheetLayout, setCell } from '@cellmate/model'
import {
  ServerProcess,
  freePort,
  openSheetClient,
  rest,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

describe('durability across restarts', () => {
  let data: ReturnType<typeof tempDataDir>
  let proc: ServerProcess
  const clients: SheetClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    proc = new ServerProcess(data.dir, await freePort())
    await proc.start()
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await proc.stop('SIGKILL')
    data.remove()
  })

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`every acknowledged edit is there after a ${signal} restart`, async () => {
      const wb = await rest(proc.url).createWorkbook('durable')
      const sheetId = wb.sheets[0]!.id
      const writers = await Promise.all(
        [0, 1, 2].map(() => openSheetClient(proc.url, wb.id, sheetId, wb.token)),
      )
      clients.push(...writers)
      const acked = new Map<string, string>()
      await Promise.all(
        writers.map(async (w, wi) => {
          const layout = new SheetLayout(w.doc)
          for (let i = 0; i < 30; i++) {
            const row = wi * 30 + i
            setCell(w.doc, layout.rowId(row)!, layout.colId(wi)!, `w${wi}-${i}`)
            if (i % 10 === 9) {
              await w.sheet.flushed()
            }
          }
          await w.sheet.flushed()
          for (let i = 0; i < 30; i++) acked.set(`${wi * 30 + i}:${wi}`, `w${wi}-${i}`)
          layout.destroy()
        }),
      )

      await proc.stop(signal)
      await proc.start()

      const read = await rest(proc.url, wb.token).readCells(wb.id, sheetId, 'A1:C90')
      for (const [key, value] of acked) {
        const [row, col] = key.split(':').map(Number) as [number, number]
        expect(read.inputs[row]![col]).toBe(value)
      }
      // Connected clients reconnect by themselves and keep editing.
      const w0 = writers[0]!
      await waitUntil(() => w0.provider.status.connection === 'connected', 10_000)
      const layout = new SheetLayout(w0.doc)
      setCell(w0.doc, layout.rowId(95)!, layout.colId(0)!, 'after restart')
      await w0.sheet.flushed()
      expect((await rest(proc.url, wb.token).readCells(wb.id, sheetId, 'A96')).inputs).toEqual([
        ['after restart'],
      ])
      layout.destroy()
    })
  }

  it('every acknowledged edit is there after kill -9 amid checkpoints (made after the answers, by the commit thread)', async () => {
    const wb = await rest(proc.url).createWorkbook('checkpoints')
    const sheetId = wb.sheets[0]!.id
    const writer = await openSheetClient(proc.url, wb.id, sheetId, wb.token)
    clients.push(writer)
    const layout = new SheetLayout(writer.doc)
    const acked = new Map<string, string>()
    // An edit adds ~3 frames to the WAL (its update, the index, its log row): 1,500 of them one
    // by one cross the checkpoint's 1,000 frames four times or more.
    const cellOf = (i: number): [number, number] => [i % 90, Math.floor(i / 90)]
    for (let i = 0; i < 1500; i++) {
      const [row, col] = cellOf(i)
      setCell(writer.doc, layout.rowId(row)!, layout.colId(col)!, `v${i}`)
      await writer.sheet.flushed()
      acked.set(`${row}:${col}`, `v${i}`)
    }
    // The kill falls while more are on their way.
    for (let i = 1500; i < 1530; i++) {
      const [row, col] = cellOf(i)
      setCell(writer.doc, layout.rowId(row)!, layout.colId(col)!, `v${i}`)
    }
    const wal = fs.statSync(path.join(data.dir, 'cellmate.db-wal')).size
    await proc.stop('SIGKILL')
    // Checkpoints ran (the WAL started over): unchecked, 1,500 edits leave ~18 MB; a WAL that
    // missed a start-over (the checkpoint met a write or a read and copied what it could) ~8.
    expect(wal).toBeLessThan(12 * 1024 * 1024)
    await proc.start()
    const read = await rest(proc.url, wb.token).readCells(wb.id, sheetId, 'A1:R90')
    for (const [key, value] of acked) {
      const [row, col] = key.split(':').map(Number) as [number, number]
      expect(read.inputs[row]![col]).toBe(value)
    }
    layout.destroy()
  })

  it('edits made while the server is down are pushed when it comes back', async () => {
    const wb = await rest(proc.url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const a = await openSheetClient(proc.url, wb.id, sheetId, wb.token)
    clients.push(a)
    await proc.stop('SIGKILL')
    await waitUntil(() => a.provider.status.connection !== 'connected')
    const layout = new SheetLayout(a.doc)
    setCell(a.doc, layout.rowId(0)!, layout.colId(0)!, 'typed during outage')
    expect(a.provider.status.pending).toBe(1)
    await proc.start()
    await a.sheet.flushed()
    expect((await rest(proc.url, wb.token).readCells(wb.id, sheetId, 'A1')).inputs).toEqual([
      ['typed during outage'],
    ])
    layout.destroy()
  })
})
