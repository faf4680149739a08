import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, filterMap, readFilter, setFilter, setFilterCriteria } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * The `filter` root from a hostile client: wrong types, unknown keys and fields, criteria past
 * their limits, a range of ids that are not ids. Each is refused; the victim's filter and
 * edits survive.
 */

const ids = (doc: Y.Doc): { row: (i: number) => string; col: (i: number) => string } => {
  const layout = new SheetLayout(doc)
  const rows = layout.rowIds
  const cols = layout.colIds
  layout.destroy()
  return { row: (i) => rows[i]!, col: (i) => cols[i]! }
}

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const cases: Case[] = [
  ['a filter range given as a number', (m) => craft(m, (d) => filterMap(d).set('range', 42))],
  [
    'a filter range of three ids',
    (m) => craft(m, (d) => filterMap(d).set('range', `${ids(d).row(0)}:a:b`)),
  ],
  [
    'a filter range naming something that is not an id',
    (m) => craft(m, (d) => filterMap(d).set('range', `${ids(d).row(0)}:A 1:b:c`)),
  ],
  [
    'a key that is neither the range nor a column',
    (m) => craft(m, (d) => filterMap(d).set('sort', '{}')),
  ],
  [
    'criteria that are not JSON',
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(0)}`, '{hiddenValues:')),
  ],
  [
    'criteria with an unknown field',
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(0)}`, '{"script":"x"}')),
  ],
  [
    'hidden values that are numbers',
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(0)}`, '{"hiddenValues":[1,2]}')),
  ],
  [
    'more hidden values than a column may hide',
    (m) =>
      craft(m, (d) =>
        filterMap(d).set(
          `col:${ids(d).col(0)}`,
          JSON.stringify({ hiddenValues: Array.from({ length: 6000 }, (_, i) => `v${i}`) }),
        ),
      ),
  ],
  [
    'criteria longer than the filter limit',
    (m) =>
      craft(m, (d) =>
        filterMap(d).set(
          `col:${ids(d).col(0)}`,
          JSON.stringify({ hiddenValues: ['x'.repeat(300_000)] }),
        ),
      ),
  ],
  [
    'a number condition comparing with text',
    (m) =>
      craft(m, (d) =>
        filterMap(d).set(`col:${ids(d).col(0)}`, '{"condition":{"op":"gt","value":"x"}}'),
      ),
  ],
  [
    'an unknown condition',
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(0)}`, '{"condition":{"op":"eval"}}')),
  ],
  [
    'a fill that is not a colour',
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(0)}`, '{"fill":"url(x)"}')),
  ],
  [
    "the victim's criteria overwritten with a nested map",
    (m) => craft(m, (d) => filterMap(d).set(`col:${ids(d).col(1)}`, new Y.Map())),
  ],
]

describe('hostile: shared filter', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()), { bystander: { A1: 'keep' } })

  for (const [name, build] of cases) {
    it(`${name} is refused; the filter and the victim's edits survive`, async () => {
      const wb = await bed.workbook(name)
      const victim = await bed.victim(wb)
      victim.edit({ A1: 'Name', B1: 'Qty', A2: 'x', B2: '3' })
      const range = { start: { row: 0, col: 0 }, end: { row: 4, col: 1 } }
      setFilter(victim.doc, range)
      setFilterCriteria(victim.doc, ids(victim.doc).col(1), { condition: { op: 'gt', value: 2 } })
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      victim.edit({ C3: 'after the attack' })
      await victim.flushed()

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      const filter = readFilter(victim.doc)
      expect(filter?.range).toEqual(range)
      expect(filter?.columns.map((c) => c.criteria)).toEqual([
        { condition: { op: 'gt', value: 2 } },
      ])
      await bed.expectReadable(wb)
      await bed.expectAcknowledgedPresent(wb, victim)
      await bed.expectConverged(wb, [victim])
      await bed.expectHealthy()
    })
  }
})
