import fs from 'node:fs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SheetLayout, setCell } from '@cellmate/model'
import {
  BUNDLE_MAIN,
  ServerProcess,
  freePort,
  openSheetClient,
  rest,
  tempDataDir,
  type SheetClient,
} from './support/testServer.js'

/**
 * The production bundle (`dist-bundle/`, what `pnpm start`, the Dockerfile and the bench run)
 * does what `dist/` does: its worker threads start, the chunks it loads on demand are there
 * (HyperFormula, swagger, the XLSX export), the web app and the patched exceljs are found.
 * Every other test runs `src/` or `dist/`, so this is the one that fails if the bundle breaks.
 */
describe('the production bundle', () => {
  let data: ReturnType<typeof tempDataDir>
  let proc: ServerProcess
  const clients: SheetClient[] = []

  beforeAll(async () => {
    expect(fs.existsSync(BUNDLE_MAIN), `${BUNDLE_MAIN}: build the server (pnpm build)`).toBe(true)
    data = tempDataDir()
    proc = new ServerProcess(data.dir, await freePort(), {}, 15_000, BUNDLE_MAIN)
    await proc.start()
  })

  afterAll(async () => {
    for (const c of clients.splice(0)) c.close()
    await proc.stop('SIGKILL')
    data.remove()
  })

  it('serves the app, syncs a large paste, evaluates, documents, exports, imports, and stops cleanly', async () => {
    const wb = await rest(proc.url).createWorkbook('bundled')
    const sheetId = wb.sheets[0]!.id
    const owner = rest(proc.url, wb.token)

    // A paste over the inline limit (32 KB) is checked by an update checking worker.
    const client = await openSheetClient(proc.url, wb.id, sheetId, wb.token)
    clients.push(client)
    const sent: number[] = []
    client.doc.on('update', (update: Uint8Array) => sent.push(update.byteLength))
    const layout = new SheetLayout(client.doc)
    client.doc.transact(() => {
      for (let row = 0; row < 100; row++) {
        setCell(client.doc, layout.rowId(row)!, layout.colId(0)!, `${row}:${'x'.repeat(500)}`)
      }
      setCell(client.doc, layout.rowId(0)!, layout.colId(1)!, '=LEN(A1)+1')
    })
    layout.destroy()
    expect(Math.max(...sent)).toBeGreaterThan(32 * 1024)
    await client.sheet.flushed()
    const read = await owner.readCells(wb.id, sheetId, 'A100:B100')
    expect(read.inputs).toEqual([[`99:${'x'.repeat(500)}`, '']])
    expect((await owner.readCells(wb.id, sheetId, 'B1')).values).toEqual([[503]])

    const openApi = await fetch(`${proc.url}/api/openapi.json`)
    expect(openApi.status).toBe(200)
    expect(((await openApi.json()) as { openapi: string }).openapi).toMatch(/^3\./)

    const index = await fetch(`${proc.url}/`)
    expect(index.status).toBe(200)
    expect(await index.text()).toMatch(/<!doctype html>/i)

    // "Stop if true" is written by the exceljs patch (`xlsxCfRuleAttributes.ts`) and read back
    // by it in the import worker: the bundle must patch the exceljs it bundled.
    await owner.addConditionalFormat(wb.id, sheetId, {
      range: 'A1:A10',
      kind: 'cellValue',
      op: 'gt',
      value: 4,
      stopIfTrue: true,
      style: { fill: '#ffc7ce' },
    })
    const exported = await owner.exportXlsx(wb.id)
    expect(exported.filename).toBe('bundled.xlsx')
    const bytes = new Uint8Array(await exported.blob.arrayBuffer())
    const xml = await (
      await JSZip.loadAsync(bytes)
    )
      .file('xl/worksheets/sheet1.xml')!
      .async('string')
    expect(xml).toMatch(/<cfRule [^>]*stopIfTrue="1"/)
    const imported = await rest(proc.url).importWorkbook({ name: 'again.xlsx', data: bytes })
    const importedSheet = imported.sheets[0]!.id
    const again = rest(proc.url, imported.token)
    expect((await again.readCells(imported.id, importedSheet, 'B1')).values).toEqual([[503]])
    expect(await again.getConditionalFormats(imported.id, importedSheet)).toMatchObject([
      { kind: 'cellValue', stopIfTrue: true },
    ])

    client.close()
    clients.length = 0
    expect(await proc.stop('SIGTERM')).toBe(0)
  })
})
