import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RestError } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Excel tables over REST: made over a range (the header row names the columns, as Excel's
 * "Format as Table" does), renamed and restyled, deleted with their cells kept; a name taken
 * anywhere in the workbook is refused.
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

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call
  } catch (err) {
    if (err instanceof RestError) return `${err.status} ${err.message}`
    throw err
  }
  throw new Error('the call was not refused')
}

describe('tables over REST', () => {
  it('makes, renames, restyles and deletes a table; names are unique in the workbook', async () => {
    const wb = await rest(url).createWorkbook('Tables')
    const client = rest(url, wb.token)
    const sheet = (wb.sheets[0] as { id: string }).id
    await client.writeCells(wb.id, sheet, { A1: 'Name', B1: 'Qty', A2: 'pens', B2: '3' })

    const [made] = await client.addTable(wb.id, sheet, { name: 'Stock', range: 'A1:C4' })
    expect(made).toMatchObject({
      name: 'Stock',
      range: 'A1:C4',
      headerRow: true,
      totalsRow: false,
      style: 'TableStyleMedium2',
      columns: ['Name', 'Qty', 'Column3'],
    })
    // Excel writes a name into an empty header cell.
    expect((await client.readCells(wb.id, sheet, 'C1')).values).toEqual([['Column3']])

    expect(await refusal(client.addTable(wb.id, sheet, { name: 'Other', range: 'B3:D6' }))).toMatch(
      /^400 .*overlaps the table Stock/,
    )
    const second = await client.addSheet(wb.id, 'Second')
    expect(
      await refusal(client.addTable(wb.id, second.id, { name: 'STOCK', range: 'A1:B3' })),
    ).toMatch(/^400 .*already a table or name/)
    await client.addName(wb.id, { name: 'Rate', refersTo: '=0.2' })
    expect(
      await refusal(client.addTable(wb.id, second.id, { name: 'rate', range: 'A1:B3' })),
    ).toMatch(/^400 .*already a table or name/)
    expect(
      await refusal(client.addTable(wb.id, second.id, { name: 'A1', range: 'A1:B3' })),
    ).toMatch(/^400 .*cell reference/)

    const id = made!.id
    const [renamed] = await client.updateTable(wb.id, sheet, id, {
      name: 'Stock2026',
      style: 'TableStyleLight9',
      totalsRow: true,
      columns: ['Item'],
    })
    expect(renamed).toMatchObject({
      name: 'Stock2026',
      style: 'TableStyleLight9',
      totalsRow: true,
      columns: ['Item', 'Qty', 'Column3'],
    })
    expect(await client.deleteTable(wb.id, sheet, id)).toEqual([])
    expect((await client.readCells(wb.id, sheet, 'A1:C1')).values).toEqual([
      ['Name', 'Qty', 'Column3'],
    ])
    expect(await refusal(client.deleteTable(wb.id, sheet, id))).toMatch(/^404/)
  })

  it('deleting a table writes the formulas that name it as plain ranges, on every sheet', async () => {
    const wb = await rest(url).createWorkbook('Convert')
    const client = rest(url, wb.token)
    const sheet = (wb.sheets[0] as { id: string }).id
    await client.writeCells(wb.id, sheet, { A1: 'Item', B1: 'Qty', A2: 'pens', B2: '3' })
    await client.writeCells(wb.id, sheet, { A3: 'ink', B3: '4' })
    const [table] = await client.addTable(wb.id, sheet, { name: 'Stock', range: 'A1:B3' })
    const report = await client.addSheet(wb.id, 'Report')
    await client.writeCells(wb.id, sheet, { D1: '=SUM(Stock[Qty])' })
    await client.writeCells(wb.id, report.id, { A1: '=COUNTA(Stock[#All])' })

    await client.deleteTable(wb.id, sheet, table!.id)

    const here = await client.readCells(wb.id, sheet, 'D1')
    expect(here.inputs).toEqual([['=SUM($B$2:$B$3)']])
    expect(here.values).toEqual([[7]])
    const there = await client.readCells(wb.id, report.id, 'A1')
    expect(there.inputs).toEqual([['=COUNTA(Sheet1!$A$1:$B$3)']])
    expect(there.values).toEqual([[6]])
  })

  it('writes rename a column through its header cell and grow a table from just under or beside it', async () => {
    const wb = await rest(url).createWorkbook('Typed')
    const client = rest(url, wb.token)
    const sheet = (wb.sheets[0] as { id: string }).id
    await client.writeCells(wb.id, sheet, { A1: 'Item', B1: 'Qty', A2: 'pens', B2: '3' })
    await client.addTable(wb.id, sheet, { name: 'Stock', range: 'A1:B2' })
    await client.writeCells(wb.id, sheet, { D1: '=SUM(Stock[Qty])' })
    const table = async () => {
      const [t] = await client.getTables(wb.id, sheet)
      return { range: t!.range, columns: t!.columns }
    }

    // A header cell written renames its column; the formula naming it follows.
    await client.writeCells(wb.id, sheet, { B1: 'Count' })
    expect(await table()).toEqual({ range: 'A1:B2', columns: ['Item', 'Count'] })
    expect((await client.readCells(wb.id, sheet, 'D1')).inputs).toEqual([['=SUM(Stock[Count])']])

    // Rows written just under it join it, and the sum takes them.
    await client.writeCells(wb.id, sheet, { A3: 'ink', B3: '4', A4: 'paper', B4: '5' })
    expect(await table()).toEqual({ range: 'A1:B4', columns: ['Item', 'Count'] })
    expect((await client.readCells(wb.id, sheet, 'D1')).values).toEqual([[12]])

    // A column written just right of it joins it under the name in its header cell.
    await client.writeCells(wb.id, sheet, { C1: 'Price', C2: '1.5' })
    expect(await table()).toEqual({ range: 'A1:C4', columns: ['Item', 'Count', 'Price'] })

    // A header cleared becomes ColumnN, as in Excel; a cell two rows under it grows nothing.
    await client.writeCells(wb.id, sheet, { C1: '', A6: 'far' })
    expect(await table()).toEqual({ range: 'A1:C4', columns: ['Item', 'Count', 'Column3'] })
    expect((await client.readCells(wb.id, sheet, 'C1')).values).toEqual([['Column3']])
  })

  it('a viewer reads tables but cannot make one; the OpenAPI document lists the routes', async () => {
    const wb = await rest(url).createWorkbook('Viewed')
    const owner = rest(url, wb.token)
    const sheet = (wb.sheets[0] as { id: string }).id
    await owner.addTable(wb.id, sheet, { name: 'T', range: 'A1:B3' })
    const link = await owner.createLink(wb.id, 'view')
    const viewer = rest(url, link.token)
    expect((await viewer.getTables(wb.id, sheet)).map((t) => t.name)).toEqual(['T'])
    expect(await refusal(viewer.addTable(wb.id, sheet, { name: 'U', range: 'D1:E3' }))).toMatch(
      /^403/,
    )
    const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const base = '/api/workbooks/{id}/sheets/{sheetId}/tables'
    expect(Object.keys(spec.paths[base] ?? {}).sort()).toEqual(['get', 'post'])
    expect(Object.keys(spec.paths[`${base}/{tableId}`] ?? {}).sort()).toEqual(['delete', 'patch'])
  })
})
