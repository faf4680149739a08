import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { rest, serverForSuite } from './support/testServer.js'

/**
 * The server's engine is told which rows are hidden, as each browser's is: SUBTOTAL in REST
 * reads and exports leaves out what the shared filter (1–11 and 101–111) and hiding by hand
 * (101–111 only) leave out on screen, and follows the filter, its data and hidden rows.
 */
describe('REST: SUBTOTAL leaves out hidden and filtered rows', () => {
  const suite = serverForSuite()

  async function table() {
    const wb = await rest(suite.url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(suite.url, wb.token)
    await client.writeCells(wb.id, sheetId, {
      A1: 'Fruit',
      B1: 'Qty',
      A2: 'apple',
      B2: '10',
      A3: 'pear',
      B3: '20',
      A4: 'plum',
      B4: '=30+0',
      A5: 'fig',
      B5: '40',
      D1: '=SUBTOTAL(109,B2:B5)',
      D2: '=SUBTOTAL(9,B2:B5)',
      D3: '=SUM(B2:B5)',
    })
    const totals = async () =>
      (await client.readCells(wb.id, sheetId, 'D1:D3')).values.map((r) => r[0])
    return { wb, sheetId, client, totals }
  }

  it('a filter that hides a row changes the answer of GET …/cells, and follows the data', async () => {
    const { wb, sheetId, client, totals } = await table()
    expect(await totals()).toEqual([100, 100, 100])
    await client.setFilter(wb.id, sheetId, 'A1:B5', [{ col: 'A', hiddenValues: ['pear'] }])
    expect(await totals()).toEqual([80, 80, 100])
    // New criteria on another column: rows over 25 are left out too.
    await client.setFilter(wb.id, sheetId, 'A1:B5', [
      { col: 'A', hiddenValues: ['pear'] },
      { col: 'B', condition: { op: 'lt', value: 25 } },
    ])
    expect(await totals()).toEqual([10, 10, 100])
    // The data under the filter changes: plum's formula now passes the condition.
    await client.writeCells(wb.id, sheetId, { B4: '=3+0' })
    expect(await totals()).toEqual([13, 13, 73])
    await client.removeFilter(wb.id, sheetId)
    expect(await totals()).toEqual([73, 73, 73])
  })

  it('rows hidden by hand are left out by 101–111 only', async () => {
    const { wb, sheetId, client, totals } = await table()
    await client.setHidden(wb.id, sheetId, 'rows', 5, 1, true)
    expect(await totals()).toEqual([60, 100, 100])
    await client.setFilter(wb.id, sheetId, 'A1:B5', [{ col: 'A', hiddenValues: ['apple'] }])
    expect(await totals()).toEqual([50, 90, 100])
    await client.setHidden(wb.id, sheetId, 'rows', 5, 1, false)
    expect(await totals()).toEqual([90, 90, 100])
  })

  it('CSV and XLSX exports hold the totals the screen shows', async () => {
    const { wb, sheetId, client } = await table()
    await client.setFilter(wb.id, sheetId, 'A1:B5', [{ col: 'A', hiddenValues: ['pear'] }])
    await client.setHidden(wb.id, sheetId, 'rows', 5, 1, true)
    const csv = await (await client.exportCsv(wb.id, sheetId)).blob.text()
    const lines = csv.trim().split(/\r?\n/)
    expect(lines.map((l) => l.split(',')[3])).toEqual(['40', '80', '100', '', ''])
    const book = new ExcelJS.Workbook()
    const file = await client.exportXlsx(wb.id)
    await book.xlsx.load((await file.blob.arrayBuffer()) as Parameters<typeof book.xlsx.load>[0])
    const ws = book.worksheets[0]!
    expect(ws.getCell('D1').value).toEqual({ formula: 'SUBTOTAL(109,B2:B5)', result: 40 })
    expect(ws.getCell('D2').value).toEqual({ formula: 'SUBTOTAL(9,B2:B5)', result: 80 })
  })
})
