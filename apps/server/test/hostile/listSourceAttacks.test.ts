import { afterEach, describe, expect, it, vi } from 'vitest'
import { SheetLayout } from '@cellmate/model'
import { RestError } from '@cellmate/client'
import {
  WorkbookEvaluator,
  type EvaluatedWorkbook,
} from '../../src/evaluation/workbookEvaluator.js'
import { HostileBed, restOutcome, type Workbook } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Dropdown lists read from a range (`$A$1:$A$9`, `Lists!$A$1:$A$9` on another sheet) at the
 * sizes the REST limits allow: sources of up to 300 characters naming the largest ranges, a
 * write of many cells under such a list, rules reading every sheet of a workbook with many,
 * exports of those workbooks, and callers who may not write rules. Every request is answered
 * (a result or a 4xx saying why), and `/healthz` keeps answering within 1 s.
 */

describe('hostile: dropdown list sources at the limits', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** Cells `B1:B<n>` all set to `value`. */
  function column(n: number, value: string, col = 'B'): Record<string, string> {
    const cells: Record<string, string> = {}
    for (let r = 1; r <= n; r++) cells[`${col}${r}`] = value
    return cells
  }

  it('a write of 20 cells under a list of A1:XFD1048576 reads at most 10,000 source cells, once', async () => {
    const wb = await bed.workbook('widest source')
    const owner = bed.rest(wb.token)
    // A sheet of 2,000 rows and 100 columns: the source covers 200,000 cells of it.
    await owner.writeCells(wb.id, wb.sheetId, { A1: 'Red', CV2000: 'far' })
    await owner.setValidations(wb.id, wb.sheetId, [
      { range: 'B1:B1000', kind: 'listRange', source: 'A1:XFD1048576', strict: true },
    ])
    // Growing the sheet is not the attack (its cost is the layout's, tracked elsewhere).
    await bed.resetProbe()
    const reads = vi.spyOn(SheetLayout.prototype, 'cellAt')
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, column(20, 'red')))).toBe('ok')
    // 10,000 cells and the rest of the row the cap is reached in (100 columns wide).
    expect(reads.mock.calls.length).toBeLessThanOrEqual(10_100)
    reads.mockRestore()
    // Past the first 10,000 cells (as the grid's dropdown lists them), a value is refused.
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B1: 'far' }))).toBe(
      '422 VALIDATION_FAILED',
    )
    await bed.expectHealthy()
  })

  /** Counts the cells the evaluator's workbooks are asked for (`EvaluatedWorkbook.input`). */
  function countInputReads(): () => number {
    let reads = 0
    const evaluator = WorkbookEvaluator.prototype as unknown as {
      view: (cached: unknown) => EvaluatedWorkbook
    }
    const view = evaluator.view
    vi.spyOn(evaluator, 'view').mockImplementation(function (this: unknown, cached: unknown) {
      const workbook = view.call(this, cached)
      const input = workbook.input
      return {
        ...workbook,
        input: (sheetId: string, row: number, col: number) => {
          reads++
          return input(sheetId, row, col)
        },
      }
    })
    return () => reads
  }

  it("a write under a list of another sheet's whole column (Lists!A:A, 1,000,000 rows) reads at most 10,000 of its cells", async () => {
    const wb = await bed.workbook('whole column of a long sheet')
    const owner = bed.rest(wb.token)
    const lists = await owner.addSheet(wb.id, 'Lists')
    await owner.writeCells(wb.id, lists.id, { A1: 'Red', A2: 'Blue', A1000000: 'far' })
    const [rule] = await owner.setValidations(wb.id, wb.sheetId, [
      { range: 'B1:B1000', kind: 'listRange', source: 'Lists!A:A', strict: true },
    ])
    expect(rule?.source).toBe('Lists!A:A')
    // Growing the sheet is not the attack (its cost is the layout's, tracked elsewhere), nor is
    // loading it for evaluation, which any formula reading Lists does: the first check loads it.
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B1: 'red' }))).toBe('ok')
    await bed.resetProbe()
    const reads = countInputReads()
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, column(20, ' BLUE ')))).toBe('ok')
    expect(reads()).toBeGreaterThan(0)
    expect(reads()).toBeLessThanOrEqual(10_000)
    // Past the first 10,000 cells (as the grid's dropdown lists them), a value is refused.
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B2: 'far' }))).toBe(
      '422 VALIDATION_FAILED',
    )
    expect(reads()).toBeLessThanOrEqual(20_000)
    await bed.expectHealthy()
  }, 120_000)

  it("a write of 20 cells under a list of another sheet's 300,000 cells answers at once", async () => {
    const wb = await bed.workbook('wide other sheet')
    const owner = bed.rest(wb.token)
    const lists = await owner.addSheet(wb.id, 'Lists')
    await owner.writeCells(wb.id, lists.id, { A1: 'Red', B1: 'Blue', CV3000: 'far' })
    await owner.setValidations(wb.id, wb.sheetId, [
      { range: 'B1:B1000', kind: 'listRange', source: 'Lists!$A$1:$CV$3000', strict: true },
    ])
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, column(20, ' BLUE ')))).toBe('ok')
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B2: 'Green' }))).toBe(
      '422 VALIDATION_FAILED',
    )
    await bed.expectHealthy()
    await bed.expectReadable(wb)
  })

  it('a source past the end of another sheet is refused saying so; on its own sheet it is kept', async () => {
    const wb = await bed.workbook('past the end')
    const owner = bed.rest(wb.token)
    await owner.addSheet(wb.id, 'Lists')
    for (const source of ['Lists!A1:A1048576', 'Lists!$A$1:$XFD$1048576']) {
      const err = await owner
        .setValidations(wb.id, wb.sheetId, [
          { range: 'B1:B10', kind: 'listRange', source, strict: true },
        ])
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RestError)
      expect((err as RestError).status).toBe(400)
      expect((err as RestError).message).toMatch(/past the last row or column of Lists/)
    }
    const kept = await owner.setValidations(wb.id, wb.sheetId, [
      { range: 'B1:B10', kind: 'listRange', source: '$A$1:$A$1048576', strict: true },
    ])
    expect(kept.map((r) => r.source)).toEqual(['$A$1:$A$1048576'])
    await bed.expectHealthy()
  })

  it('sources up to 300 characters answer 200 or 400 (never 500); 301 characters answer 400', async () => {
    const wb = await bed.workbook('long sources')
    const owner = bed.rest(wb.token)
    // The longest sheet name: its whole-sheet source is the longest valid one (123 characters).
    const longest = await owner.addSheet(wb.id, 'N'.repeat(100))
    await owner.writeCells(wb.id, longest.id, { A1: 'Red' })
    const outcomes: string[] = []
    for (const source of [
      'A'.repeat(300),
      `'${"''".repeat(149)}'`,
      `${'$A$1:'.repeat(59)}$A$10`,
      `'${"Li''sts".repeat(20)}'!A1:A3`.padEnd(300, ' '),
      `'${'N'.repeat(100)}'!$A$1:$A$3`.padEnd(300, ' '),
      `'${'N'.repeat(100)}'!$A$1:$A$3`,
    ]) {
      expect(source.length).toBeLessThanOrEqual(300)
      outcomes.push(
        await restOutcome(
          owner.setValidations(wb.id, wb.sheetId, [
            { range: 'B1:B10', kind: 'listRange', source, strict: true },
          ]),
        ),
      )
    }
    expect(outcomes).toEqual([
      '400 BAD_REQUEST',
      '400 BAD_REQUEST',
      '400 BAD_REQUEST',
      '400 BAD_REQUEST',
      '400 BAD_REQUEST',
      'ok',
    ])
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B1: 'red' }))).toBe('ok')
    expect(
      await restOutcome(
        owner.setValidations(wb.id, wb.sheetId, [
          { range: 'B1:B10', kind: 'listRange', source: 'A'.repeat(301), strict: true },
        ]),
      ),
    ).toBe('400 BAD_REQUEST')
    await bed.expectHealthy()
  })

  /** A workbook with `count` more sheets, each listing one value in A1. */
  async function manySheets(count: number): Promise<{ wb: Workbook; names: string[] }> {
    const wb = await bed.workbook('many sheets')
    const owner = bed.rest(wb.token)
    const names: string[] = []
    for (let i = 1; i <= count; i++) {
      const sheet = await owner.addSheet(wb.id, `L${i}`)
      await owner.writeCells(wb.id, sheet.id, { A1: `v${i}` })
      names.push(sheet.name)
    }
    return { wb, names }
  }

  it('rules reading each of 199 other sheets: set, enforced, read, exported; a viewer and an anonymous caller cannot set them', async () => {
    const { wb, names } = await manySheets(199)
    const owner = bed.rest(wb.token)
    // Adding the sheets is not the attack.
    await bed.resetProbe()
    const rules = names.map((name, i) => ({
      range: `B${i + 1}:B${i + 1}`,
      kind: 'listRange' as const,
      source: `'${name}'!$A$1:$A$1`,
      strict: true,
    }))
    const set = await owner.setValidations(wb.id, wb.sheetId, rules)
    expect(set).toHaveLength(199)
    expect(set.find((r) => r.range === 'B199')?.source).toBe("'L199'!$A$1:$A$1")
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B199: 'v199' }))).toBe('ok')
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { B199: 'v1' }))).toBe(
      '422 VALIDATION_FAILED',
    )
    const viewer = bed.rest((await owner.createLink(wb.id, 'view')).token)
    const commenter = bed.rest((await owner.createLink(wb.id, 'comment')).token)
    expect(await viewer.getValidations(wb.id, wb.sheetId)).toHaveLength(199)
    for (const [who, client] of [
      ['viewer', viewer],
      ['commenter', commenter],
      ['anonymous', bed.rest()],
    ] as const) {
      const outcome = await restOutcome(client.setValidations(wb.id, wb.sheetId, []))
      expect(outcome, who).toMatch(who === 'anonymous' ? /^401/ : /^403/)
    }
    expect(await restOutcome(bed.rest().getValidations(wb.id, wb.sheetId))).toMatch(/^401/)
    expect(await owner.getValidations(wb.id, wb.sheetId)).toHaveLength(199)
    await bed.expectReadable(wb)
    await bed.expectHealthy()
  }, 120_000)
})
