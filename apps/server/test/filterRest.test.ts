import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import type { RestError } from '@cellmate/client'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

describe('REST: shared filter', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('sets, reads (with the rows it hides on computed values) and removes a filter', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, {
      A1: 'Fruit',
      B1: 'Qty',
      A2: 'apple',
      B2: '=2*3',
      A3: 'pear',
      B3: '1',
      A4: 'plum',
      B4: '9',
    })
    expect(await client.getFilter(wb.id, sheetId)).toBeNull()
    const set = await client.setFilter(wb.id, sheetId, 'A1:B4', [
      { col: 'B', condition: { op: 'gt', value: 5 } },
      { col: 'A', hiddenValues: ['plum'] },
    ])
    expect(set).toEqual({
      range: 'A1:B4',
      columns: [
        { col: 'A', hiddenValues: ['plum'] },
        { col: 'B', condition: { op: 'gt', value: 5 } },
      ],
      hiddenRows: [3, 4],
    })
    expect(await client.getFilter(wb.id, sheetId)).toEqual(set)
    // The filter follows the data: the formula's value falls below 5.
    await client.writeCells(wb.id, sheetId, { B2: '=2*2' })
    expect((await client.getFilter(wb.id, sheetId))?.hiddenRows).toEqual([2, 3, 4])
    expect(await client.removeFilter(wb.id, sheetId)).toBe(true)
    expect(await client.getFilter(wb.id, sheetId)).toBeNull()
    expect(await client.removeFilter(wb.id, sheetId)).toBe(false)
  })

  it('a values filter reads a formula date as the grid shows it, and SUBTOTAL leaves its row out', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, {
      A1: 'Due',
      B1: 'Cost',
      A2: '1/31/2026',
      B2: '10',
      A3: '=A2+1',
      B3: '20',
      C1: '=SUBTOTAL(109,B2:B3)',
    })
    const set = await client.setFilter(wb.id, sheetId, 'A1:B3', [
      { col: 'A', hiddenValues: ['2/1/2026'] },
    ])
    expect(set?.hiddenRows).toEqual([3])
    expect((await client.readCells(wb.id, sheetId, 'C1')).values).toEqual([[10]])
  })

  it('refuses criteria outside the range, bad conditions and a viewer', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: RestError) => e.status,
      )
    expect(
      await refusal(client.setFilter(wb.id, sheetId, 'A1:B4', [{ col: 'C', fill: '#ff0000' }])),
    ).toBe(400)
    expect(
      await refusal(
        client.setFilter(wb.id, sheetId, 'A1:B4', [
          { col: 'A', condition: { op: 'gt', value: 'x' } },
        ]),
      ),
    ).toBe(400)
    expect(await refusal(client.setFilter(wb.id, sheetId, 'nope', []))).toBe(400)
    const link = await client.createLink(wb.id, 'view')
    const viewer = rest(url, link.token)
    expect(await refusal(viewer.setFilter(wb.id, sheetId, 'A1:B4'))).toBe(403)
    expect(await refusal(viewer.getFilter(wb.id, sheetId))).toBe(0)
  })

  it('the OpenAPI document describes the filter routes', async () => {
    const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const route = spec.paths['/api/workbooks/{id}/sheets/{sheetId}/filter']
    expect(Object.keys(route ?? {}).sort()).toEqual(['delete', 'get', 'put'])
  })
})
