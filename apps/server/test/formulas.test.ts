import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCell, insertRows, setCell, SheetLayout, sheetDocName } from '@cellmate/model'
import type { CreatedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  serverForSuite,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

describe('REST formulas: values next to inputs', () => {
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

  async function workbook(): Promise<{ wb: CreatedWorkbook; sheetId: string }> {
    const wb = await rest(url).createWorkbook()
    return { wb, sheetId: wb.sheets[0]!.id }
  }

  async function read(wb: CreatedWorkbook, sheetId: string, range: string) {
    return rest(url, wb.token).readCells(wb.id, sheetId, range)
  }

  /** The raw stored input of a cell, read from the server's own document. */
  async function stored(
    workbookId: string,
    sheetId: string,
    row: number,
    col: number,
  ): Promise<string> {
    return server.registry.use(sheetDocName(workbookId, sheetId), (entry) => {
      const layout = new SheetLayout(entry.doc)
      try {
        return getCell(entry.doc, layout.rowId(row)!, layout.colId(col)!)
      } finally {
        layout.destroy()
      }
    })
  }

  it('gives numbers, booleans, text, errors and empties their JSON types', async () => {
    const { wb, sheetId } = await workbook()
    await rest(url, wb.token).writeCells(wb.id, sheetId, {
      A1: '1,234.5',
      A2: '12%',
      A3: 'TRUE',
      A4: 'hello',
      B1: '=A1*2',
      B2: '=A3',
      B3: '=1/0',
      B4: '=NOSUCHFN(1)',
      B5: '=UPPER(A4)',
      C1: '=A4+1',
      C2: '=VLOOKUP("zzz",A1:A4,1,FALSE)',
      C3: '=C4',
      C4: '=C3',
    })
    const got = await read(wb, sheetId, 'A1:C5')
    expect(got.values).toEqual([
      [1234.5, 2469, '#VALUE!'],
      [0.12, true, '#N/A'],
      [true, '#DIV/0!', '#REF!'],
      ['hello', '#NAME?', '#REF!'],
      [null, 'HELLO', null],
    ])
    expect(got.inputs[0]).toEqual(['1,234.5', '=A1*2', '=A4+1'])
  })

  it('stores formulas anchored to ids and shows them in A1 form after rows are inserted', async () => {
    const { wb, sheetId } = await workbook()
    const client = rest(url, wb.token)
    const cells: Record<string, string> = { C1: '=SUM(A1:A10)', D1: '=A2*1.2' }
    for (let i = 1; i <= 10; i++) cells[`A${i}`] = String(i)
    await client.writeCells(wb.id, sheetId, cells)
    // The document holds ids, never the A1 text.
    expect(await stored(wb.id, sheetId, 0, 2)).toMatch(/^=SUM\(\{r:[^}]+\}:\{r:[^}]+\}\)$/)

    await client.insertRows(wb.id, sheetId, 1, 2)
    const after = await read(wb, sheetId, 'C3:D3')
    expect(after.inputs).toEqual([['=SUM(A3:A12)', '=A4*1.2']])
    expect(after.values).toEqual([[55, 2.4]])

    // Inserting inside the range grows it; a new value there counts.
    await client.insertRows(wb.id, sheetId, 5, 1)
    await client.writeCells(wb.id, sheetId, { A5: '100' })
    expect(await read(wb, sheetId, 'C3')).toEqual({
      range: 'C3',
      inputs: [['=SUM(A3:A13)']],
      values: [[155]],
    })
  })

  it('turns a deleted referenced row into #REF! and shrinks ranges like Excel', async () => {
    const { wb, sheetId } = await workbook()
    const client = rest(url, wb.token)
    await client.writeCells(wb.id, sheetId, {
      A1: '1',
      A2: '2',
      A3: '3',
      A4: '4',
      B1: '=A4*10',
      C1: '=SUM(A1:A4)',
    })
    await client.deleteRows(wb.id, sheetId, 4, 1)
    const got = await read(wb, sheetId, 'B1:C1')
    expect(got.inputs).toEqual([['=#REF!*10', '=SUM(A1:A3)']])
    expect(got.values).toEqual([['#REF!', 6]])
  })

  it('evaluates cross-sheet references and keeps them through a rename', async () => {
    const { wb, sheetId } = await workbook()
    const client = rest(url, wb.token)
    const second = await client.addSheet(wb.id, 'Sheet2')
    await client.writeCells(wb.id, second.id, { B4: '42' })
    await client.writeCells(wb.id, sheetId, { A1: '=Sheet2!B4+1', A2: "=SUM('Sheet2'!B4:B5)" })
    expect((await read(wb, sheetId, 'A1')).values).toEqual([[43]])

    await client.updateSheet(wb.id, second.id, { name: 'Data 2026' })
    await client.insertRows(wb.id, second.id, 1, 1)
    const got = await read(wb, sheetId, 'A1:A2')
    expect(got.inputs).toEqual([["='Data 2026'!B5+1"], ["=SUM('Data 2026'!B5:B6)"]])
    expect(got.values).toEqual([[43], [42]])

    await client.deleteSheet(wb.id, second.id)
    expect((await read(wb, sheetId, 'A1')).values).toEqual([['#REF!']])
  })

  it('loads a sheet another sheet refers to, even when only the first is read', async () => {
    const { wb, sheetId } = await workbook()
    const client = rest(url, wb.token)
    const second = await client.addSheet(wb.id, 'Rates')
    await client.writeCells(wb.id, second.id, { A1: '0.5' })
    await client.writeCells(wb.id, sheetId, { A1: '=Rates!A1*4' })
    // A fresh server has nothing loaded: reading Sheet1 must pull in Rates.
    await server.close()
    ;({ server, url } = await startInProcess(data.dir))
    expect((await read(wb, sheetId, 'A1')).values).toEqual([[2]])
  })

  it('recomputes values after a socket client edits an input', async () => {
    const { wb, sheetId } = await workbook()
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '2', B1: '=A1^3' })
    expect((await read(wb, sheetId, 'B1')).values).toEqual([[8]])
    const sheet = await openSheetClient(url, wb.id, sheetId, wb.token)
    try {
      const layout = new SheetLayout(sheet.doc)
      setCell(sheet.doc, layout.rowId(0)!, layout.colId(0)!, '3')
      layout.destroy()
      await waitUntil(async () => (await read(wb, sheetId, 'B1')).values[0]![0] === 27)
    } finally {
      sheet.close()
    }
  })
})

describe('REST formulas with the engine kept between reads', () => {
  const suite = serverForSuite({ idleUnloadMs: 60_000 })

  it('catches up at the next read with everything socket clients did since the last', async () => {
    // The engine follows the documents lazily: between two reads, a 1,000-cell paste, an
    // inserted row and a formula naming a sheet nobody has read are only noted.
    const { server, url } = suite
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    const rates = await client.addSheet(wb.id, 'Rates')
    await client.writeCells(wb.id, sheetId, { A1: '1', B1: '=SUM(A:A)' })
    expect((await client.readCells(wb.id, sheetId, 'B1')).values).toEqual([[1]])
    const sheet = await openSheetClient(url, wb.id, sheetId, wb.token)
    const other = await openSheetClient(url, wb.id, rates.id, wb.token)
    try {
      const layout = new SheetLayout(sheet.doc)
      sheet.doc.transact(() => {
        for (let row = 0; row < 1000; row++) {
          setCell(sheet.doc, layout.rowId(row)!, layout.colId(0)!, String(row + 1))
        }
      })
      insertRows(sheet.doc, 0, 1)
      setCell(sheet.doc, layout.rowId(0)!, layout.colId(2)!, '=Rates!A1*2')
      layout.destroy()
      const rateLayout = new SheetLayout(other.doc)
      setCell(other.doc, rateLayout.rowId(0)!, rateLayout.colId(0)!, '21')
      rateLayout.destroy()
      await Promise.all([sheet.sheet.flushed(), other.sheet.flushed()])
      // Still the engine of the first read (documents and engines stay loaded for a minute).
      expect(server.evaluator.loadedCount).toBe(1)
      const after = await client.readCells(wb.id, sheetId, 'A1:C2')
      expect(after.values).toEqual([
        [null, null, 42],
        [1, (1000 * 1001) / 2, null],
      ])
      expect(after.inputs[1]![1]).toBe('=SUM(A:A)')
    } finally {
      sheet.close()
      other.close()
    }
  })
})
