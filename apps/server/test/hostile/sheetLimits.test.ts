import { describe, expect, it } from 'vitest'
import { LIMITS } from '@cellmate/protocol'
import { sheetTypes } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc, type Ack } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, "documented limits bypassed over sync: 1,201,000 rows accepted". Rows and columns
 * inserted in the middle of a real sheet (no parent name on the wire) in updates under the
 * 2 MB limit, against a server in its own process, so `/healthz` measures the server alone
 * while it holds a sheet at the row limit.
 */

/** Ids as short as the id rules allow, so each 2 MB update carries as many as possible. */
function shortIds(prefix: string, from: number, count: number): string[] {
  const ids: string[] = []
  for (let i = from; i < from + count; i++) ids.push(prefix + i.toString(36))
  return ids
}

/**
 * A sheet grown to a million rows (legitimately, to test the limit; or by one far cell such as
 * XFD1048576) costs seconds of main-thread work with today's layout (one Yjs array entry per
 * row id: inserting, encoding and loading ~15 MB), during which /healthz waits. Here the probe
 * asserts the server keeps answering and stays up; the 1 s goal for such sheets depends on the
 * sheet layout change tracked in issues 18 and 19, and the slowest answer is printed.
 */
const MILLION_ROW_BUDGET_MS = 60_000

describe('hostile: rows and columns past the sheet limits', () => {
  let bed: HostileBed
  hostileSuite(
    async () => (bed = await HostileBed.startProcess({}, { budgetMs: MILLION_ROW_BUDGET_MS })),
  )

  it(`rows inserted in the middle past ${LIMITS.maxRows.toLocaleString('en')} are refused; the sheet stays within the limit`, async () => {
    const wb = await bed.workbook('row limit')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha', A900: 'omega' })
    await victim.flushed()
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const have = sheetTypes(mirror).rows.length
    // 1,201,000 rows in all, as in the report, in updates under the 2 MB limit.
    const wanted = 1_201_000 - have
    const perUpdate = 250_000
    const acks: Ack[] = []
    for (let from = 0; from < wanted; from += perUpdate) {
      const ids = shortIds('z', from, Math.min(perUpdate, wanted - from))
      const update = craft(mirror, (d) => sheetTypes(d).rows.insert(500, ids))
      expect(update.byteLength).toBeLessThan(LIMITS.maxUpdateBytes)
      acks.push(await attacker.send(doc, update, 60_000))
    }
    await victim.keepsWorking('row limit')

    expect(
      acks.some((a) => isRefusal(a)),
      `acks: ${acks.map(describeAck).join(' | ')}`,
    ).toBe(true)
    for (const ack of acks) expect(ack.ok === true || isRefusal(ack), describeAck(ack)).toBe(true)
    const read = await bed.read(wb)
    expect(read.rowCount).toBeLessThanOrEqual(LIMITS.maxRows)
    await bed.expectUnharmed(wb, [victim])
  }, 240_000)

  it(`columns inserted in the middle past ${LIMITS.maxCols.toLocaleString('en')} are refused`, async () => {
    const wb = await bed.workbook('column limit')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha', Z1: 'zulu' })
    await victim.flushed()
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const ids = shortIds('c', 0, LIMITS.maxCols)
    const ack = await attacker.send(
      doc,
      craft(mirror, (d) => sheetTypes(d).cols.insert(3, ids)),
    )
    await victim.keepsWorking('column limit')
    expect.soft(isRefusal(ack), describeAck(ack)).toBe(true)
    const read = await bed.read(wb)
    expect(read.colCount).toBeLessThanOrEqual(LIMITS.maxCols)
    expect(read.grid.get('Z1')).toBe('zulu')
    await bed.expectUnharmed(wb, [victim])
  })
})
