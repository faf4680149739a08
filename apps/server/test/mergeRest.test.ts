import { describe, expect, it } from 'vitest'
import { rest, serverForSuite } from './support/testServer.js'

describe('REST: merged cells', () => {
  const suite = serverForSuite()

  it('merges, lists, refuses to hide values unless asked, refuses writes into hidden cells, unmerges', async () => {
    const wb = await rest(suite.url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(suite.url, wb.token)
    await client.writeCells(wb.id, sheetId, { A1: 'Title', B2: 'note' })

    await expect(client.mergeCells(wb.id, sheetId, 'A1:C2')).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/keeps only the top-left value; B2 would be cleared/),
    })
    expect(await client.getMerges(wb.id, sheetId)).toEqual({ merges: [], held: [] })

    expect(await client.mergeCells(wb.id, sheetId, 'A1:C2', { discardOthers: true })).toEqual({
      merged: ['A1:C2'],
      discarded: 1,
    })
    expect(await client.mergeCells(wb.id, sheetId, 'E1:F3', { mode: 'horizontal' })).toMatchObject({
      merged: ['E1:F1', 'E2:F2', 'E3:F3'],
    })
    expect((await client.getMerges(wb.id, sheetId)).merges.sort()).toEqual([
      'A1:C2',
      'E1:F1',
      'E2:F2',
      'E3:F3',
    ])
    expect((await client.readCells(wb.id, sheetId, 'A1:B2')).inputs).toEqual([
      ['Title', ''],
      ['', ''],
    ])

    await expect(client.writeCells(wb.id, sheetId, { B2: 'hidden' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/B2 is inside the merged cells A1:C2; write to A1/),
    })
    await client.writeCells(wb.id, sheetId, { A1: 'New title' })

    // Rows inserted inside a merged block widen it.
    await client.insertRows(wb.id, sheetId, 2, 2)
    expect((await client.getMerges(wb.id, sheetId)).merges).toContain('A1:C4')

    expect(await client.unmergeCells(wb.id, sheetId, 'B2')).toEqual({ unmerged: 1 })
    expect((await client.getMerges(wb.id, sheetId)).merges).not.toContain('A1:C4')
    await expect(client.mergeCells(wb.id, sheetId, 'D4')).rejects.toMatchObject({ status: 400 })
  })
})
