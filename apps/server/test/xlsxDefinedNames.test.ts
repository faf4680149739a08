import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import { replaceIn, xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { rest, serverForSuite } from './support/testServer.js'

/**
 * Defined names through an XLSX round trip (import -> export -> import): workbook names for a
 * range, a constant and a formula using both, a name local to the second sheet that wins over
 * a workbook name of the same text there and is read from the first sheet as
 * `'Other sheet'!Rate`; Excel's internal names skipped (print areas with a
 * notice, the filter database silently). Values computed from the names come out the same.
 */

const suite = serverForSuite({
  rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
})

const DEFINED = [
  '<definedNames>',
  '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Data!$A$1:$A$3</definedName>',
  '<definedName name="_xlnm.Print_Area" localSheetId="0">Data!$A$1:$C$3</definedName>',
  '<definedName name="Net">SUM(Sales)*(1-TaxRate)</definedName>',
  '<definedName name="Rate">2</definedName>',
  '<definedName name="Rate" localSheetId="1">10</definedName>',
  '<definedName name="Sales">Data!$A$1:$A$3</definedName>',
  '<definedName name="TaxRate" comment="VAT">0.25</definedName>',
  '</definedNames>',
].join('')

async function original(): Promise<Uint8Array> {
  return xlsxFile(
    (ws, wb) => {
      ;[3, 1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B1').value = { formula: 'SUM(Sales)*TaxRate', result: 1.5 }
      ws.getCell('B2').value = { formula: 'Net', result: 4.5 }
      ws.getCell('B3').value = { formula: 'Rate*MAX(Sales)', result: 6 }
      ws.getCell('B4').value = { formula: "'Other sheet'!Rate*2", result: 20 }
      const other = wb.addWorksheet('Other sheet')
      other.getCell('A1').value = { formula: 'Rate+SUM(Sales)', result: 16 }
    },
    replaceIn('xl/workbook.xml', /<\/sheets>(?:<definedNames\/>)?/, `</sheets>${DEFINED}`),
  )
}

async function namesOf(book: ImportedWorkbook) {
  return (await rest(suite.url, book.token).listNames(book.id)).map((n) => [
    n.name,
    n.refersTo,
    n.sheet,
  ])
}

async function valuesOf(book: ImportedWorkbook) {
  const client = rest(suite.url, book.token)
  const [data, other] = book.sheets as unknown as [{ id: string }, { id: string }]
  return {
    data: await client.readCells(book.id, data.id, 'B1:B4'),
    other: await client.readCells(book.id, other.id, 'A1'),
  }
}

async function exported(book: ImportedWorkbook): Promise<Uint8Array> {
  const file = await rest(suite.url, book.token).exportXlsx(book.id)
  return new Uint8Array(await file.blob.arrayBuffer())
}

describe('XLSX defined names', () => {
  it('import, export and import again keep the names and the values computed from them', async () => {
    const first = await rest(suite.url).importWorkbook({
      name: 'Names.xlsx',
      data: await original(),
    })
    expect(first.notices).toEqual(['Print areas and print titles are not imported.'])
    const names = [
      ['Net', '=SUM(Sales)*(1-TaxRate)', null],
      ['Rate', '=2', null],
      ['Rate', '=10', 'Other sheet'],
      ['Sales', '=Data!$A$1:$A$3', null],
      ['TaxRate', '=0.25', null],
    ]
    expect(await namesOf(first)).toEqual(names)
    const before = await valuesOf(first)
    expect(before.data).toEqual({
      range: 'B1:B4',
      inputs: [['=SUM(Sales)*TaxRate'], ['=Net'], ['=Rate*MAX(Sales)'], ["='Other sheet'!Rate*2"]],
      values: [[1.5], [4.5], [6], [20]],
    })
    expect(before.other.values).toEqual([[16]])

    const bytes = await exported(first)
    const xml =
      (await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')?.async('string')) ?? ''
    // As Excel writes them: no `=`, a local name by its sheet's index.
    expect(xml).toContain('<definedName name="Sales">Data!$A$1:$A$3</definedName>')
    expect(xml).toContain('<definedName name="Rate" localSheetId="1">10</definedName>')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
    expect(wb.getWorksheet('Data')?.getCell('B2').formula).toBe('Net')
    expect(wb.getWorksheet('Data')?.getCell('B4').formula).toBe("'Other sheet'!Rate*2")

    const second = await rest(suite.url).importWorkbook({ name: 'Names again.xlsx', data: bytes })
    expect(second.notices).toEqual([])
    expect(await namesOf(second)).toEqual(names)
    expect(await valuesOf(second)).toEqual(before)
  })
})
