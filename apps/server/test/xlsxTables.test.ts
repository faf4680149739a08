import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportedWorkbook, TableJson } from '@cellmate/client'
import { SheetLayout, setCells } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import { xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

/**
 * Excel tables survive an XLSX round trip (import -> export -> import): name, range, header
 * and totals rows, style and its options, column names, and the formulas around them, whose
 * structured references stay structured references (written in Excel's saved form) and keep
 * following their table after the import.
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

/** Sales (Data!B2:D7: a header, four rows, totals) and Costs (Other!A1:B3, no header row). */
async function original(): Promise<Uint8Array> {
  return xlsxFile((ws, wb) => {
    ws.addTable({
      name: 'Sales',
      ref: 'B2',
      headerRow: true,
      totalsRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true, showColumnStripes: true },
      columns: [
        { name: 'Region', totalsRowLabel: 'Total' },
        { name: 'Amount', totalsRowFunction: 'sum' },
        { name: 'Tax [%]' },
      ],
      rows: [
        ['North', 100, { formula: 'Sales[[#This Row],[Amount]]*0.2' }],
        ['South', 250, { formula: 'Sales[[#This Row],[Amount]]*0.2' }],
        ['East', 75, { formula: 'Sales[[#This Row],[Amount]]*0.2' }],
        ['West', 40, { formula: 'Sales[[#This Row],[Amount]]*0.2' }],
      ],
    })
    ws.getCell('F2').value = { formula: 'SUM(Sales[Amount])', result: 465 }
    const other = wb.addWorksheet('Other')
    other.addTable({
      name: 'Costs',
      ref: 'A1',
      headerRow: false,
      style: { theme: 'TableStyleMedium2', showRowStripes: false, showFirstColumn: true },
      columns: [{ name: 'Item' }, { name: 'Cost' }],
      rows: [
        ['Rent', 900],
        ['Power', 120],
        ['Water', 40],
      ],
    })
  })
}

async function exported(book: ImportedWorkbook): Promise<Uint8Array> {
  const file = await rest(url, book.token).exportXlsx(book.id)
  return new Uint8Array(await file.blob.arrayBuffer())
}

async function tables(book: ImportedWorkbook): Promise<Array<Omit<TableJson, 'id'>>> {
  const client = rest(url, book.token)
  const out: Array<Omit<TableJson, 'id'>> = []
  for (const sheet of book.sheets) {
    for (const { id: _id, ...t } of await client.getTables(book.id, sheet.id)) out.push(t)
  }
  return out
}

async function dataCells(book: ImportedWorkbook) {
  const sheet = book.sheets[0] as { id: string }
  return rest(url, book.token).readCells(book.id, sheet.id, 'B2:F7')
}

const SALES = {
  name: 'Sales',
  range: 'B2:D7',
  headerRow: true,
  totalsRow: true,
  style: 'TableStyleLight9',
  bandedRows: true,
  bandedCols: true,
  firstColumn: false,
  lastColumn: false,
  columns: ['Region', 'Amount', 'Tax [%]'],
}
const COSTS = {
  name: 'Costs',
  range: 'A1:B3',
  headerRow: false,
  totalsRow: false,
  style: 'TableStyleMedium2',
  bandedRows: false,
  bandedCols: false,
  firstColumn: true,
  lastColumn: false,
  columns: ['Item', 'Cost'],
}

describe('XLSX tables round trip (import -> export -> import)', () => {
  it('keeps name, range, header and totals rows, style, columns and the formulas around them', async () => {
    const first = await rest(url).importWorkbook({ name: 'Tables.xlsx', data: await original() })
    expect(first.notices).toEqual([])
    expect(await tables(first)).toEqual([SALES, COSTS])
    const before = await dataCells(first)
    const thisRow = '=Sales[[#This Row],[Amount]]*0.2'
    expect(before.inputs.map((row) => row[2])).toEqual([
      'Tax [%]',
      thisRow,
      thisRow,
      thisRow,
      thisRow,
      '',
    ])
    expect(before.values.map((row) => row[2])).toEqual(['Tax [%]', 20, 50, 15, 8, null])
    expect(before.inputs[0]?.[4]).toBe('=SUM(Sales[Amount])')
    expect(before.values[0]?.[4]).toBe(465)
    expect(before.values[5]).toEqual(['Total', 465, null, null, null])

    const bytes = await exported(first)
    const zip = await JSZip.loadAsync(bytes)
    const part = await zip.file('xl/tables/table1.xml')?.async('string')
    expect(part).toContain('name="Sales" displayName="Sales" ref="B2:D7" totalsRowCount="1"')
    expect(part).toContain('<autoFilter ref="B2:D6"/>')
    expect(part).toContain('<tableColumn id="3" name="Tax [%]"/>')
    expect(part).toContain('<tableStyleInfo name="TableStyleLight9"')
    const costs = await zip.file('xl/tables/table2.xml')?.async('string')
    expect(costs).toContain('headerRowCount="0"')
    expect(costs).not.toContain('autoFilter')
    const types = await zip.file('[Content_Types].xml')?.async('string')
    expect(types).toContain('<Override PartName="/xl/tables/table1.xml"')
    expect(types).toContain('<Override PartName="/xl/tables/table2.xml"')
    const rels = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')?.async('string')
    expect(rels).toMatch(/relationships\/table" Target="..\/tables\/table1.xml"/)
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string
    expect(sheet).toContain('<f>SUM(Sales[Amount])</f>')
    expect(sheet).toContain('<f>Sales[[#This Row],[Amount]]*0.2</f>')
    expect(sheet).toMatch(
      /<tableParts count="1"><tablePart r:id="rId\d+"\/><\/tableParts><\/worksheet>$/,
    )
    // exceljs (and so most readers) open it; the header cells hold the column names as text.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
    const ws = wb.getWorksheet('Data') as ExcelJS.Worksheet
    expect(['B2', 'C2', 'D2'].map((a) => ws.getCell(a).value)).toEqual([
      'Region',
      'Amount',
      'Tax [%]',
    ])

    const second = await rest(url).importWorkbook({ name: 'Tables again.xlsx', data: bytes })
    expect(second.notices).toEqual([])
    expect(await tables(second)).toEqual([SALES, COSTS])
    const after = await dataCells(second)
    expect(after.inputs).toEqual(before.inputs)
    expect(after.values).toEqual(before.values)
  })

  it('writes header cells as the column names Excel requires: blanks and repeats get names', async () => {
    const book = await rest(url).importWorkbook({ name: 'Headers.xlsx', data: await original() })
    const client = rest(url, book.token)
    const sheet = book.sheets[0] as { id: string }
    // REST writes rename columns through their header cells (tableRest.test.ts); a client
    // writing the sheet document itself may leave them blank or repeated, as here.
    const writer = await openSheetClient(url, book.id, sheet.id, book.token)
    try {
      const layout = new SheetLayout(writer.doc)
      const at = (col: number, value: string) => ({
        rowId: layout.rowId(1) as string,
        colId: layout.colId(col) as string,
        value,
      })
      setCells(writer.doc, [at(1, ''), at(2, '2026'), at(3, '2026')])
      layout.destroy()
      const headers = async () => (await client.readCells(book.id, sheet.id, 'B2:D2')).inputs[0]
      await waitUntil(async () => (await headers())?.join('|') === '|2026|2026')
    } finally {
      writer.close()
    }
    await client.addComment(book.id, sheet.id, { cell: 'B3', text: 'check' })
    const zip = await JSZip.loadAsync(await exported(book))
    // A note's drawing and the table parts, in the order a worksheet has them.
    const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string
    expect(xml).toMatch(/<legacyDrawing r:id="rId\d+"\/><tableParts count="1">/)
    const part = await zip.file('xl/tables/table1.xml')?.async('string')
    expect(part).toContain(
      '<tableColumn id="1" name="Region"/><tableColumn id="2" name="2026"/><tableColumn id="3" name="20262"/>',
    )
    const again = await rest(url).importWorkbook({
      name: 'Headers again.xlsx',
      data: new Uint8Array(await zip.generateAsync({ type: 'uint8array' })),
    })
    const cells = await rest(url, again.token).readCells(
      again.id,
      (again.sheets[0] as { id: string }).id,
      'B2:D2',
    )
    expect(cells.values).toEqual([['Region', '2026', '20262']])
    expect((await tables(again))[0]?.columns).toEqual(['Region', '2026', '20262'])
  })

  it('sheets imported into a workbook that has their tables already get renamed tables', async () => {
    const book = await rest(url).importWorkbook({ name: 'Tables.xlsx', data: await original() })
    const client = rest(url, book.token)
    const added = await client.importSheets(book.id, { name: 'More.xlsx', data: await original() })
    expect(added.notices).toEqual(
      expect.arrayContaining([
        'Table Sales on "Data" is named Sales_2: the workbook uses its name already.',
        'Table Costs on "Other" is named Costs_2: the workbook uses its name already.',
      ]),
    )
    const names = []
    for (const sheet of added.sheets) {
      names.push(...(await client.getTables(book.id, sheet.id)).map((t) => t.name))
    }
    expect(names).toEqual(['Sales_2', 'Costs_2'])
    // The added sheets' formulas name their own (renamed) table, not the workbook's first one.
    const cells = await client.readCells(book.id, (added.sheets[0] as { id: string }).id, 'F2')
    expect(cells.inputs).toEqual([['=SUM(Sales_2[Amount])']])
    expect(cells.values).toEqual([[465]])
  })

  it('structured references follow their table after the import: resized, renamed', async () => {
    const book = await rest(url).importWorkbook({ name: 'Live.xlsx', data: await original() })
    const client = rest(url, book.token)
    const data = book.sheets[0] as { id: string }
    const other = book.sheets[1] as { id: string }
    await client.writeCells(book.id, data.id, { F3: '=SUM(Costs[Cost])' })
    const f3 = async () => (await client.readCells(book.id, data.id, 'F3')).values[0]?.[0]
    expect(await f3()).toBe(1060)
    // A row written just under the table joins it, as typing in Excel does.
    await client.writeCells(book.id, other.id, { A4: 'Gas', B4: '40' })
    expect(await f3()).toBe(1100)
    const costs = (await client.getTables(book.id, other.id))[0] as TableJson
    expect(costs.range).toBe('A1:B4')
    await client.updateTable(book.id, other.id, costs.id, { range: 'A1:B3', name: 'Spend' })
    expect(await f3()).toBe(1060)
    const cells = await client.readCells(book.id, data.id, 'F3')
    expect(cells.inputs).toEqual([['=SUM(Spend[Cost])']])
    const zip = await JSZip.loadAsync(await exported(book))
    const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string
    expect(xml).toContain('<f>SUM(Spend[Cost])</f>')
  })
})
