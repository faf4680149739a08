import { describe, expect, it } from 'vitest'
import { RestError } from '@cellmate/client'
import { rest, serverForSuite } from './support/testServer.js'

describe('REST: defined names', () => {
  const suite = serverForSuite({
    rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
  })

  it('defines, lists, renames, repoints and deletes names; formulas using them follow', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(suite.url, wb.token)
    await client.writeCells(wb.id, sheetId, { B2: '10', B3: '20', B4: '30' })
    await client.writeCells(wb.id, sheetId, { D2: '=TaxRate' })
    expect((await client.readCells(wb.id, sheetId, 'D2')).values).toEqual([['#NAME?']])

    await client.addName(wb.id, { name: 'Sales', refersTo: 'B2:B4' })
    const names = await client.addName(wb.id, { name: 'TaxRate', refersTo: '=0.2', comment: 'VAT' })
    expect(names).toEqual([
      {
        id: expect.any(String),
        name: 'Sales',
        refersTo: '=Sheet1!B2:B4',
        scope: null,
        sheet: null,
      },
      {
        id: expect.any(String),
        name: 'TaxRate',
        refersTo: '=0.2',
        scope: null,
        sheet: null,
        comment: 'VAT',
      },
    ])
    expect(await client.listNames(wb.id)).toEqual(names)
    // Typed before the name existed: computes once it does.
    expect((await client.readCells(wb.id, sheetId, 'D2')).values).toEqual([[0.2]])
    await client.writeCells(wb.id, sheetId, { D1: '=SUM(sales)*TaxRate' })
    expect((await client.readCells(wb.id, sheetId, 'D1')).values).toEqual([[12]])

    // Rows inserted inside the range grow it; a rename keeps the formula computing.
    await client.insertRows(wb.id, sheetId, 3, 1)
    await client.writeCells(wb.id, sheetId, { B3: '40' })
    const sales = names[0]!.id
    let after = await client.updateName(wb.id, sales, { name: 'Revenue' })
    expect(after[0]).toMatchObject({ name: 'Revenue', refersTo: '=Sheet1!B2:B5' })
    expect(await client.readCells(wb.id, sheetId, 'D1')).toEqual({
      range: 'D1',
      inputs: [['=SUM(Revenue)*TaxRate']],
      values: [[20]],
    })
    // Deleting the range's last row shrinks it, as in Excel, instead of making it #REF!.
    await client.deleteRows(wb.id, sheetId, 5, 1)
    expect((await client.listNames(wb.id))[0]).toMatchObject({ refersTo: '=Sheet1!B2:B4' })
    expect((await client.readCells(wb.id, sheetId, 'D1')).values).toEqual([[14]])
    after = await client.updateName(wb.id, sales, { refersTo: 'Sheet1!$B$2' })
    expect(after[0]).toMatchObject({ refersTo: '=Sheet1!$B$2' })
    expect((await client.readCells(wb.id, sheetId, 'D1')).values).toEqual([[2]])

    after = await client.deleteName(wb.id, sales)
    expect(after.map((n) => n.name)).toEqual(['TaxRate'])
    expect((await client.readCells(wb.id, sheetId, 'D1')).values).toEqual([['#NAME?']])
  })

  it('keeps a sheet name local to its sheet and refuses bad or taken names', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const first = wb.sheets[0]!.id
    const client = rest(suite.url, wb.token)
    const second = await client.addSheet(wb.id, 'Costs')
    await client.addName(wb.id, { name: 'Rate', refersTo: '0.1' })
    const names = await client.addName(wb.id, { name: 'rate', refersTo: '0.5', scope: second.id })
    expect(names.map((n) => [n.name, n.sheet])).toEqual([
      ['Rate', null],
      ['rate', 'Costs'],
    ])
    await client.writeCells(wb.id, first, { A1: '=Rate' })
    await client.writeCells(wb.id, second.id, { A1: '=Rate' })
    expect((await client.readCells(wb.id, first, 'A1')).values).toEqual([[0.1]])
    expect((await client.readCells(wb.id, second.id, 'A1')).values).toEqual([[0.5]])

    for (const [name, message] of [
      ['RATE', /already/],
      ['A1', /cell reference/],
      ['my name', /spaces/],
      ['2x', /digit/],
    ] as const) {
      const refused = await client.addName(wb.id, { name, refersTo: '1' }).catch((e: unknown) => e)
      expect(refused, name).toBeInstanceOf(RestError)
      expect((refused as RestError).status).toBe(400)
      expect((refused as RestError).message).toMatch(message)
    }
    const view = await client.createLink(wb.id, 'view')
    const viewer = rest(suite.url, view.token)
    expect(await viewer.listNames(wb.id)).toHaveLength(2)
    const forbidden = await viewer
      .addName(wb.id, { name: 'X', refersTo: '1' })
      .catch((e: unknown) => e)
    expect((forbidden as RestError).status).toBe(403)
  })
})
