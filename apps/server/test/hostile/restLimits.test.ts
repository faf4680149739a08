import { describe, expect, it } from 'vitest'
import { LIMITS } from '@cellmate/protocol'
import { colToLetters } from '@cellmate/model'
import { HostileBed, restOutcome } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 6 and the REST limits: requests at the largest sizes the limits allow, sent
 * to a server in its own process with a capped heap, so a request whose memory grows with
 * the sheet's dimensions (not its content) kills it instead of passing unnoticed. The server
 * must stay up, answer every request (a result or a refusal with a code) and keep `/healthz`
 * answering within 1 s.
 */

/** Heap of the server process: far above what bounded requests need, far below rows x cols. */
const HEAP_MB = 768

/**
 * A sheet grown to a million rows (legitimately, to test the limit; or by one far cell such as
 * XFD1048576) costs seconds of main-thread work with today's layout (one Yjs array entry per
 * row id: inserting, encoding and loading ~15 MB), during which /healthz waits. Here the probe
 * asserts the server keeps answering and stays up; the 1 s goal for such sheets depends on the
 * sheet layout change tracked in issues 18 and 19, and the slowest answer is printed.
 */
const MILLION_ROW_BUDGET_MS = 60_000

describe('hostile: REST at the sizes the limits allow', () => {
  let bed: HostileBed

  hostileSuite(
    async () =>
      (bed = await HostileBed.startProcess(
        { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
        { budgetMs: MILLION_ROW_BUDGET_MS },
      )),
  )

  /** The server process is alive and `/healthz` answered within 1 s all along. */
  async function expectAlive(): Promise<void> {
    const status = await fetch(`${bed.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (res) => String(res.status),
      (err: Error) => `${err.name}: the server is gone\n${bed.process?.output.slice(-2000)}`,
    )
    expect(status).toBe('200')
    await bed.expectHealthy()
  }

  it('PATCH {"XFD1048576":"x"} then CSV and XLSX exports: answered, and the server stays up', async () => {
    const wb = await bed.workbook('far corner')
    const owner = bed.rest(wb.token)
    expect(
      await restOutcome(owner.writeCells(wb.id, wb.sheetId, { XFD1048576: 'x', A1: 'a' })),
    ).toBe('ok')
    for (const path of [
      `/api/workbooks/${wb.id}/sheets/${wb.sheetId}/export.csv`,
      `/api/workbooks/${wb.id}/export.xlsx`,
    ]) {
      const res = await fetch(`${bed.url}${path}`, {
        headers: { authorization: `Bearer ${wb.token}` },
        signal: AbortSignal.timeout(120_000),
      })
      const body = Buffer.from(await res.arrayBuffer())
      // Either the file (streamed over the used cells) or a refusal with a code; never a 500.
      if (res.status === 200) expect(body.byteLength).toBeGreaterThan(0)
      else {
        expect(res.status, `${path}: ${body.toString().slice(0, 200)}`).toBeLessThan(500)
        expect(JSON.parse(body.toString())).toMatchObject({ error: { code: expect.any(String) } })
      }
    }
    const { inputs } = await owner.readCells(wb.id, wb.sheetId, 'XFD1048576')
    expect(inputs).toEqual([['x']])
    await expectAlive()
  }, 300_000)

  it(`PATCH of ${LIMITS.maxCellsPerRequest.toLocaleString('en')} cells is stored and read back`, async () => {
    const wb = await bed.workbook('max cells')
    const cells: Record<string, string> = {}
    // 100 columns x 1,000 rows: the most cells one request may write.
    for (let r = 1; r <= LIMITS.maxCellsPerRequest / 100; r++) {
      for (let c = 0; c < 100; c++) cells[`${colToLetters(c)}${r}`] = `${r}.${c}`
    }
    const owner = bed.rest(wb.token)
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, cells))).toBe('ok')
    const { inputs } = await owner.readCells(wb.id, wb.sheetId, 'A1:CV1000')
    expect(inputs[999]?.[99]).toBe('1000.99')
    expect(inputs.flat().filter((v) => v !== '').length).toBe(LIMITS.maxCellsPerRequest)
    expect(await restOutcome(owner.exportCsv(wb.id, wb.sheetId))).toBe('ok')
    // One cell more is refused with a code.
    const over = { ...cells, CW1: 'one too many' }
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, over))).toMatch(/^4\d\d [A-Z_]+$/)
    await expectAlive()
  }, 300_000)

  it(`PATCH of ${LIMITS.maxCellChars.toLocaleString('en')}-character cells up to the body limit is stored; exports answer`, async () => {
    const wb = await bed.workbook('long cells')
    const cells: Record<string, string> = {}
    for (let r = 1; r <= 40; r++) cells[`A${r}`] = String(r % 10).repeat(LIMITS.maxCellChars)
    const owner = bed.rest(wb.token)
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, cells))).toBe('ok')
    const { inputs } = await owner.readCells(wb.id, wb.sheetId, 'A40')
    expect(inputs[0]?.[0]).toBe('0'.repeat(LIMITS.maxCellChars))
    expect(await restOutcome(owner.exportCsv(wb.id, wb.sheetId))).toBe('ok')
    expect(await restOutcome(owner.exportXlsx(wb.id))).toBe('ok')
    // A cell one character longer is refused with a code.
    const tooLong = { A41: 'x'.repeat(LIMITS.maxCellChars + 1) }
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, tooLong))).toMatch(/^4\d\d /)
    await expectAlive()
  }, 300_000)
})
