import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { insertInSheet, SHEET, xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * An XLSX round trip, import -> export -> import, keeps what Cellmate models: formulas
 * (shared, array and dynamic-array ones, LET, INDIRECT, other sheets), their values, typed
 * values, number formats and merged cells (a formula inside a merged range is kept too).
 * Cellmate has no defined names, tables or data validation yet.
 */

let data: ReturnType<typeof tempDataDir>
let server: CellmateServer
let url: string

beforeAll(async () => {
  data = tempDataDir()
  ;({ server, url } = await startInProcess(data.dir, 0, {
    rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
  }))
})

afterAll(async () => {
  await server.close()
  data.remove()
})

async function original(): Promise<Uint8Array> {
  return xlsxFile(
    (ws, wb) => {
      ;[3, 1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B1').value = {
        formula: '_xlfn._xlws.SORT(A1:A3)',
        result: 1,
        shareType: 'array',
        ref: 'B1:B3',
      } as ExcelJS.CellValue
      ws.getCell('C1').value = { formula: 'A1*$E$1', shareType: 'shared', ref: 'C1:C3' } as never
      ws.getCell('C2').value = { sharedFormula: 'C1' } as ExcelJS.CellValue
      ws.getCell('C3').value = { sharedFormula: 'C1' } as ExcelJS.CellValue
      ws.getCell('D1').value = { formula: '_xlfn.LET(_xlpm.x,A1,_xlpm.x*10)', result: 30 }
      ws.getCell('D2').value = { formula: 'INDIRECT("A"&ROW())', result: 1 }
      ws.getCell('D3').value = { formula: 'SUM(C:C)', result: 3 }
      ws.getCell('E1').value = 0.5
      ws.getCell('E1').numFmt = '0%'
      ws.getCell('E2').value = 1234.5
      ws.getCell('E2').numFmt = '"$"#,##0.00'
      ws.getCell('E3').value = new Date(Date.UTC(2026, 0, 31))
      ws.getCell('E3').numFmt = 'yyyy-mm-dd'
      ws.getCell('E4').value = -1234.5
      ws.getCell('E4').numFmt = '#,##0.000;[Red](#,##0.000)'
      ws.getCell('E5').value = new Date(Date.UTC(2016, 2, 9))
      ws.getCell('E5').numFmt = 'dd mmm yyyy'
      ws.getCell('E6').value = new Date(Date.UTC(1899, 11, 31, 13, 30))
      ws.getCell('E6').numFmt = 'h:mm AM/PM'
      ws.getCell('F1').value = 'merged title'
      // A formula inside a merged range (exceljs would drop it if it read the merge).
      ws.getCell('G3').value = { formula: 'A1+1', result: 4 }
      wb.addWorksheet('Other').getCell('A1').value = { formula: 'Data!B3+1', result: 4 }
    },
    async (zip) => {
      // As Excel saves a spill: the cells it covers hold the cached values.
      let xml = (await zip.file(SHEET)?.async('string')) as string
      for (const row of [2, 3]) {
        xml = xml.replace(
          new RegExp(`(<c r="A${row}"[^>]*>.*?</c>)`),
          `$1<c r="B${row}"><v>${row}</v></c>`,
        )
      }
      zip.file(SHEET, xml)
    },
    insertInSheet(
      'pageMargins',
      '<mergeCells count="2"><mergeCell ref="F1:G1"/><mergeCell ref="F3:G3"/></mergeCells>',
    ),
  )
}

async function exported(
  book: ImportedWorkbook,
): Promise<{ bytes: Uint8Array; wb: ExcelJS.Workbook }> {
  const file = await rest(url, book.token).exportXlsx(book.id)
  const bytes = new Uint8Array(await file.blob.arrayBuffer())
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return { bytes, wb }
}

async function contents(book: ImportedWorkbook) {
  const client = rest(url, book.token)
  const [data, other] = book.sheets as unknown as [{ id: string }, { id: string }]
  return {
    data: await client.readCells(book.id, data.id, 'A1:F3'),
    other: await client.readCells(book.id, other.id, 'A1:A1'),
    merges: await client.getMerges(book.id, data.id),
    g3: await client.readCells(book.id, data.id, 'G3'),
  }
}

describe('XLSX round trip (import -> export -> import)', () => {
  it('keeps formulas, their values, typed values, number formats and merges', async () => {
    const first = await rest(url).importWorkbook({ name: 'Trip.xlsx', data: await original() })
    expect(first.notices).toEqual([])
    const before = await contents(first)
    expect(before.merges).toEqual({ merges: ['F1:G1'], held: ['F3:G3'] })
    expect(before.g3).toEqual({ range: 'G3', inputs: [['=A1+1']], values: [[4]] })
    expect(before.data.inputs).toEqual([
      ['3', '=SORT(A1:A3)', '=A1*$E$1', '=LET(x,A1,x*10)', '0.5', 'merged title'],
      ['1', '', '=A2*$E$1', '=INDIRECT("A"&ROW())', '1234.5', ''],
      ['2', '', '=A3*$E$1', '=SUM(C:C)', '46053', ''],
    ])
    expect(before.data.values).toEqual([
      [3, 1, 1.5, 30, 0.5, 'merged title'],
      [1, 2, 0.5, 1, 1234.5, null],
      [2, 3, 1, 3, 46053, null],
    ])
    expect(before.other.values).toEqual([[4]])

    const once = await exported(first)
    const second = await rest(url).importWorkbook({ name: 'Trip again.xlsx', data: once.bytes })
    expect(second.notices).toEqual([])
    const after = await contents(second)
    expect(after.data.inputs).toEqual(before.data.inputs)
    expect(after.data.values).toEqual(before.data.values)
    expect(after.other).toEqual({ ...before.other })
    expect(after.merges).toEqual({ merges: ['F1:G1'], held: [] })
    expect(after.g3).toEqual(before.g3)

    const twice = await exported(second)
    for (const wb of [once.wb, twice.wb]) {
      const ws = wb.getWorksheet('Data') as ExcelJS.Worksheet
      expect(['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].map((a) => ws.getCell(a).numFmt)).toEqual([
        '0%',
        '"$"#,##0.00',
        'yyyy-mm-dd',
        '#,##0.000;[Red](#,##0.000)',
        'dd mmm yyyy',
        'h:mm AM/PM',
      ])
      expect(ws.getCell('C2').formula).toBe('A2*$E$1')
      // Functions newer than the 2007 format carry Excel's prefixes, or Excel shows #NAME?.
      expect(ws.getCell('B1').formula).toBe('_xlfn._xlws.SORT(A1:A3)')
      expect(ws.getCell('D1').formula).toBe('_xlfn.LET(_xlpm.x,A1,_xlpm.x*10)')
      expect(ws.model.merges).toEqual(['F1:G1'])
    }
  })
})
