import { describe, expect, it } from 'vitest'
import { LIMITS } from '@cellmate/protocol'
import { HostileBed, restOutcome } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Formulas are data an editor writes, and the server evaluates them (REST reads, exports).
 * A regular expression or wildcard pattern that makes a backtracking engine run for hours
 * (`^(a+)+$` on 40 characters; `*a*a*…*c` on long text) would stall the server's one thread
 * for every workbook. The server runs in its own process; `/healthz` must keep answering
 * within 2 s while it evaluates such formulas over cells of the largest allowed size.
 */

const long = 'a'.repeat(LIMITS.maxCellChars - 1)
const evil = '"*a*a*a*a*a*a*a*a*a*a*a*a*c"'

const formulas: Record<string, [string, unknown]> = {
  B1: ['=REGEXTEST(REPT("a",40)&"!","^(a+)+$")', false],
  B2: ['=REGEXTEST(A1&"!","^(a|aa)+$")', false],
  B3: ['=REGEXREPLACE(A1&"!","(a|a)+$","x")', `${long}!`],
  B4: [`=COUNTIF(A1:A3,${evil})`, 0],
  B5: [`=ISERROR(SEARCH(${evil},A1))`, true],
  B6: [`=ISNA(MATCH(${evil},A1:A3,0))`, true],
  B7: [`=ISNA(XMATCH(${evil},A1:A3,2))`, true],
  B8: ['=REGEXTEST("ab","a(?=b)")', '#VALUE!'],
}

describe('hostile: formulas whose patterns stall a backtracking engine', () => {
  let bed: HostileBed

  hostileSuite(async () => (bed = await HostileBed.startProcess({}, { budgetMs: 2000 })))

  it('REST reads and both exports answer with the right values; /healthz keeps answering', async () => {
    const cells: Record<string, string> = { A1: long, A2: `${long}b`, A3: `b${long}` }
    for (const [address, [formula]] of Object.entries(formulas)) cells[address] = formula
    const wb = await bed.workbook('attacker workbook')
    const owner = bed.rest(wb.token)
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, cells))).toBe('ok')

    const { values } = await owner.readCells(wb.id, wb.sheetId, 'B1:B8')
    expect(values.map((row) => row[0])).toEqual(
      Object.values(formulas).map(([, expected]) => expected),
    )
    expect(await restOutcome(owner.exportCsv(wb.id, wb.sheetId))).toBe('ok')
    expect(await restOutcome(owner.exportXlsx(wb.id))).toBe('ok')
    await bed.expectHealthy()
  }, 120_000)
})
