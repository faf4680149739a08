import { describe, expect, it } from 'vitest'
import { rest, serverForSuite } from './support/testServer.js'

describe('REST sort', () => {
  const suite = serverForSuite()

  it('sorts rows under a header by computed values, keeping totals and other sheets right', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const api = rest(suite.url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, {
      A1: 'Name',
      B1: 'Score',
      A2: 'cleo',
      B2: '=5*2',
      A3: 'Ann',
      B3: '30',
      A4: 'bob',
      B4: '20',
      C2: 'x',
      D6: '=SUM(B2:B4)',
      D7: '=B2',
    })
    const answer = await api.sortRange(wb.id, sheetId, {
      range: 'A1:B4',
      keys: [{ col: 'B', desc: true }],
      header: true,
    })
    expect(answer).toEqual({ range: 'A2:B4', moved: 3 })
    const read = await api.readCells(wb.id, sheetId, 'A1:D7')
    expect(read.inputs.slice(0, 4)).toEqual([
      ['Name', 'Score', '', ''],
      ['Ann', '30', '', ''],
      ['bob', '20', '', ''],
      ['cleo', '=5*2', 'x', ''],
    ])
    expect(read.inputs[5]![3]).toBe('=SUM(B2:B4)')
    expect(read.values[5]![3]).toBe(60)
    expect(read.inputs[6]![3]).toBe('=B4')

    await api.sortRange(wb.id, sheetId, { range: 'A2:B4', keys: [{ col: 1 }] })
    const byName = await api.readCells(wb.id, sheetId, 'A2:A4')
    expect(byName.inputs.flat()).toEqual(['Ann', 'bob', 'cleo'])
  })

  it('refuses a key outside the range, a bad range and a viewer', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const api = rest(suite.url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await expect(
      api.sortRange(wb.id, sheetId, { range: 'A1:B4', keys: [{ col: 'C' }] }),
    ).rejects.toMatchObject({ status: 400 })
    await expect(
      api.sortRange(wb.id, sheetId, { range: 'A1:', keys: [{ col: 'A' }] }),
    ).rejects.toMatchObject({ status: 400 })
    const link = await api.createLink(wb.id, 'view')
    await expect(
      rest(suite.url, link.token).sortRange(wb.id, sheetId, {
        range: 'A1:B4',
        keys: [{ col: 'A' }],
      }),
    ).rejects.toMatchObject({ status: 403 })
  })
  it('refuses a sort that would split merged cells, naming them, and moves nothing', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const api = rest(suite.url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, { A1: 'k', A2: 'a', A3: 'b', A4: 'c', B4: 'tall' })
    await api.mergeCells(wb.id, sheetId, 'B4:C5')
    await expect(
      api.sortRange(wb.id, sheetId, {
        range: 'A1:C4',
        keys: [{ col: 'A', desc: true }],
        header: true,
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(
        /^Cannot sort A2:C4: the merged cells B4:C5 span more than one row/,
      ),
    })
    expect((await api.readCells(wb.id, sheetId, 'A1:A4')).inputs.flat()).toEqual([
      'k',
      'a',
      'b',
      'c',
    ])
    expect(await api.getMerges(wb.id, sheetId)).toEqual({ merges: ['B4:C5'], held: [] })
  })
})

describe('REST hide and unhide', () => {
  const suite = serverForSuite()

  it('hidden rows follow their row through a sort; unhide shows them again', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const api = rest(suite.url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, { A1: 'c', A2: 'a', A3: 'b' })
    expect(await api.setHidden(wb.id, sheetId, 'rows', 1, 1, true)).toEqual({ hidden: [1] })
    expect(await api.setHidden(wb.id, sheetId, 'cols', 'C', 2, true)).toEqual({ hidden: [3, 4] })
    await api.sortRange(wb.id, sheetId, { range: 'A1:A3', keys: [{ col: 'A' }] })
    expect(await api.setHidden(wb.id, sheetId, 'rows', 1, 1, false)).toEqual({ hidden: [3] })
    expect(await api.setHidden(wb.id, sheetId, 'rows', 1, 3, false)).toEqual({ hidden: [] })
  })
})
