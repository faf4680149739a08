import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/** Conditional formats through XLSX: an Excel file's rules are imported, exported, re-imported. */

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

const red = { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } } as const

function original(): Promise<Uint8Array> {
  return xlsxFile((ws) => {
    for (let i = 1; i <= 5; i++) ws.getCell(`A${i}`).value = i * 10
    ws.addConditionalFormatting({
      ref: 'A1:A5',
      rules: [
        {
          type: 'cellIs',
          operator: 'greaterThan',
          formulae: ['25'],
          priority: 2,
          style: { ...red, font: { bold: true, color: { argb: 'FF9C0006' } } },
        },
        { type: 'top10', rank: 2, percent: false, bottom: false, priority: 1, style: red },
      ],
    })
    ws.addConditionalFormatting({
      ref: 'B1:B5',
      rules: [
        {
          type: 'colorScale',
          priority: 3,
          cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
          color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
        },
      ],
    })
    ws.addConditionalFormatting({
      ref: 'C1:C5',
      rules: [
        { type: 'expression', formulae: ['MOD(ROW(),2)=0'], priority: 4, style: red },
        {
          type: 'iconSet',
          iconSet: '3Arrows',
          priority: 5,
          cfvo: [
            { type: 'percent', value: 0 },
            { type: 'percent', value: 33 },
            { type: 'percent', value: 67 },
          ],
        },
      ],
    })
  })
}

async function rules(book: ImportedWorkbook) {
  const sheetId = book.sheets[0]!.id
  return rest(url, book.token).getConditionalFormats(book.id, sheetId)
}

describe('XLSX conditional formats', () => {
  it('imports the rules Cellmate has, exports them, and a re-import reads the same rules', async () => {
    const first = await rest(url).importWorkbook({ name: 'Rules.xlsx', data: await original() })
    expect(first.notices.join(' ')).toMatch(/1 icon set rule\(s\) on "Data" were skipped/)
    const imported = await rules(first)
    expect(imported.map(({ id: _id, ...r }) => r)).toEqual([
      {
        kind: 'topBottom',
        op: 'top',
        count: 2,
        range: 'A1:A5',
        priority: 0,
        style: { fill: '#ffc7ce' },
      },
      {
        kind: 'cellValue',
        op: 'gt',
        value: 25,
        range: 'A1:A5',
        priority: 1,
        style: { fill: '#ffc7ce', color: '#9c0006', bold: true },
      },
      {
        kind: 'colorScale',
        colors: ['#f8696b', '#ffeb84', '#63be7b'],
        range: 'B1:B5',
        priority: 2,
      },
      {
        kind: 'formula',
        formula: '=MOD(ROW(),2)=0',
        range: 'C1:C5',
        priority: 3,
        style: { fill: '#ffc7ce' },
      },
    ])

    const file = await rest(url, first.token).exportXlsx(first.id)
    const bytes = new Uint8Array(await file.blob.arrayBuffer())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
    const written = (
      wb.worksheets[0] as unknown as {
        conditionalFormattings: Array<{ ref: string; rules: Array<{ type: string }> }>
      }
    ).conditionalFormattings
    expect(written.map((cf) => [cf.ref, cf.rules.map((r) => r.type)])).toEqual([
      ['A1:A5', ['top10']],
      ['A1:A5', ['cellIs']],
      ['B1:B5', ['colorScale']],
      ['C1:C5', ['expression']],
    ])

    const second = await rest(url).importWorkbook({ name: 'Rules again.xlsx', data: bytes })
    expect(second.notices).toEqual([])
    const strip = (list: typeof imported) => list.map(({ id: _id, ...r }) => r)
    expect(strip(await rules(second))).toEqual(strip(imported))
  })

  it('keeps stop-if-true and above/below average rules both ways, and says icon sets were skipped', async () => {
    const file = await xlsxFile(
      (ws) => {
        for (let i = 1; i <= 5; i++) ws.getCell(`A${i}`).value = i
        ws.addConditionalFormatting({
          ref: 'A1:A5',
          rules: [
            { type: 'cellIs', operator: 'greaterThan', formulae: ['4'], priority: 1, style: red },
            { type: 'aboveAverage', aboveAverage: false, priority: 2, style: red },
            { type: 'aboveAverage', aboveAverage: true, priority: 3, style: red },
            {
              type: 'iconSet',
              iconSet: '3TrafficLights1',
              priority: 4,
              cfvo: [
                { type: 'percent', value: 0 },
                { type: 'percent', value: 33 },
                { type: 'percent', value: 67 },
              ],
            },
          ],
        })
      },
      // What Excel writes and exceljs does not: stop if true, and "or equal to" the average.
      async (zip) => {
        const path = 'xl/worksheets/sheet1.xml'
        const xml = await zip.file(path)!.async('string')
        const edited = xml
          .replace(/(<cfRule type="cellIs"[^>]*?)>/, '$1 stopIfTrue="1">')
          .replace(
            /(<cfRule type="aboveAverage"[^>]*?aboveAverage="0"[^>]*?)\/>/,
            '$1 equalAverage="1"/>',
          )
        expect(edited).not.toBe(xml)
        zip.file(path, edited)
      },
    )
    const book = await rest(url).importWorkbook({ name: 'Averages.xlsx', data: file })
    expect(book.notices).toEqual([
      '1 icon set rule(s) on "Data" were skipped: Cellmate does not draw icon sets.',
    ])
    const imported = (await rules(book)).map(({ id: _id, ...r }) => r)
    expect(imported).toEqual([
      {
        kind: 'cellValue',
        op: 'gt',
        value: 4,
        range: 'A1:A5',
        priority: 0,
        stopIfTrue: true,
        style: { fill: '#ffc7ce' },
      },
      {
        kind: 'average',
        op: 'belowOrEqual',
        range: 'A1:A5',
        priority: 1,
        style: { fill: '#ffc7ce' },
      },
      { kind: 'average', op: 'above', range: 'A1:A5', priority: 2, style: { fill: '#ffc7ce' } },
    ])

    const exported = await rest(url, book.token).exportXlsx(book.id)
    const bytes = new Uint8Array(await exported.blob.arrayBuffer())
    const zip = await JSZip.loadAsync(bytes)
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
    const cfRules = xml.match(/<cfRule [^>]*>/g) ?? []
    expect(cfRules).toHaveLength(3)
    expect(cfRules[0]).toMatch(/type="cellIs"[^>]*stopIfTrue="1"/)
    expect(cfRules[1]).toMatch(/type="aboveAverage"[^>]*aboveAverage="0"[^>]*equalAverage="1"/)
    expect(cfRules[2]).toMatch(/type="aboveAverage"/)
    expect(cfRules[2]).not.toMatch(/aboveAverage="0"|equalAverage|stopIfTrue/)

    const again = await rest(url).importWorkbook({ name: 'Averages again.xlsx', data: bytes })
    expect(again.notices).toEqual([])
    expect((await rules(again)).map(({ id: _id, ...r }) => r)).toEqual(imported)
  })
})
