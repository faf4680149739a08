import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

describe('REST: conditional formats', () => {
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

  it('adds rules in priority order, changes, moves and deletes them', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.addConditionalFormat(wb.id, sheetId, {
      range: 'B2:B20',
      kind: 'cellValue',
      op: 'gt',
      value: 10,
      style: { fill: '#ff0000', bold: true },
    })
    await client.addConditionalFormat(wb.id, sheetId, {
      range: 'C2:C20',
      kind: 'colorScale',
      colors: ['#ffffff', '#00ff00'],
    })
    let rules = await client.addConditionalFormat(wb.id, sheetId, {
      range: 'D1',
      kind: 'text',
      op: 'contains',
      value: 'late',
      style: { color: '#0000ff' },
      first: true,
    })
    expect(rules.map((r) => [r.kind, r.range, r.priority])).toEqual([
      ['text', 'D1', 0],
      ['cellValue', 'B2:B20', 1],
      ['colorScale', 'C2:C20', 2],
    ])
    expect(await client.getConditionalFormats(wb.id, sheetId)).toEqual(rules)

    const scale = rules[2]!.id
    rules = await client.updateConditionalFormat(wb.id, sheetId, scale, {
      priority: 0,
      range: 'C2:C30',
    })
    expect(rules.map((r) => [r.id, r.range])[0]).toEqual([scale, 'C2:C30'])
    rules = await client.updateConditionalFormat(wb.id, sheetId, scale, {
      kind: 'dataBar',
      barColor: '#638ec6',
    })
    expect(rules[0]).toMatchObject({ id: scale, kind: 'dataBar', barColor: '#638ec6' })
    expect(rules[0]).not.toHaveProperty('colors')

    rules = await client.deleteConditionalFormat(wb.id, sheetId, scale)
    expect(rules.map((r) => r.kind)).toEqual(['text', 'cellValue'])
    await expect(client.deleteConditionalFormat(wb.id, sheetId, scale)).rejects.toMatchObject({
      status: 404,
    })
  })

  it('refuses malformed rules with 400 and changes nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const bad = [
      { range: 'A1', kind: 'cellValue', op: 'gt', value: 1 },
      { range: 'A1', kind: 'cellValue', op: 'gt', value: 1, style: { fill: 'red' } },
      { range: 'A1', kind: 'colorScale', colors: ['#ffffff'] },
      { range: 'nope', kind: 'unique', style: { bold: true } },
      { range: 'A1', kind: 'topBottom', op: 'top', count: 5000, style: { bold: true } },
      { range: 'A1', kind: 'unique', style: { bold: true, onclick: 'x' } },
    ]
    for (const rule of bad) {
      await expect(
        client.addConditionalFormat(wb.id, sheetId, rule as never),
        JSON.stringify(rule),
      ).rejects.toMatchObject({ status: 400 })
    }
    expect(await client.getConditionalFormats(wb.id, sheetId)).toEqual([])
  })

  it('a custom formula follows a row inserted above and keeps its text when the range changes', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const [added] = await client.addConditionalFormat(wb.id, sheetId, {
      range: 'A2:B3',
      kind: 'formula',
      formula: '=$B2="Late"',
      style: { fill: '#ffcccc' },
    })
    await client.insertRows(wb.id, sheetId, 1, 1)
    let rules = await client.getConditionalFormats(wb.id, sheetId)
    expect(rules.map((r) => [r.range, r.formula])).toEqual([['A3:B4', '=$B3="Late"']])
    rules = await client.updateConditionalFormat(wb.id, sheetId, added!.id, { range: 'A3:B9' })
    expect(rules.map((r) => [r.range, r.formula])).toEqual([['A3:B9', '=$B3="Late"']])
  })

  it("a formula reading another sheet follows that sheet's rename and inserts, #REF! once it goes", async () => {
    const wb = await rest(url).createWorkbook()
    const prices = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const sheet = await client.addSheet(wb.id, 'Sheet2')
    const [added] = await client.addConditionalFormat(wb.id, sheet.id, {
      range: 'D4:D9',
      kind: 'formula',
      formula: '=D4=Sheet1!$E$1',
      style: { fill: '#ffcccc' },
    })
    expect(added?.formula).toBe('=D4=Sheet1!$E$1')
    await client.updateSheet(wb.id, prices, { name: 'Prices' })
    await client.insertRows(wb.id, prices, 1, 1)
    let rules = await client.getConditionalFormats(wb.id, sheet.id)
    expect(rules.map((r) => r.formula)).toEqual(['=D4=Prices!$E$2'])
    // Its range changed, the formula keeps reading the same cell of Prices.
    rules = await client.updateConditionalFormat(wb.id, sheet.id, added!.id, { range: 'D4:D20' })
    expect(rules.map((r) => [r.range, r.formula])).toEqual([['D4:D20', '=D4=Prices!$E$2']])
    await client.deleteSheet(wb.id, prices)
    rules = await client.getConditionalFormats(wb.id, sheet.id)
    expect(rules.map((r) => r.formula)).toEqual(['=D4=#REF!'])
  })
})
