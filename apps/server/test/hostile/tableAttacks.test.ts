import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addTable, readTables, tablesMap } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * The `tables` root from a hostile client: entries that are not JSON, names Excel refuses,
 * markup as a style, column names that are not text, ranges that are not four ids, the
 * victim's table overwritten with a nested map. Each is refused; the victim's table and edits
 * survive.
 */

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

/** The victim's table as stored, changed by `change`. */
const changed =
  (change: (stored: Record<string, unknown>) => Record<string, unknown>) =>
  (d: Y.Doc): void => {
    const [id, value] = [...tablesMap(d).entries()][0] as [string, string]
    tablesMap(d).set(id, JSON.stringify(change(JSON.parse(value) as Record<string, unknown>)))
  }

const cases: Case[] = [
  ['a table that is not JSON', (m) => craft(m, (d) => tablesMap(d).set('evil', '{name: x'))],
  ['a table given as a number', (m) => craft(m, (d) => tablesMap(d).set('evil', 42))],
  [
    'a table named like a cell',
    (m) =>
      craft(
        m,
        changed((t) => ({ ...t, name: 'A1' })),
      ),
  ],
  [
    'a style carrying markup',
    (m) =>
      craft(
        m,
        changed((t) => ({ ...t, style: '<script>x</script>' })),
      ),
  ],
  [
    'a column name that is a number',
    (m) =>
      craft(
        m,
        changed((t) => ({
          ...t,
          columns: Object.fromEntries(Object.keys(t.columns as object).map((k) => [k, 7])),
        })),
      ),
  ],
  [
    'a range of three ids',
    (m) =>
      craft(
        m,
        changed((t) => ({ ...t, at: (t.at as string[]).slice(0, 3) })),
      ),
  ],
  [
    'a header flag that is text',
    (m) =>
      craft(
        m,
        changed((t) => ({ ...t, headerRow: 'yes' })),
      ),
  ],
  [
    "the victim's table overwritten with a nested map",
    (m) => craft(m, (d) => tablesMap(d).set([...tablesMap(d).keys()][0] as string, new Y.Map())),
  ],
]

describe('hostile: tables', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()), { bystander: { A1: 'keep' } })

  for (const [name, build] of cases) {
    it(`${name} is refused; the table and the victim's edits survive`, async () => {
      const wb = await bed.workbook(name)
      const victim = await bed.victim(wb)
      victim.edit({ A1: 'Name', B1: 'Qty', A2: 'x', B2: '3' })
      const range = { start: { row: 0, col: 0 }, end: { row: 3, col: 1 } }
      addTable(victim.doc, { name: 'Stock', range, columns: ['Name', 'Qty'] })
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      victim.edit({ C3: 'after the attack' })
      await victim.flushed()

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      expect(readTables(victim.doc).map((t) => [t.name, t.range, t.columns])).toEqual([
        ['Stock', range, ['Name', 'Qty']],
      ])
      await bed.expectReadable(wb)
      await bed.expectAcknowledgedPresent(wb, victim)
      await bed.expectConverged(wb, [victim])
      await bed.expectHealthy()
    })
  }
})
