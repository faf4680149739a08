import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * A formula that does not parse (`=A1+`, `=SUM(A1`, `=1+*2`) reads `#ERROR!`, as in Google
 * Sheets, keeping what was typed; exports carry it without making a file Excel refuses.
 */
describe('REST: formulas that do not parse', () => {
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

  it('read as #ERROR! with their input kept; a fixed one evaluates', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, {
      A1: '2',
      B1: '=A1+',
      B2: '=SUM(A1',
      B3: '=1+*2',
      B4: '=NOSUCHFN(1)',
      B5: '=B1*2',
    })
    const got = await client.readCells(wb.id, sheetId, 'B1:B5')
    expect(got.values).toEqual([['#ERROR!'], ['#ERROR!'], ['#ERROR!'], ['#NAME?'], ['#ERROR!']])
    expect(got.inputs).toEqual([['=A1+'], ['=SUM(A1'], ['=1+*2'], ['=NOSUCHFN(1)'], ['=B1*2']])
    await client.writeCells(wb.id, sheetId, { B1: '=A1+1' })
    expect((await client.readCells(wb.id, sheetId, 'B1:B5')).values[4]).toEqual([6])
  })

  it('export to CSV as #ERROR! and to XLSX as the text typed, never as a formula Excel refuses', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, { A1: '2', B1: '=A1+', C1: '=B1', D1: '=A1*3' })
    const csv = await (await client.exportCsv(wb.id, sheetId)).blob.text()
    expect(csv.trim()).toBe('2,#ERROR!,#ERROR!,6')
    const bytes = new Uint8Array(await (await client.exportXlsx(wb.id)).blob.arrayBuffer())
    const zip = await JSZip.loadAsync(bytes)
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
    const strings = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? ''
    const cell = (ref: string) => new RegExp(`<c r="${ref}"[^>]*(?:/>|>.*?</c>)`).exec(xml)?.[0]
    // B1 is text (a shared string), without a formula.
    expect(cell('B1')).toMatch(/t="s"/)
    expect(cell('B1')).not.toMatch(/<f>/)
    expect(strings).toContain('<t>=A1+</t>')
    // C1 reads it: a formula Excel computes itself (no #ERROR!, which Excel does not have).
    expect(cell('C1')).toMatch(/<f>B1<\/f>/)
    expect(xml).not.toContain('#ERROR!')
    expect(cell('D1')).toMatch(/<f>A1\*3<\/f><v>6<\/v>/)
    // Imported back, the typed text is kept.
    const again = await rest(url).importWorkbook({ name: 'again.xlsx', data: bytes })
    const read = await rest(url, again.token).readCells(again.id, again.sheets[0]!.id, 'B1')
    expect(read.values).toEqual([['=A1+']])
  })
})
