import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Samples this process's RSS from a worker thread (RSS is process-wide, and the worker keeps
 * sampling while the main thread is busy), so a short peak is seen too.
 */
class PeakRss {
  private readonly worker = new Worker(
    `const { parentPort } = require('node:worker_threads')
     let peak = 0
     const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 5)
     parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(peak) })`,
    { eval: true },
  )

  async stop(): Promise<number> {
    const peak = new Promise<number>((resolve) => this.worker.once('message', resolve))
    this.worker.postMessage('stop')
    const bytes = await peak
    await this.worker.terminate()
    return bytes
  }
}

const MB = 1024 * 1024
/**
 * Far less than a rows x columns grid of the sheet would take (17 billion cells: tens of GB).
 * What remains is the million-row sheet itself (its row ids, layout and formula engine rows,
 * 60-360 MB as measured across runs, GC timing included), which the sheet layout change of
 * issues 18/19 is to shrink.
 */
const MEMORY_BOUND = 768 * MB

describe('exports of a sheet with one cell at XFD1048576', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wb: Awaited<ReturnType<ReturnType<typeof rest>['createWorkbook']>>
  let sheetId: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
    wb = await rest(url).createWorkbook('Far')
    sheetId = (wb.sheets[0] as { id: string }).id
    const api = rest(url, wb.token)
    // Loads exceljs first, so that its code does not count below.
    await api.writeCells(wb.id, sheetId, { B1: 'near' })
    await api.exportXlsx(wb.id)
    await api.writeCells(wb.id, sheetId, { XFD1048576: 'x' })
  }, 300_000)

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  /**
   * Runs `work` while sampling RSS and returns the growth; afterwards the server must still
   * answer `/healthz` (it used to die out of heap). Indexing a million rows still takes the
   * main thread a while, so how fast it answers meanwhile is not what this measures.
   */
  async function watched(work: () => Promise<void>): Promise<number> {
    const before = process.memoryUsage().rss
    const peak = new PeakRss()
    try {
      await work()
    } finally {
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
    }
    return (await peak.stop()) - before
  }

  async function csv(): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${url}/api/workbooks/${wb.id}/sheets/${sheetId}/export.csv`, {
      headers: { authorization: `Bearer ${wb.token}` },
    })
    return { status: res.status, body: await res.json() }
  }

  async function xlsx(): Promise<ExcelJS.Worksheet> {
    const file = (await rest(url, wb.token).exportXlsx(wb.id)).blob
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await file.arrayBuffer())
    return book.worksheets[0] as ExcelJS.Worksheet
  }

  const tooLarge = {
    error: { code: 'EXPORT_TOO_LARGE', message: expect.stringMatching(/1048576 rows by 16384/) },
  }

  it('CSV is refused up front with 413 EXPORT_TOO_LARGE, in bounded memory', async () => {
    let answer: Awaited<ReturnType<typeof csv>> | null = null
    const growth = await watched(async () => {
      answer = await csv()
    })
    expect(answer).toEqual({ status: 413, body: tooLarge })
    expect(growth).toBeLessThan(MEMORY_BOUND)
  }, 300_000)

  it('XLSX streams the cells that exist, the far one included, in bounded memory', async () => {
    let sheet: ExcelJS.Worksheet | null = null
    const growth = await watched(async () => {
      sheet = await xlsx()
    })
    expect(growth).toBeLessThan(MEMORY_BOUND)
    expect(sheet!.getCell('B1').value).toBe('near')
    expect(sheet!.getCell('XFD1048576').value).toBe('x')
  }, 300_000)

  it('with a formula (evaluated over the whole sheet): the same answers, and a REST read of the far cell', async () => {
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '=B1&"!"' })
    let answer: Awaited<ReturnType<typeof csv>> | null = null
    let sheet: ExcelJS.Worksheet | null = null
    let values: unknown = null
    const growth = await watched(async () => {
      answer = await csv()
      sheet = await xlsx()
      values = (await rest(url, wb.token).readCells(wb.id, sheetId, 'XFD1048576')).values
    })
    expect(answer).toEqual({ status: 413, body: tooLarge })
    expect(sheet!.getCell('A1').value).toMatchObject({ formula: 'B1&"!"', result: 'near!' })
    expect(sheet!.getCell('XFD1048576').value).toBe('x')
    expect(values).toEqual([['x']])
    expect(growth).toBeLessThan(MEMORY_BOUND)
  }, 300_000)
})
