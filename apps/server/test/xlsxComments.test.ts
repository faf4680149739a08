import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/** Comments travel as Excel notes: an import reads a file's notes, an export writes threads. */

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

function noteText(note: ExcelJS.Cell['note']): string {
  if (!note) return ''
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('')
}

describe('XLSX comments', () => {
  it('an import reads each note as a thread on its cell, with the author Excel put first', async () => {
    const file = await xlsxFile((ws) => {
      ws.getCell('B2').value = 5
      ws.getCell('B2').note = {
        texts: [{ font: { bold: true }, text: 'Ana:' }, { text: '\nIs 5 right?' }],
      }
      ws.getCell('C1').value = 'x'
      ws.getCell('C1').note = 'A note without an author'
    })
    const book = await rest(url).importWorkbook({ name: 'Notes.xlsx', data: file })
    const sheetId = (book.sheets[0] as { id: string }).id
    const threads = await rest(url, book.token).listComments(book.id, sheetId)
    expect(threads.map((t) => [t.cell, t.author, t.text, t.mine])).toEqual([
      ['C1', 'Imported note', 'A note without an author', false],
      ['B2', 'Ana', 'Is 5 right?', false],
    ])
  })

  it('an export writes every thread as a note: comments by name, replies below, resolved marked', async () => {
    const owner = rest(url)
    const book = await owner.createWorkbook('Commented')
    const client = rest(url, book.token)
    const sheetId = (book.sheets[0] as { id: string }).id
    await client.writeCells(book.id, sheetId, { A1: 'Rent', B1: '1200' })
    const th = await client.addComment(book.id, sheetId, {
      cell: 'B1',
      text: 'Too high?',
      author: 'Ana',
    })
    await client.replyToComment(book.id, sheetId, th.id, { text: 'It is the lease', author: 'Ben' })
    const done = await client.addComment(book.id, sheetId, {
      cell: 'D4',
      text: 'Fill in',
      author: 'Cy',
    })
    await client.updateComment(book.id, sheetId, done.id, { resolved: true, author: 'Ana' })

    const download = await client.exportXlsx(book.id)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await download.blob.arrayBuffer()) as unknown as ExcelJS.Buffer)
    const ws = wb.worksheets[0] as ExcelJS.Worksheet
    expect(noteText(ws.getCell('B1').note)).toBe('Ana: Too high?\nBen: It is the lease')
    expect(ws.getCell('B1').value).toBe(1200)
    expect(noteText(ws.getCell('D4').note)).toBe('[Resolved by Ana]\nCy: Fill in')
    expect(ws.getCell('D4').value).toBeNull()

    // And back: the notes come in as threads on the same cells.
    const again = await rest(url).importWorkbook({
      name: 'Again.xlsx',
      data: new Uint8Array(await download.blob.arrayBuffer()),
    })
    const againId = (again.sheets[0] as { id: string }).id
    const threads = await rest(url, again.token).listComments(again.id, againId)
    expect(threads.map((t) => [t.cell, t.text])).toEqual([
      ['B1', 'Ana: Too high?\nBen: It is the lease'],
      ['D4', '[Resolved by Ana]\nCy: Fill in'],
    ])
  })
})
