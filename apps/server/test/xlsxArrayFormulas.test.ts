import type ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import { xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { rest, serverForSuite } from './support/testServer.js'

/**
 * Array formulas through an XLSX round trip (import -> export -> import): a CSE array formula
 * in one cell (`{=SUM(A1:A3*B1:B3)}`) and a dynamic array spilling down (`=SORT(A1:A5)`, saved
 * by Excel as an array formula over its spill range with the spilled values cached in the
 * cells below). Both import as formulas the engine evaluates as arrays, and export as Excel's
 * array formulas again, so a reader without dynamic arrays neither intersects the ranges with
 * the formula's row nor shows only the first sorted value.
 */

const suite = serverForSuite({
  rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
})

async function original(): Promise<Uint8Array> {
  return xlsxFile((ws) => {
    ;[3, 1, 5, 2, 4].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
    ;[2, 3, 4].forEach((v, i) => (ws.getCell(`B${i + 1}`).value = v))
    ws.getCell('C1').value = {
      formula: 'SUM(A1:A3*B1:B3)',
      result: 29,
      shareType: 'array',
      ref: 'C1',
    } as ExcelJS.CellValue
    ws.getCell('D1').value = {
      formula: '_xlfn._xlws.SORT(A1:A5)',
      result: 1,
      shareType: 'array',
      ref: 'D1:D5',
    } as ExcelJS.CellValue
    ;[2, 3, 4, 5].forEach((v, i) => (ws.getCell(`D${i + 2}`).value = v))
    ws.getCell('E1').value = { formula: 'SUM(A1:A3)*2', result: 18 }
  })
}

async function contents(book: ImportedWorkbook) {
  const sheet = (book.sheets as unknown as [{ id: string }])[0]
  return rest(suite.url, book.token).readCells(book.id, sheet.id, 'C1:E5')
}

/** The `<f>` elements of the first sheet, as `attributes|text`. */
async function formulasIn(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? ''
  return [...xml.matchAll(/<f\b([^>]*)>([^<]*)<\/f>/g)].map((m) => {
    const attrs = [...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)]
      .map((a) => `${a[1]}=${a[2]}`)
      .sort()
      .join(' ')
    return `${attrs}|${m[2]}`
  })
}

describe('XLSX array formulas', () => {
  it('import as arrays, compute, and export as array formulas again', async () => {
    const first = await rest(suite.url).importWorkbook({
      name: 'Arrays.xlsx',
      data: await original(),
    })
    expect(first.notices).toEqual([])
    const expected = {
      range: 'C1:E5',
      inputs: [
        ['=SUM(A1:A3*B1:B3)', '=SORT(A1:A5)', '=SUM(A1:A3)*2'],
        ['', '', ''],
        ['', '', ''],
        ['', '', ''],
        ['', '', ''],
      ],
      values: [
        [29, 1, 18],
        [null, 2, null],
        [null, 3, null],
        [null, 4, null],
        [null, 5, null],
      ],
    }
    expect(await contents(first)).toEqual(expected)

    const file = await rest(suite.url, first.token).exportXlsx(first.id)
    const bytes = new Uint8Array(await file.blob.arrayBuffer())
    expect(await formulasIn(bytes)).toEqual([
      'ref=C1 t=array|SUM(A1:A3*B1:B3)',
      'ref=D1:D5 t=array|_xlfn._xlws.SORT(A1:A5)',
      '|SUM(A1:A3)*2',
    ])

    const second = await rest(suite.url).importWorkbook({ name: 'Arrays again.xlsx', data: bytes })
    expect(second.notices).toEqual([])
    expect(await contents(second)).toEqual(expected)
  })
})
