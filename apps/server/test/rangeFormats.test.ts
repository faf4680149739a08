import { describe, expect, it } from 'vitest'
import { SheetLayout, setColWidths, setFormat, setNumberFormat } from '@cellmate/model'
import { openSheetClient, rest, serverForSuite } from './support/testServer.js'

/**
 * `GET …/cells?formats=true`: the formats and column widths a reader needs to show cells as the
 * grid shows them (the version history preview shows a version's cells this way).
 */
describe('reading a range with its formats', () => {
  const suite = serverForSuite()

  it("a version's cells read with the formats they had then, formulas with the format they inherit", async () => {
    const wb = await rest(suite.url).createWorkbook('Formats')
    const api = rest(suite.url, wb.token)
    const sheetId = wb.sheets[0]!.id
    await api.writeCells(wb.id, sheetId, {
      A1: '46000',
      B1: '1234.5',
      C1: '0.25',
      D1: '=A1+1',
      E1: 'Total',
    })
    const writer = await openSheetClient(suite.url, wb.id, sheetId, wb.token)
    const layout = new SheetLayout(writer.doc)
    const cell = (col: number) => [{ rowId: layout.rowId(0)!, colId: layout.colId(col)! }]
    setNumberFormat(writer.doc, cell(0), 'date')
    setNumberFormat(writer.doc, cell(1), 'currency')
    setNumberFormat(writer.doc, cell(2), 'percent')
    setFormat(writer.doc, cell(4), 'bold', true)
    setFormat(writer.doc, cell(4), 'align', 'right')
    setColWidths(writer.doc, [layout.colId(4)!], 160)
    await writer.sheet.flushed()
    const then = await api.createVersion(wb.id, 'Formatted')

    // Since: A1 back to General and E1 plain, so the version's formats differ from today's.
    setNumberFormat(writer.doc, cell(0), 'general')
    setFormat(writer.doc, cell(4), 'bold', false)
    await writer.sheet.flushed()
    layout.destroy()
    writer.close()

    const read = await api.readCells(wb.id, sheetId, 'A1:E1', { version: then.id, formats: true })
    expect(read.values[0]).toEqual([46000, 1234.5, 0.25, 46001, 'Total'])
    expect(read.formats).toEqual([
      [
        { numFmt: 'date' },
        { numFmt: 'currency' },
        { numFmt: 'percent' },
        { numFmt: 'date' },
        { bold: true, align: 'right' },
      ],
    ])
    expect(read.colWidths).toEqual([null, null, null, null, 160])

    const now = await api.readCells(wb.id, sheetId, 'A1:E1', { formats: true })
    expect(now.formats?.[0]?.[0]).toEqual({})
    expect(now.formats?.[0]?.[4]).toEqual({ align: 'right' })
    expect(now.colWidths).toEqual([null, null, null, null, 160])

    // Without asking, the answer stays inputs and values only.
    const plain = await api.readCells(wb.id, sheetId, 'A1:E1', { version: then.id })
    expect(Object.keys(plain).sort()).toEqual(['inputs', 'range', 'values'])
  })
})
