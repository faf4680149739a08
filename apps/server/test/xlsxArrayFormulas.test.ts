import type ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import { DYNAMIC_ARRAY_METADATA_XML } from '../src/transfer/xlsxDynamicArrays.js'
import { replaceIn, SHEET, xlsxFile, type ZipEdit } from '../src/transfer/__tests__/xlsxFixtures.js'
import { rest, serverForSuite } from './support/testServer.js'

/**
 * Array formulas through an XLSX round trip (import -> export -> import). The original is
 * written as Excel 365 writes it: legacy CSE array formulas (`{=SUM(A1:A3*B1:B3)}` in one
 * cell, `{=B1:B3*10}` over three) as `<f t="array">` alone, and dynamic arrays (`SORT`,
 * `UNIQUE`, `SEQUENCE`, a range plus one) as `<f t="array">` over their spill range on a cell
 * whose `cm` points to the XLDAPR record of `xl/metadata.xml`, with the spilled values cached
 * in the cells below. All of them import as formulas the engine evaluates as arrays, in their
 * top-left cell only; the dynamic ones spill and export as Excel 365's dynamic arrays, a legacy
 * one over several cells keeps its range (ARRAYFIT) and exports as `{=…}` again.
 */

const suite = serverForSuite({
  rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
})

const MAIN_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const METADATA_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml'

/** Gives the cells `cells` (addresses) `cm="1"` and the file Excel's metadata part for it. */
function dynamicArraysAt(cells: readonly string[]): ZipEdit[] {
  return [
    ...cells.map((at) =>
      replaceIn(SHEET, new RegExp(`<c r="${at}"([^>]*)>`), `<c r="${at}"$1 cm="1">`),
    ),
    (zip) => void zip.file('xl/metadata.xml', DYNAMIC_ARRAY_METADATA_XML),
    replaceIn(
      'xl/_rels/workbook.xml.rels',
      '</Relationships>',
      `<Relationship Id="rId99" Type="${MAIN_REL}/sheetMetadata" Target="metadata.xml"/></Relationships>`,
    ),
    replaceIn(
      '[Content_Types].xml',
      '</Types>',
      `<Override PartName="/xl/metadata.xml" ContentType="${METADATA_TYPE}"/></Types>`,
    ),
  ]
}

function arrayFormula(formula: string, ref: string, result: number): ExcelJS.CellValue {
  return { formula, result, shareType: 'array', ref } as ExcelJS.CellValue
}

/** Cached values below or beside an array's top-left cell, as Excel saves a spill. */
function cache(ws: ExcelJS.Worksheet, col: string, values: readonly number[]): void {
  values.forEach((v, i) => (ws.getCell(`${col}${i + 2}`).value = v))
}

async function original(): Promise<Uint8Array> {
  return xlsxFile(
    (ws) => {
      ;[3, 1, 5, 2, 3].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ;[2, 3, 4].forEach((v, i) => (ws.getCell(`B${i + 1}`).value = v))
      ws.getCell('C1').value = arrayFormula('SUM(A1:A3*B1:B3)', 'C1', 29)
      ws.getCell('D1').value = arrayFormula('_xlfn._xlws.SORT(A1:A5)', 'D1:D5', 1)
      cache(ws, 'D', [2, 3, 3, 5])
      ws.getCell('E1').value = arrayFormula('_xlfn.UNIQUE(A1:A5)', 'E1:E4', 3)
      cache(ws, 'E', [1, 5, 2])
      ws.getCell('F1').value = arrayFormula('_xlfn.SEQUENCE(3)', 'F1:F3', 1)
      cache(ws, 'F', [2, 3])
      ws.getCell('G1').value = arrayFormula('B1:B3+1', 'G1:G3', 3)
      cache(ws, 'G', [4, 5])
      ws.getCell('H1').value = arrayFormula('B1:B3*10', 'H1:H3', 20)
      cache(ws, 'H', [30, 40])
      ws.getCell('I1').value = { formula: 'SUM(A1:A3)*2', result: 18 }
      // A spill blocked by a value: Excel saves it over its own cell, with #SPILL! cached.
      ws.getCell('J1').value = {
        formula: '_xlfn.SEQUENCE(2)',
        result: { error: '#SPILL!' },
        shareType: 'array',
        ref: 'J1',
      } as unknown as ExcelJS.CellValue
      ws.getCell('J2').value = 7
    },
    ...dynamicArraysAt(['D1', 'E1', 'F1', 'G1', 'J1']),
  )
}

const EXPECTED = {
  range: 'C1:J5',
  inputs: [
    [
      '=SUM(A1:A3*B1:B3)',
      '=SORT(A1:A5)',
      '=UNIQUE(A1:A5)',
      '=SEQUENCE(3)',
      '=B1:B3+1',
      '=ARRAYFIT(B1:B3*10,3,1)',
      '=SUM(A1:A3)*2',
      '=SEQUENCE(2)',
    ],
    ['', '', '', '', '', '', '', '7'],
    ...Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => '')),
  ],
  values: [
    [29, 1, 3, 1, 3, 20, 18, '#SPILL!'],
    [null, 2, 1, 2, 4, 30, null, 7],
    [null, 3, 5, 3, 5, 40, null, null],
    [null, 3, 2, null, null, null, null, null],
    [null, 5, null, null, null, null, null, null],
  ],
}

async function contents(book: ImportedWorkbook) {
  const sheet = (book.sheets as unknown as [{ id: string }])[0]
  return rest(suite.url, book.token).readCells(book.id, sheet.id, 'C1:J5')
}

/** The cells of the first sheet holding a formula, as `cell attributes|formula attributes|text`. */
async function formulasIn(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = (await zip.file(SHEET)?.async('string')) ?? ''
  const attrs = (text: string): string =>
    [...text.matchAll(/(\w+)="([^"]*)"/g)]
      .map((a) => `${a[1]}=${a[2]}`)
      .filter((a) => !a.startsWith('s='))
      .sort()
      .join(' ')
  return [...xml.matchAll(/<c\b([^>]*)><f\b([^>]*)>([^<]*)<\/f>/g)].map(
    (m) => `${attrs(m[1] ?? '')}|${attrs(m[2] ?? '')}|${m[3]}`,
  )
}

async function part(bytes: Uint8Array, path: string): Promise<string | undefined> {
  return (await JSZip.loadAsync(bytes)).file(path)?.async('string')
}

async function exported(book: ImportedWorkbook): Promise<Uint8Array> {
  const file = await rest(suite.url, book.token).exportXlsx(book.id)
  return new Uint8Array(await file.blob.arrayBuffer())
}

describe('XLSX array formulas', () => {
  it('import CSE and dynamic arrays as array formulas and export them as Excel 365 dynamic arrays', async () => {
    const first = await rest(suite.url).importWorkbook({
      name: 'Arrays.xlsx',
      data: await original(),
    })
    expect(first.notices).toEqual([])
    expect(await contents(first)).toEqual(EXPECTED)

    const bytes = await exported(first)
    expect(await formulasIn(bytes)).toEqual([
      'cm=1 r=C1|ref=C1 t=array|SUM(A1:A3*B1:B3)',
      'cm=1 r=D1|ref=D1:D5 t=array|_xlfn._xlws.SORT(A1:A5)',
      // Excel's ref: the 4 values UNIQUE spills (the engine keeps room for 5).
      'cm=1 r=E1|ref=E1:E4 t=array|_xlfn.UNIQUE(A1:A5)',
      'cm=1 r=F1|ref=F1:F3 t=array|_xlfn.SEQUENCE(3)',
      'cm=1 r=G1|ref=G1:G3 t=array|B1:B3+1',
      // A legacy {=…} stays one, fixed to its range.
      'r=H1|ref=H1:H3 t=array|B1:B3*10',
      'r=I1||SUM(A1:A3)*2',
      'cm=1 r=J1 t=e|ref=J1 t=array|_xlfn.SEQUENCE(2)',
    ])
    expect(await part(bytes, 'xl/metadata.xml')).toBe(DYNAMIC_ARRAY_METADATA_XML)
    expect(await part(bytes, '[Content_Types].xml')).toContain(
      `<Override PartName="/xl/metadata.xml" ContentType="${METADATA_TYPE}"/>`,
    )
    expect(await part(bytes, 'xl/_rels/workbook.xml.rels')).toMatch(
      new RegExp(
        `<Relationship Id="[^"]+" Type="${MAIN_REL}/sheetMetadata" Target="metadata.xml"/>`,
      ),
    )

    const second = await rest(suite.url).importWorkbook({ name: 'Arrays again.xlsx', data: bytes })
    expect(second.notices).toEqual([])
    expect(await contents(second)).toEqual(EXPECTED)
    expect(await formulasIn(await exported(second))).toEqual(await formulasIn(bytes))
  })

  // ECMA-376 Part 4, "Single- and Multi-Cell Formulas": a multi-cell array formula whose
  // values are fewer than its cells repeats a single row or column and shows #N/A past the
  // values; with more values than cells, the top-left ones are kept.
  it('keep a legacy {=…} fitted to its range, computed and written back as Excel does', async () => {
    const data = await xlsxFile((ws) => {
      ;[1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B1').value = arrayFormula('A1:A2*10', 'B1:C4', 10)
      ws.getCell('D1').value = arrayFormula('TRANSPOSE(A1:A2)', 'D1:D1', 1)
      ws.getCell('E1').value = arrayFormula('SUM(A1:A2*10)', 'E1', 30)
      ws.getCell('F1').value = { formula: 'A1:A2*2', result: 2 }
    })
    const range = 'B1:F4'
    const expected = {
      range,
      inputs: [
        [
          '=ARRAYFIT(A1:A2*10,4,2)',
          '',
          '=ARRAYFIT(TRANSPOSE(A1:A2),1,1)',
          '=SUM(A1:A2*10)',
          '=@A1:A2*2',
        ],
        ['', '', '', '', ''],
        ['', '', '', '', ''],
        ['', '', '', '', ''],
      ],
      values: [
        [10, 10, 1, 30, 2],
        [20, 20, null, null, null],
        ['#N/A', '#N/A', null, null, null],
        ['#N/A', '#N/A', null, null, null],
      ],
    }
    const first = await rest(suite.url).importWorkbook({ name: 'Legacy.xlsx', data })
    const sheet = (first.sheets as unknown as [{ id: string }])[0]
    expect(await rest(suite.url, first.token).readCells(first.id, sheet.id, range)).toEqual(
      expected,
    )
    const bytes = await exported(first)
    expect(await formulasIn(bytes)).toEqual([
      'r=B1|ref=B1:C4 t=array|A1:A2*10',
      'r=D1|ref=D1 t=array|TRANSPOSE(A1:A2)',
      'cm=1 r=E1|ref=E1 t=array|SUM(A1:A2*10)',
      'r=F1||A1:A2*2',
    ])
    const second = await rest(suite.url).importWorkbook({ name: 'Legacy again.xlsx', data: bytes })
    const again = (second.sheets as unknown as [{ id: string }])[0]
    expect(await rest(suite.url, second.token).readCells(second.id, again.id, range)).toEqual(
      expected,
    )
  })

  it('writes no metadata part for a workbook without array formulas', async () => {
    const book = await rest(suite.url).importWorkbook({
      name: 'Plain.xlsx',
      data: await xlsxFile((ws) => {
        ws.getCell('A1').value = 2
        ws.getCell('B1').value = { formula: 'A1*2', result: 4 }
      }),
    })
    const bytes = await exported(book)
    expect(await formulasIn(bytes)).toEqual(['r=B1||A1*2'])
    expect(await part(bytes, 'xl/metadata.xml')).toBeUndefined()
    expect(await part(bytes, '[Content_Types].xml')).not.toContain('metadata')
    expect(await part(bytes, 'xl/_rels/workbook.xml.rels')).not.toContain('sheetMetadata')
  })
  // Microsoft Support, "PIVOTBY function": a grand total row and column by default. Excel
  // saves the bare SUM given as its function as `_xleta.SUM`.
  it('round-trips a PIVOTBY cross table, its spill exactly the table', async () => {
    const data = await xlsxFile(
      (ws) => {
        const rows = [
          ['East', 2023, 10],
          ['West', 2023, 5],
          ['East', 2024, 7],
        ]
        rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(i + 1, j + 1).value = v)))
        ws.getCell('E1').value = arrayFormula(
          '_xlfn.PIVOTBY(A1:A3,B1:B3,C1:C3,_xleta.SUM)',
          'E1:H4',
          0,
        )
      },
      ...dynamicArraysAt(['E1']),
    )
    const table = [
      [null, 2023, 2024, 'Total'],
      ['East', 10, 7, 17],
      ['West', 5, null, 5],
      ['Total', 15, 7, 22],
    ]
    const read = async (book: ImportedWorkbook) => {
      const sheet = (book.sheets as unknown as [{ id: string }])[0]
      return rest(suite.url, book.token).readCells(book.id, sheet.id, 'E1:H4')
    }
    const first = await rest(suite.url).importWorkbook({ name: 'Pivot.xlsx', data })
    expect(first.notices).toEqual([])
    expect((await read(first)).inputs[0]?.[0]).toBe('=PIVOTBY(A1:A3,B1:B3,C1:C3,SUM)')
    expect((await read(first)).values).toEqual(table)
    const bytes = await exported(first)
    expect((await formulasIn(bytes)).filter((f) => f.includes('PIVOTBY'))).toEqual([
      'cm=1 r=E1|ref=E1:H4 t=array|_xlfn.PIVOTBY(A1:A3,B1:B3,C1:C3,_xleta.SUM)',
    ])
    const second = await rest(suite.url).importWorkbook({ name: 'Pivot again.xlsx', data: bytes })
    expect((await read(second)).values).toEqual(table)
  })
})
