import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { SheetLayout, cellKey, sheetTypes } from '@cellmate/model'
import {
  describeAck,
  forkAs,
  isRefusal,
  largePendingDeleteSet,
  randomClientId,
  sheetDoc,
  updateOf,
  type Ack,
} from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 5: one anonymous user stalls the whole server. It creates a workbook, sends a
 * 1.8 MB delete set for clocks that do not exist, then 30 tiny updates a second; each later
 * update made Yjs re-read the pending set on the main thread and `/healthz` went unanswered
 * for up to 39 s. The server runs in its own process, so the probe measures it alone, while a
 * victim in another workbook keeps editing.
 */

const RATE_PER_SECOND = 30
const SECONDS = 5

function setCellAt(doc: Y.Doc, row: number, col: number, value: string): void {
  const layout = new SheetLayout(doc)
  sheetTypes(doc).cells.set(cellKey(layout.rowId(row)!, layout.colId(col)!), value)
  layout.destroy()
}

describe('hostile: a 1.8 MB pending delete set, then 30 tiny updates a second', () => {
  let bed: HostileBed

  // The budget leaves room for a busy CI machine; the attack used to stall it for 39 s.
  hostileSuite(async () => (bed = await HostileBed.startProcess({}, { budgetMs: 2000 })))

  it('the set is refused, every tiny update is answered, /healthz keeps answering (within 2 s) throughout, another workbook keeps saving', async () => {
    // The attacker's own workbook, created anonymously.
    const own = await bed.workbook('attacker workbook')
    const attacker = await bed.attacker(own, own.token)
    const doc = sheetDoc(own.id, own.sheetId)
    const replica = forkAs(await attacker.mirror(doc))
    const pendingSet = largePendingDeleteSet(randomClientId(), 1_000_000, 1_800_000)
    expect(pendingSet.byteLength).toBeGreaterThan(1_700_000)

    // The victim edits another workbook all along.
    const victimWb = await bed.workbook('victim workbook')
    const victim = await bed.victim(victimWb)
    victim.edit({ A1: 'before' })
    await victim.flushed()
    await bed.expectHealthy()

    const setAck = await attacker.send(doc, pendingSet, 60_000)
    const tinyAcks: Array<Promise<Ack>> = []
    let victimEdits = 0
    const started = Date.now()
    for (let i = 0; i < RATE_PER_SECOND * SECONDS; i++) {
      const update = updateOf(replica, (d) => setCellAt(d, i % 50, 1, `tiny ${i}`))
      tinyAcks.push(attacker.send(doc, update, 60_000))
      if (i % 6 === 0) {
        victim.edit({ [`B${1 + victimEdits}`]: `victim ${victimEdits}` })
        victimEdits++
      }
      // Paced at 30 a second from the start (not after each ack: the attacker does not wait).
      const due = started + ((i + 1) * 1000) / RATE_PER_SECOND
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
    }
    const answered = await Promise.all(tinyAcks)
    await victim.flushed()

    expect.soft(isRefusal(setAck), `the pending set was answered ${describeAck(setAck)}`).toBe(true)
    const notOk = answered.filter((a) => a.ok !== true).map(describeAck)
    expect(notOk, 'valid tiny updates were refused').toEqual([])
    await bed.expectHealthy()
    const read = await bed.read(own)
    expect(read.grid.get('B50')).toBe(`tiny ${RATE_PER_SECOND * SECONDS - 1}`)
    await bed.expectConverged(own)
    await bed.expectUnharmed(victimWb, [victim])
  }, 120_000)
})
