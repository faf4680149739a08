import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

describe('REST: data validation', () => {
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

  it('stores rules; a reject rule refuses a write with 422 naming it; a warning rule does not', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const rules = await client.setValidations(wb.id, sheetId, [
      { range: 'B2:B20', kind: 'list', items: ['Open', 'Done'], strict: true },
      {
        range: 'C2:C20',
        kind: 'number',
        op: 'between',
        min: 1,
        max: 5,
        strict: true,
        message: 'Score 1 to 5',
      },
      { range: 'D2:D20', kind: 'textLength', op: 'lte', min: 3, strict: false },
      { range: 'F2:F5', kind: 'listRange', source: '$H$1:$H$2', strict: true },
    ])
    expect(rules.map((r) => r.range)).toHaveLength(4)
    expect(await client.getValidations(wb.id, sheetId)).toEqual(rules)

    await client.writeCells(wb.id, sheetId, {
      B2: 'done',
      C2: '5',
      D2: 'too long',
      H1: 'x',
      H2: 'y',
    })
    await expect(client.writeCells(wb.id, sheetId, { B3: 'Maybe' })).rejects.toMatchObject({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'B3: "Maybe" breaks the validation rule on B2:B20: enter one of: Open, Done',
      },
    })
    await expect(client.writeCells(wb.id, sheetId, { A1: 'ok', C3: '9' })).rejects.toMatchObject({
      status: 422,
      body: { message: 'Score 1 to 5' },
    })
    await expect(client.writeCells(wb.id, sheetId, { F2: 'z' })).rejects.toMatchObject({
      status: 422,
    })
    await client.writeCells(wb.id, sheetId, { F2: 'y', B4: '' })
    // Nothing of a refused write was stored.
    expect((await client.readCells(wb.id, sheetId, 'A1:C3')).inputs).toEqual([
      ['', '', ''],
      ['', 'done', '5'],
      ['', '', ''],
    ])

    // Rows inserted inside a rule's range widen it.
    await client.insertRows(wb.id, sheetId, 3, 2)
    const after = await client.getValidations(wb.id, sheetId)
    expect(after.find((r) => r.kind === 'list')?.range).toBe('B2:B22')

    await expect(
      client.setValidations(wb.id, sheetId, [
        { range: 'A1', kind: 'list', items: [], strict: true },
      ]),
    ).rejects.toMatchObject({ status: 400 })
    expect(await client.setValidations(wb.id, sheetId, [])).toEqual([])
    await client.writeCells(wb.id, sheetId, { B3: 'Maybe' })
  })
  it('a custom-formula reject rule is evaluated per cell, relative references shifted', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, { C2: '10', C3: '20' })
    // B2:B9 must stay below the budget in column C of the same row.
    await client.setValidations(wb.id, sheetId, [
      { range: 'B2:B9', kind: 'custom', formula: '=B2<C2', strict: true, message: 'Over budget' },
    ])
    await client.writeCells(wb.id, sheetId, { B2: '9', B3: '19' })
    await expect(client.writeCells(wb.id, sheetId, { B3: '21' })).rejects.toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', message: 'Over budget' },
    })
    await expect(client.writeCells(wb.id, sheetId, { B2: '10' })).rejects.toMatchObject({
      status: 422,
    })
    expect((await client.readCells(wb.id, sheetId, 'B2:B3')).inputs).toEqual([['9'], ['19']])
  })

  it('a write puts at most 2,000 values under custom-formula reject rules per request', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.setValidations(wb.id, sheetId, [
      { range: 'A1:C1000', kind: 'custom', formula: '=A1>0', strict: true },
    ])
    // Row by row over A:C: the 2,001st value is B667.
    const values = (n: number): Record<string, string> =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `${'ABC'[i % 3]}${Math.floor(i / 3) + 1}`,
          String(i + 1),
        ]),
      )
    // Each is one formula evaluation on the server's event loop: refused before any is made.
    await expect(client.writeCells(wb.id, sheetId, values(2001))).rejects.toMatchObject({
      status: 400,
      body: { code: 'LIMIT_EXCEEDED', message: expect.stringContaining('smaller parts') },
    })
    expect((await client.readCells(wb.id, sheetId, 'A1')).inputs).toEqual([['']])
    // Formulas and empty values are not checked, so they do not count; 2,000 values pass.
    await client.writeCells(wb.id, sheetId, { ...values(2000), C667: '=1', A668: '' })
    expect((await client.readCells(wb.id, sheetId, 'A667:C667')).inputs).toEqual([
      ['1999', '2000', '=1'],
    ])
  })

  it('references inside rules follow a row inserted above, and a delete snaps a source range', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, { H1: 'x', H2: 'y', G1: '10' })
    await client.setValidations(wb.id, sheetId, [
      { range: 'F2:F5', kind: 'listRange', source: '$H$1:$H$2', strict: true },
      { range: 'D2:D5', kind: 'custom', formula: '=D2<$G$1', strict: true },
    ])
    await client.insertRows(wb.id, sheetId, 1, 1)
    const rules = await client.getValidations(wb.id, sheetId)
    expect(rules.map((r) => [r.range, r.source ?? r.formula]).sort()).toEqual([
      ['D3:D6', '=D3<$G$2'],
      ['F3:F6', '$H$2:$H$3'],
    ])
    // The dropdown still offers both values, and the bound is still 10.
    await client.writeCells(wb.id, sheetId, { F3: 'x', F4: 'y', D3: '9' })
    await expect(client.writeCells(wb.id, sheetId, { D4: '11' })).rejects.toMatchObject({
      status: 422,
    })
    // The source's first row goes: the range keeps its other row, as a cell formula's would.
    await client.deleteRows(wb.id, sheetId, 2, 1)
    const after = await client.getValidations(wb.id, sheetId)
    expect(after.find((r) => r.kind === 'listRange')?.source).toBe('$H$2:$H$2')
  })
  it('a custom rule reading another sheet keeps checking against it after it is renamed and rows go in above', async () => {
    const wb = await rest(url).createWorkbook()
    const budget = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const sheet = await client.addSheet(wb.id, 'Sheet2')
    await client.writeCells(wb.id, budget, { E1: '100' })
    const [rule] = await client.setValidations(wb.id, sheet.id, [
      { range: 'D4:D9', kind: 'custom', formula: '=D4<=Sheet1!$E$1', strict: true },
    ])
    expect(rule?.formula).toBe('=D4<=Sheet1!$E$1')
    await client.updateSheet(wb.id, budget, { name: 'Budget' })
    await client.insertRows(wb.id, budget, 1, 2)
    const [moved] = await client.getValidations(wb.id, sheet.id)
    expect(moved?.formula).toBe('=D4<=Budget!$E$3')
    await client.writeCells(wb.id, sheet.id, { D4: '90' })
    await expect(client.writeCells(wb.id, sheet.id, { D5: '120' })).rejects.toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED' },
    })
    await client.deleteSheet(wb.id, budget)
    const [gone] = await client.getValidations(wb.id, sheet.id)
    expect(gone?.formula).toBe('=D4<=#REF!')
  })

  it('a dropdown lists another sheet: it follows its inserts, deletes and rename, and its deletion empties it', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const lists = await client.addSheet(wb.id, 'Lists')
    await client.writeCells(wb.id, lists.id, { A1: 'Red', A2: 'Green', A3: 'Blue' })
    const [rule] = await client.setValidations(wb.id, sheetId, [
      { range: 'B2:B5', kind: 'listRange', source: 'Lists!$A$1:$A$3', strict: true },
    ])
    expect(rule?.source).toBe('Lists!$A$1:$A$3')
    await client.writeCells(wb.id, sheetId, { B2: 'green' })
    await expect(client.writeCells(wb.id, sheetId, { B3: 'Pink' })).rejects.toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED' },
    })
    // Lists changes: a row inserted above, its first value (Red) deleted, Blue edited, renamed.
    await client.insertRows(wb.id, lists.id, 1, 1)
    await client.deleteRows(wb.id, lists.id, 2, 1)
    await client.writeCells(wb.id, lists.id, { A3: 'Pink' })
    await client.updateSheet(wb.id, lists.id, { name: 'Colours' })
    const [moved] = await client.getValidations(wb.id, sheetId)
    expect(moved?.source).toBe('Colours!$A$2:$A$3')
    await client.writeCells(wb.id, sheetId, { B3: 'Pink' })
    await expect(client.writeCells(wb.id, sheetId, { B4: 'Red' })).rejects.toMatchObject({
      status: 422,
    })
    await expect(
      client.setValidations(wb.id, sheetId, [
        { range: 'B2:B5', kind: 'listRange', source: 'Nowhere!$A$1:$A$3', strict: true },
      ]),
    ).rejects.toMatchObject({ status: 400 })
    // The sheet goes: the list is empty, and says why.
    await client.deleteSheet(wb.id, lists.id)
    const [gone] = await client.getValidations(wb.id, sheetId)
    expect(gone?.source).toBe('#REF!')
    await expect(client.writeCells(wb.id, sheetId, { B5: 'Pink' })).rejects.toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/was deleted/) },
    })
  })

  it("a dropdown lists another sheet's whole column (Lists!A:A, =Lists!$A:$A), as in Excel", async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const lists = await client.addSheet(wb.id, 'Lists')
    await client.writeCells(wb.id, lists.id, { A1: 'Red', A2: 'Green', A40: 'Blue' })
    const [rule] = await client.setValidations(wb.id, sheetId, [
      { range: 'B2:B5', kind: 'listRange', source: 'Lists!A:A', strict: true },
    ])
    expect(rule?.source).toBe('Lists!A:A')
    await client.writeCells(wb.id, sheetId, { B2: 'blue' })
    await expect(client.writeCells(wb.id, sheetId, { B3: 'Pink' })).rejects.toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/Lists!A:A/) },
    })
    // Stored anchored: a column inserted before it and a rename are followed.
    await client.insertCols(wb.id, lists.id, 'A', 1)
    await client.updateSheet(wb.id, lists.id, { name: 'Colours' })
    expect((await client.getValidations(wb.id, sheetId))[0]?.source).toBe('Colours!B:B')
    await client.writeCells(wb.id, sheetId, { B3: 'Green' })
    // Excel's form, with its = and $.
    const [excel] = await client.setValidations(wb.id, sheetId, [
      { range: 'C2:C5', kind: 'listRange', source: '=Colours!$B:$B', strict: true },
    ])
    expect(excel?.source).toBe('Colours!$B:$B')
    await client.writeCells(wb.id, sheetId, { C2: 'Red' })
    // A sheet that is not there is still refused, saying so.
    for (const source of ['Nowhere!A:A', '=Nowhere!$A:$A']) {
      await expect(
        client.setValidations(wb.id, sheetId, [
          { range: 'B2:B5', kind: 'listRange', source, strict: true },
        ]),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/names no sheet/) })
    }
  })
})
