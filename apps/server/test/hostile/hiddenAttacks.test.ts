import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, hiddenIndexes, hiddenMap, setHiddenAt } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * The `hiddenRows` / `hiddenCols` roots from a hostile client: keys that are not ids and
 * values other than `true`. Each is refused; the victim's hidden row and edits survive.
 */

const rowId = (doc: Y.Doc, index: number): string => {
  const layout = new SheetLayout(doc)
  const id = layout.rowId(index)!
  layout.destroy()
  return id
}

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const cases: Case[] = [
  [
    'a hidden row keyed by something that is not an id',
    (m) => craft(m, (d) => hiddenMap(d, 'rows').set('A 1', true)),
  ],
  [
    'a hidden row marked with a number',
    (m) => craft(m, (d) => hiddenMap(d, 'rows').set(rowId(d, 4), 1)),
  ],
  [
    "the victim's hidden row overwritten with text",
    (m) => craft(m, (d) => hiddenMap(d, 'rows').set(rowId(d, 1), 'x'.repeat(50_000))),
  ],
  [
    'a hidden column holding a nested map',
    (m) => craft(m, (d) => hiddenMap(d, 'cols').set(rowId(d, 0), new Y.Map())),
  ],
]

describe('hostile: hidden rows and columns', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()), { bystander: { A1: 'keep' } })

  for (const [name, build] of cases) {
    it(`${name} is refused; the hidden row and the victim's edits survive`, async () => {
      const wb = await bed.workbook(name)
      const victim = await bed.victim(wb)
      victim.edit({ A1: 'header' })
      setHiddenAt(victim.doc, 'rows', 1, 1, true)
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      victim.edit({ C3: 'after the attack' })
      await victim.flushed()

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      expect(hiddenIndexes(victim.doc, 'rows')).toEqual([1])
      await bed.expectReadable(wb)
      await bed.expectAcknowledgedPresent(wb, victim)
      await bed.expectConverged(wb, [victim])
      await bed.expectHealthy()
    })
  }
})
