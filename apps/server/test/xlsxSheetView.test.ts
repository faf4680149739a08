import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import {
  SheetLayout,
  getFrozen,
  hiddenIndexes,
  setColWidths,
  setFrozen,
  sheetViewTypes,
  storedSize,
} from '@cellmate/model'
import { xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { openSheetClient, rest, serverForSuite, waitUntil } from './support/testServer.js'

/**
 * Frozen panes and rows and columns hidden by hand go through XLSX both ways, as Excel and
 * Sheets keep them: an imported file opens frozen and hidden as it was saved, an export
 * carries what the sheet shows, and export -> import gives the same sheet back. Rows a filter
 * hides are the filter's and go out showing.
 */
describe('XLSX frozen panes and hidden rows and columns', () => {
  const suite = serverForSuite({ rateLimits: { createPerMinute: 0, apiPerMinute: 0 } })

  /** What a sheet freezes and hides, read from the document everyone syncs. */
  async function sheetView(book: { id: string; token: string }, sheetId: string) {
    const client = await openSheetClient(suite.url, book.id, sheetId, book.token)
    try {
      const { colWidths, rowHeights } = sheetViewTypes(client.doc)
      return {
        frozen: getFrozen(client.doc),
        hiddenRows: hiddenIndexes(client.doc, 'rows'),
        hiddenCols: hiddenIndexes(client.doc, 'cols'),
        sizes: colWidths.size + rowHeights.size,
      }
    } finally {
      client.close()
    }
  }

  async function exported(book: { id: string; token: string }) {
    const file = await rest(suite.url, book.token).exportXlsx(book.id)
    const bytes = new Uint8Array(await file.blob.arrayBuffer())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
    const zip = await JSZip.loadAsync(bytes)
    const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string
    return { bytes, ws: wb.worksheets[0] as ExcelJS.Worksheet, xml }
  }

  it('an imported file opens with its frozen row and column, hidden row 3 and hidden column B', async () => {
    const bytes = await xlsxFile((ws) => {
      for (let r = 1; r <= 5; r++) for (const c of 'ABCD') ws.getCell(`${c}${r}`).value = `${c}${r}`
      ws.getRow(3).hidden = true
      ws.getColumn(2).hidden = true
      ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }]
    })
    const book = await rest(suite.url).importWorkbook({ name: 'Hidden.xlsx', data: bytes })
    expect(book.notices).toEqual([])
    const view = await sheetView(book, book.sheets[0]!.id)
    expect(view).toMatchObject({ frozen: { rows: 1, cols: 1 }, hiddenRows: [2], hiddenCols: [1] })
  })

  it('an export carries frozen panes and hidden rows and columns (not filtered rows), and comes back the same', async () => {
    const book = await rest(suite.url).createWorkbook()
    const sheetId = book.sheets[0]!.id
    const client = rest(suite.url, book.token)
    const cells: Record<string, string> = {}
    for (let r = 1; r <= 8; r++) for (const c of 'ABCDEF') cells[`${c}${r}`] = `${c}${r}`
    await client.writeCells(book.id, sheetId, cells)
    const editor = await openSheetClient(suite.url, book.id, sheetId, book.token)
    setFrozen(editor.doc, { rows: 2, cols: 1 })
    await waitUntil(async () => {
      const v = await sheetView(book, sheetId)
      return v.frozen.rows === 2
    })
    editor.close()
    // Row 4 and column C by hand, rows 12–13 (empty) and column H (empty) too; row 6 by a filter.
    await client.setHidden(book.id, sheetId, 'rows', 4, 1, true)
    await client.setHidden(book.id, sheetId, 'rows', 12, 2, true)
    await client.setHidden(book.id, sheetId, 'cols', 3, 1, true)
    await client.setHidden(book.id, sheetId, 'cols', 8, 1, true)
    await client.setFilter(book.id, sheetId, 'A5:A8', [{ col: 'A', hiddenValues: ['A6'] }])
    const before = await sheetView(book, sheetId)
    expect(before).toEqual({
      frozen: { rows: 2, cols: 1 },
      hiddenRows: [3, 11, 12],
      hiddenCols: [2, 7],
      sizes: 0,
    })

    const once = await exported(book)
    expect(once.ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 })
    const hiddenRows = [1, 2, 3, 4, 5, 6, 7, 8, 12, 13].filter((n) => once.ws.getRow(n).hidden)
    expect(hiddenRows).toEqual([4, 12, 13])
    expect([1, 2, 3, 4, 8].filter((n) => once.ws.getColumn(n).hidden)).toEqual([3, 8])
    // Hidden, not sized: no width Cellmate did not have (Excel uses its default).
    expect(once.xml).toContain(
      '<cols><col min="3" max="3" hidden="1"/><col min="8" max="8" hidden="1"/></cols>',
    )
    expect(once.xml).toContain('<row r="12" hidden="1"/><row r="13" hidden="1"/>')
    expect(once.ws.getCell('D4').value).toBe('D4')

    const again = await rest(suite.url).importWorkbook({ name: 'Again.xlsx', data: once.bytes })
    expect(again.notices).toEqual([])
    // The filter is not exported, and its row was never hidden by hand: it shows.
    expect(await sheetView(again, again.sheets[0]!.id)).toEqual(before)
    const twice = await exported(again)
    expect(twice.xml.match(/<sheetViews>.*<\/sheetViews>/)?.[0]).toBe(
      once.xml.match(/<sheetViews>.*<\/sheetViews>/)?.[0],
    )
    expect(twice.xml.match(/<cols>.*<\/cols>/)?.[0]).toBe(once.xml.match(/<cols>.*<\/cols>/)?.[0])
  })

  it('a column both sized and hidden keeps its width, and a sheet with only hidden columns still writes them', async () => {
    const book = await rest(suite.url).createWorkbook()
    const sheetId = book.sheets[0]!.id
    const editor = await openSheetClient(suite.url, book.id, sheetId, book.token)
    const layout = new SheetLayout(editor.doc)
    setColWidths(editor.doc, [layout.colId(1) as string], 180)
    layout.destroy()
    await waitUntil(async () => (await sheetView(book, sheetId)).sizes === 1)
    editor.close()
    const client = rest(suite.url, book.token)
    await client.setHidden(book.id, sheetId, 'cols', 2, 2, true)
    const once = await exported(book)
    expect(once.xml).toMatch(
      /<cols><col min="2" max="2" width="[0-9.]+" customWidth="1" hidden="1"\/><col min="3" max="3" hidden="1"\/><\/cols>/,
    )
    const again = await rest(suite.url).importWorkbook({ name: 'Cols.xlsx', data: once.bytes })
    const client2 = await openSheetClient(suite.url, again.id, again.sheets[0]!.id, again.token)
    try {
      expect(hiddenIndexes(client2.doc, 'cols')).toEqual([1, 2])
      const layout = new SheetLayout(client2.doc)
      const { colWidths } = sheetViewTypes(client2.doc)
      expect(storedSize(colWidths, layout.colId(1) as string)).toBe(180)
      expect(colWidths.size).toBe(1)
      layout.destroy()
    } finally {
      client2.close()
    }
  })

  it('CSV export still lists hidden rows and columns', async () => {
    const book = await rest(suite.url).createWorkbook()
    const sheetId = book.sheets[0]!.id
    const client = rest(suite.url, book.token)
    await client.writeCells(book.id, sheetId, { A1: 'a', B1: 'b', A2: 'c', B2: 'd' })
    await client.setHidden(book.id, sheetId, 'rows', 2, 1, true)
    await client.setHidden(book.id, sheetId, 'cols', 1, 1, true)
    const csv = await (await client.exportCsv(book.id, sheetId)).blob.text()
    expect(csv.trim().split(/\r?\n/)).toEqual(['a,b', 'c,d'])
  })
})
