import path from 'node:path'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RestError, type CreatedWorkbook, type ImportFile } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'
import { buildZip } from './support/zipBuilder.js'

/**
 * CSV/XLSX import and export over REST: round trips keep values, formulas and formats; CSV
 * export defuses formula injection; roles are enforced; a bad file is refused with a clear
 * error and leaves nothing behind.
 */

const MAX_BYTES = 256 * 1024

let data: ReturnType<typeof tempDataDir>
let server: CellmateServer
let url: string

beforeAll(async () => {
  data = tempDataDir()
  ;({ server, url } = await startInProcess(data.dir, 0, {
    rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
    importConfig: { maxBytes: MAX_BYTES, maxCells: 50_000 },
  }))
})

afterAll(async () => {
  await server.close()
  data.remove()
})

function csvFile(name: string, text: string): ImportFile {
  return { name, data: new TextEncoder().encode(text) }
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}

function workbookCount(): number {
  const db = new Database(path.join(data.dir, 'cellmate.db'), { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM workbooks').get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function refused(promise: Promise<unknown>): Promise<RestError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(RestError)
  return err as RestError
}

describe('CSV', () => {
  it('a CSV imports as a new workbook and exports back byte for byte', async () => {
    const input = [
      'Name,Note,Amount',
      '"Smith, Jane","She said ""hi""",42',
      'Zoë 🙂,"line one\nline two",-5',
      '日本語,"  padded  ",3.25',
      ',,',
      'last,,1e3',
    ].join('\r\n')
    const created = await rest(url).importWorkbook(csvFile('People & co.csv', input))
    expect(created.title).toBe('People & co')
    expect(created.sheets.map((s) => s.name)).toEqual(['People & co'])
    expect(created.url).toMatch(new RegExp(`/w/${created.id}#token=${created.token}$`))
    const owner = rest(url, created.token)
    const sheetId = created.sheets[0]!.id
    const read = await owner.readCells(created.id, sheetId, 'A1:C6')
    expect(read.inputs[1]).toEqual(['Smith, Jane', 'She said "hi"', '42'])
    expect(read.inputs[2]).toEqual(['Zoë 🙂', 'line one\nline two', '-5'])
    expect(read.values[2]?.[2]).toBe(-5)
    expect(read.values[5]?.[2]).toBe(1000)

    const csv = await owner.exportCsv(created.id, sheetId)
    expect(csv.filename).toBe('People & co.csv')
    expect(csv.blob.type).toMatch(/^text\/csv/)
    // 1e3 is the number 1000 but shows as typed, as the grid shows it.
    expect(await csv.blob.text()).toBe(input)
  })

  it('formulas in a CSV are imported as formulas and exported as their values', async () => {
    const created = await rest(url).importWorkbook(
      csvFile('sums.csv', '1,2,=A1+B1\n3,4,=SUM(A1:B2)\n'),
    )
    const owner = rest(url, created.token)
    const sheetId = created.sheets[0]!.id
    const read = await owner.readCells(created.id, sheetId, 'C1:C2')
    expect(read.inputs).toEqual([['=A1+B1'], ['=SUM(A1:B2)']])
    expect(read.values).toEqual([[3], [10]])
    const csv = await (await owner.exportCsv(created.id, sheetId)).blob.text()
    expect(csv).toBe('1,2,3\r\n3,4,10')
  })

  it('export defuses formula injection in text but leaves numbers alone', async () => {
    const wb = await rest(url).createWorkbook('injection')
    const owner = rest(url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await owner.writeCells(wb.id, sheetId, {
      A1: '\'=HYPERLINK("http://evil","x")',
      A2: "'+1+2",
      A3: '-5',
      A4: "'@SUM(1)",
      A5: '="-"&"2"',
      A6: '=1+2',
      A7: "'-minus",
      A8: '\tTAB',
      A9: 'plain',
    })
    const csv = await (await owner.exportCsv(wb.id, sheetId)).blob.text()
    const rows = Papa.parse<string[]>(csv).data.map((r) => r[0])
    expect(rows).toEqual([
      '\'=HYPERLINK("http://evil","x")',
      "'+1+2",
      '-5',
      "'@SUM(1)",
      "'-2",
      '3',
      "'-minus",
      "'\tTAB",
      'plain',
    ])
    // Re-importing the defused file gives back the same text, not formulas.
    const again = await rest(url).importWorkbook(csvFile('again.csv', csv))
    const read = await rest(url, again.token).readCells(again.id, again.sheets[0]!.id, 'A1:A2')
    expect(read.values).toEqual([['=HYPERLINK("http://evil","x")'], ['+1+2']])
  })

  it('semicolon- and tab-separated files are detected', async () => {
    const created = await rest(url).importWorkbook(csvFile('eu.csv', 'a;b;c\n1;2;3\n'))
    const read = await rest(url, created.token).readCells(
      created.id,
      created.sheets[0]!.id,
      'A1:C2',
    )
    expect(read.inputs).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
  })
})

async function sampleXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Data')
  ws.getCell('A1').value = 'Item'
  ws.getCell('B1').value = 'Qty'
  ws.getCell('C1').value = 'Share'
  ws.getCell('D1').value = 'Date'
  for (const a of ['A1', 'B1', 'C1', 'D1']) {
    ws.getCell(a).font = { bold: true, color: { argb: 'FFCC0000' } }
    ws.getCell(a).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } }
  }
  ws.getCell('A2').value = 'Apple'
  ws.getCell('B2').value = 3
  ws.getCell('A3').value = '007'
  ws.getCell('B3').value = 4
  ws.getCell('A4').value = 'Total'
  ws.getCell('A4').font = { italic: true, underline: true }
  ws.getCell('B4').value = { formula: 'SUM(B2:B3)', result: 7 }
  ws.getCell('C2').value = 0.25
  ws.getCell('C2').numFmt = '0%'
  ws.getCell('D2').value = new Date(Date.UTC(2026, 0, 31))
  ws.getCell('D2').numFmt = 'yyyy-mm-dd'
  ws.getCell('E2').value = true
  ws.getCell('E3').value = { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] }
  ws.getCell('A5').value = 'wrapped and centred'
  ws.getCell('A5').alignment = { horizontal: 'center', wrapText: true }
  ws.getColumn(1).width = 20
  const summary = wb.addWorksheet('Summary')
  summary.getCell('A1').value = { formula: 'Data!B4*2', result: 14 }
  summary.getCell('A2').value = { formula: '_xlfn.CONCAT("a","b")', result: 'ab' }
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return wb
}

describe('XLSX', () => {
  let created: CreatedWorkbook

  beforeAll(async () => {
    created = await rest(url).importWorkbook({ name: 'Sales.xlsx', data: await sampleXlsx() })
  })

  it('imports every worksheet with values, formulas (computed) and text kept as text', async () => {
    expect(created.title).toBe('Sales')
    expect(created.sheets.map((s) => s.name)).toEqual(['Data', 'Summary'])
    const owner = rest(url, created.token)
    const data = created.sheets[0]!
    const summary = created.sheets[1]!
    const read = await owner.readCells(created.id, data.id, 'A1:E4')
    expect(read.values).toEqual([
      ['Item', 'Qty', 'Share', 'Date', null],
      ['Apple', 3, 0.25, 46053, true],
      ['007', 4, null, null, 'rich text'],
      ['Total', 7, null, null, null],
    ])
    expect(read.inputs[3]?.[1]).toBe('=SUM(B2:B3)')
    const other = await owner.readCells(created.id, summary.id, 'A1:A2')
    expect(other.inputs).toEqual([['=Data!B4*2'], ['=CONCAT("a","b")']])
    expect(other.values).toEqual([[14], ['ab']])
  })

  it('exports values, formulas with results, formats and widths, in tab order', async () => {
    const owner = rest(url, created.token)
    const file = await owner.exportXlsx(created.id)
    expect(file.filename).toBe('Sales.xlsx')
    const wb = await loadXlsx(await bytesOf(file.blob))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Summary'])
    const ws = wb.getWorksheet('Data')!
    expect(ws.getCell('B4').value).toEqual({ formula: 'SUM(B2:B3)', result: 7 })
    expect(ws.getCell('A3').value).toBe('007')
    expect(ws.getCell('E2').value).toBe(true)
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, color: { argb: 'FFCC0000' } })
    expect(ws.getCell('A1').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFFFFF00' } })
    expect(ws.getCell('A4').font).toMatchObject({ italic: true, underline: true })
    expect(ws.getCell('A5').alignment).toMatchObject({ horizontal: 'center', wrapText: true })
    expect(ws.getCell('C2').numFmt).toBe('0%')
    expect(ws.getCell('D2').numFmt).toBe('yyyy-mm-dd')
    expect(ws.getCell('D2').value).toEqual(new Date(Date.UTC(2026, 0, 31)))
    expect(ws.getColumn(1).width).toBeCloseTo(20, 0)
    expect(wb.getWorksheet('Summary')!.getCell('A1').value).toEqual({
      formula: 'Data!B4*2',
      result: 14,
    })
  })

  it('formulas export in A1 form for the current layout after rows are inserted', async () => {
    const wb = await rest(url).importWorkbook({ name: 'Shift.xlsx', data: await sampleXlsx() })
    const owner = rest(url, wb.token)
    await owner.insertRows(wb.id, wb.sheets[0]!.id, 1, 2)
    const file = await loadXlsx(await bytesOf((await owner.exportXlsx(wb.id)).blob))
    expect(file.getWorksheet('Data')!.getCell('B6').value).toEqual({
      formula: 'SUM(B4:B5)',
      result: 7,
    })
    expect(file.getWorksheet('Summary')!.getCell('A1').value).toEqual({
      formula: 'Data!B6*2',
      result: 14,
    })
  })

  it('times and dates typed in words export as numbers with the format they were typed in', async () => {
    const wb = await rest(url).createWorkbook('Times')
    const owner = rest(url, wb.token)
    const sheet = wb.sheets[0]!.id
    await owner.writeCells(wb.id, sheet, {
      A1: '2:30 PM',
      B1: '9-Mar-2026',
      C1: '2026-03-09 14:30',
      D1: '36:00',
      E1: '=A1*24',
    })
    const [values] = (await owner.readCells(wb.id, sheet, 'A1:E1')).values as number[][]
    const expected = [14.5 / 24, 46090, 46090 + 14.5 / 24, 1.5, 14.5]
    expected.forEach((v, i) => expect(values?.[i]).toBeCloseTo(v, 9))
    const ws = (await loadXlsx(await bytesOf((await owner.exportXlsx(wb.id)).blob))).worksheets[0]!
    expect(['A1', 'B1', 'C1', 'D1'].map((a) => ws.getCell(a).numFmt)).toEqual([
      'h:mm AM/PM',
      'd-mmm-yyyy',
      'yyyy-mm-dd h:mm',
      '[h]:mm',
    ])
  })

  it('formulas over dates export as dates, in the style the grid shows them', async () => {
    const wb = await rest(url).createWorkbook('Due')
    const owner = rest(url, wb.token)
    const sheet = wb.sheets[0]!.id
    await owner.writeCells(wb.id, sheet, {
      A1: '1/31/2026',
      B1: '=A1+1',
      C1: '=DATE(2026,3,9)',
      D1: '=A1-DATE(2026,1,1)',
      E1: '=MAX(A1:C1)',
    })
    const csv = await (await owner.exportCsv(wb.id, sheet)).blob.text()
    expect(csv).toBe('1/31/2026,2/1/2026,2026-03-09,30,3/9/2026')
    const ws = (await loadXlsx(await bytesOf((await owner.exportXlsx(wb.id)).blob))).worksheets[0]!
    expect(['A1', 'B1', 'C1', 'D1', 'E1'].map((a) => ws.getCell(a).numFmt)).toEqual([
      'm/d/yyyy',
      'm/d/yyyy',
      'yyyy-mm-dd',
      undefined,
      'm/d/yyyy',
    ])
    expect(ws.getCell('B1').value).toEqual({
      formula: 'A1+1',
      result: new Date(Date.UTC(2026, 1, 1)),
    })
  })

  it('an exported workbook imports back to the same values and inputs', async () => {
    const owner = rest(url, created.token)
    const exported = await bytesOf((await owner.exportXlsx(created.id)).blob)
    const again = await rest(url).importWorkbook({ name: 'Sales copy.xlsx', data: exported })
    const copy = rest(url, again.token)
    for (const [i, range] of [
      [0, 'A1:E5'],
      [1, 'A1:A2'],
    ] as const) {
      const before = await owner.readCells(created.id, created.sheets[i]!.id, range)
      const after = await copy.readCells(again.id, again.sheets[i]!.id, range)
      expect(after.values).toEqual(before.values)
    }
    const csvBefore = await (await owner.exportCsv(created.id, created.sheets[0]!.id)).blob.text()
    const csvAfter = await (await copy.exportCsv(again.id, again.sheets[0]!.id)).blob.text()
    expect(csvAfter).toBe(csvBefore)
    expect(csvBefore.split('\r\n')[1]).toBe('Apple,3,25%,2026-01-31,TRUE')
  })
})

describe('who may import and export', () => {
  let wb: CreatedWorkbook
  let viewer: string
  let editor: string

  beforeAll(async () => {
    wb = await rest(url).createWorkbook('roles')
    const owner = rest(url, wb.token)
    await owner.writeCells(wb.id, wb.sheets[0]!.id, { A1: 'secret' })
    viewer = (await owner.createLink(wb.id, 'view')).token
    editor = (await owner.createLink(wb.id, 'edit')).token
  })

  it('a viewer can export the sheet and the workbook', async () => {
    const csv = await rest(url, viewer).exportCsv(wb.id, wb.sheets[0]!.id)
    expect(await csv.blob.text()).toBe('secret')
    const xlsx = await rest(url, viewer).exportXlsx(wb.id)
    expect((await loadXlsx(await bytesOf(xlsx.blob))).worksheets[0]!.getCell('A1').value).toBe(
      'secret',
    )
  })

  it('without a token exports answer 401, with a foreign one 403', async () => {
    expect((await refused(rest(url).exportCsv(wb.id, wb.sheets[0]!.id))).status).toBe(401)
    expect((await refused(rest(url).exportXlsx(wb.id))).status).toBe(401)
    const other = await rest(url).createWorkbook('other')
    expect((await refused(rest(url, other.token).exportXlsx(wb.id))).status).toBe(403)
  })

  it('a viewer cannot import sheets into the workbook; nothing is added', async () => {
    const err = await refused(rest(url, viewer).importSheets(wb.id, csvFile('x.csv', 'a,b')))
    expect(err.status).toBe(403)
    expect(err.body?.code).toBe('FORBIDDEN')
    expect((await rest(url, wb.token).getWorkbook(wb.id)).sheets).toHaveLength(1)
    expect((await refused(rest(url).importSheets(wb.id, csvFile('x.csv', 'a,b')))).status).toBe(401)
  })

  it('an editor adds the sheets of several files, renamed where the name is taken', async () => {
    const added = await rest(url, editor).importSheets(wb.id, [
      csvFile('Sheet1.csv', 'x,y\n1,2'),
      { name: 'book.xlsx', data: await sampleXlsx() },
    ])
    expect(added.sheets.map((s) => s.name)).toEqual(['Sheet1 (2)', 'Data', 'Summary'])
    const after = await rest(url, wb.token).getWorkbook(wb.id)
    expect(after.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Sheet1 (2)', 'Data', 'Summary'])
    const read = await rest(url, editor).readCells(wb.id, added.sheets[2]!.id, 'A1')
    expect(read.values).toEqual([[14]])
  })
})

describe('bad files are refused and change nothing', () => {
  const cases: Array<{
    name: string
    file: () => Promise<ImportFile> | ImportFile
    status: number
    message: RegExp
  }> = [
    { name: 'an empty file', file: () => csvFile('empty.csv', ''), status: 400, message: /empty/ },
    {
      name: 'a CSV with only blank lines',
      file: () => csvFile('blank.csv', '\n\n,,\n'),
      status: 400,
      message: /no data/,
    },
    {
      name: 'random bytes named .xlsx',
      file: () => ({
        name: 'broken.xlsx',
        data: new Uint8Array(4096).map((_, i) => (i * 7919) % 251),
      }),
      status: 400,
      message: /not a valid \.xlsx/,
    },
    {
      name: 'a zip that is not a workbook',
      file: () => ({
        name: 'notes.xlsx',
        data: buildZip([{ name: 'hello.txt', data: Buffer.from('hi') }]),
      }),
      status: 400,
      message: /not an \.xlsx workbook/,
    },
    {
      name: 'a truncated workbook',
      file: async () => ({ name: 'cut.xlsx', data: (await sampleXlsx()).slice(0, 3000) }),
      status: 400,
      message: /xlsx/,
    },
    {
      name: 'a zip bomb (entries declaring more than the unzip limit)',
      file: () => ({
        name: 'bomb.xlsx',
        data: buildZip([
          { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(MAX_BYTES * 16, 0x20) },
        ]),
      }),
      status: 413,
      message: /expands to more than/,
    },
    {
      name: 'a zip bomb lying about its sizes',
      file: () => ({
        name: 'liar.xlsx',
        data: buildZip([
          {
            name: '[Content_Types].xml',
            data: Buffer.alloc(MAX_BYTES * 16, 0x20),
            declaredSize: 100,
          },
        ]),
      }),
      status: 400,
      message: /xlsx/,
    },
    {
      name: 'a file over the size limit',
      file: () => csvFile('big.csv', 'x,'.repeat(MAX_BYTES)),
      status: 413,
      message: /larger than 256 KB/,
    },
    {
      name: 'an unclosed quote',
      file: () => csvFile('quote.csv', 'a,"b\nc,d'),
      status: 400,
      message: /never closed/,
    },
    {
      name: 'a cell over the length limit',
      file: () => csvFile('long.csv', `ok\n${'x'.repeat(50_001)}`),
      status: 400,
      message: /row 2, column 1 has 50001 characters/,
    },
    {
      name: 'more cells than the import allows',
      file: () =>
        csvFile('many.csv', Array.from({ length: 501 }, () => '1,'.repeat(99) + '1').join('\n')),
      status: 400,
      message: /more than 50000 non-empty cells/,
    },
    {
      name: 'an old .xls file',
      file: () => ({ name: 'old.xls', data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]) }),
      status: 415,
      message: /\.xls/,
    },
    {
      name: 'a PDF',
      file: () => ({ name: 'doc.pdf', data: new TextEncoder().encode('%PDF-1.4') }),
      status: 415,
      message: /\.pdf/,
    },
    {
      name: 'binary data named .csv',
      file: () => ({ name: 'photo.csv', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) }),
      status: 400,
      message: /binary/,
    },
  ]

  it.each(cases)('$name', async ({ file, status, message }) => {
    const wb = await rest(url).createWorkbook('target')
    const before = workbookCount()
    const f = await file()
    const asNew = await refused(rest(url).importWorkbook(f))
    expect(asNew.status).toBe(status)
    expect(asNew.body?.message).toMatch(message)
    expect(workbookCount()).toBe(before)
    const intoExisting = await refused(rest(url, wb.token).importSheets(wb.id, f))
    expect(intoExisting.status).toBe(status)
    expect((await rest(url, wb.token).getWorkbook(wb.id)).sheets).toHaveLength(1)
  })

  it('a request that is not multipart gets 415', async () => {
    const res = await fetch(`${url}/api/workbooks/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /multipart/,
    )
  })

  it('a multipart request without a file gets 400', async () => {
    const form = new FormData()
    form.append('note', 'no file here')
    const res = await fetch(`${url}/api/workbooks/import`, { method: 'POST', body: form })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST')
  })

  it('an import into a workbook past its sheet limit adds nothing', async () => {
    const wb = await rest(url).createWorkbook('full')
    const xlsx = new ExcelJS.Workbook()
    for (let i = 0; i < 200; i++) xlsx.addWorksheet(`S${i}`).getCell('A1').value = i
    const file = { name: 'many.xlsx', data: new Uint8Array(await xlsx.xlsx.writeBuffer()) }
    const err = await refused(rest(url, wb.token).importSheets(wb.id, file))
    expect(err.status).toBe(400)
    expect(err.body?.code).toBe('LIMIT_EXCEEDED')
    expect((await rest(url, wb.token).getWorkbook(wb.id)).sheets).toHaveLength(1)
  })
})
