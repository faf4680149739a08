import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_IMPORT_CONFIG } from '../src/transfer/importConfig.js'
import type { CellmateServer } from '../src/index.js'
import { HealthProbe } from './hostile/attacks.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

const COLS = 10

/** A CSV of exactly `cells` non-empty cells, `COLS` to a row; the last row says where it ends. */
function csvOf(cells: number): Uint8Array {
  const lines: string[] = []
  for (let r = 0; r < cells / COLS; r++) {
    const row: string[] = []
    for (let c = 0; c < COLS; c++) row.push(String((r * COLS + c) % 1000))
    lines.push(row.join(','))
  }
  lines[lines.length - 1] = `${'x,'.repeat(COLS - 1)}last`
  return new TextEncoder().encode(lines.join('\n'))
}

describe('an import at the IMPORT_MAX_CELLS cap', () => {
  const cap = DEFAULT_IMPORT_CONFIG.maxCells
  const file = csvOf(cap)
  const lastRow = cap / COLS
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
    // The import worker's first start (exceljs, the formula package) is not what is measured.
    await rest(url).importWorkbook({ name: 'warm.csv', data: new TextEncoder().encode('1') })
  }, 120_000)

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('as a new workbook and as new sheets: built off the main thread, /healthz answered within 1 s throughout', async () => {
    const probe = await HealthProbe.start(url, { budgetMs: 1000 })
    let created: Awaited<ReturnType<ReturnType<typeof rest>['importWorkbook']>>
    let added: { sheets: Array<{ id: string; name: string }> }
    try {
      created = await rest(url).importWorkbook({ name: 'big.csv', data: file })
      added = await rest(url, created.token).importSheets(created.id, {
        name: 'big.csv',
        data: file,
      })
    } finally {
      const report = await probe.stop()
      expect(report.failures, `max ${Math.round(report.maxMs)} ms`).toEqual([])
      expect(report.probes).toBeGreaterThan(0)
    }
    expect(created.sheets.map((s) => s.name)).toEqual(['big'])
    expect(added.sheets.map((s) => s.name)).toEqual(['big (2)'])
    const api = rest(url, created.token)
    for (const sheet of [...created.sheets, ...added.sheets]) {
      const read = await api.readCells(created.id, sheet.id, `I${lastRow}:J${lastRow + 1}`)
      expect(read.inputs).toEqual([
        ['x', 'last'],
        ['', ''],
      ])
    }
  }, 600_000)
})
