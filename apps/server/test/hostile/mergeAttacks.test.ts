import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SheetLayout,
  cellKey,
  mergeCells,
  mergesMap,
  parseRange,
  readValidations,
  setValidation,
  validationsMap,
} from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * The `merges` (merged cells) and `validations` (data validation) roots from a hostile
 * client: new keys and overwrites of the victim's merge and rule that are not what a reader
 * can use. Each is refused; the victim's merge, rule, edits and every reader survive.
 */

function ids(doc: Y.Doc): { a1: string; b2: string; c3: string } {
  const layout = new SheetLayout(doc)
  const at = (row: number, col: number): string => cellKey(layout.rowId(row)!, layout.colId(col)!)
  const out = { a1: at(0, 0), b2: at(1, 1), c3: at(2, 2) }
  layout.destroy()
  return out
}

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const cases: Case[] = [
  [
    'a merge keyed by something that is not a cell',
    (m) => craft(m, (d) => mergesMap(d).set('A1', ids(d).b2)),
  ],
  ['a merge whose corner is a number', (m) => craft(m, (d) => mergesMap(d).set(ids(d).c3, 42))],
  [
    'a merge whose corner is its anchor',
    (m) => craft(m, (d) => mergesMap(d).set(ids(d).c3, ids(d).c3)),
  ],
  [
    'a merge whose corner is a nested map',
    (m) => craft(m, (d) => mergesMap(d).set(ids(d).c3, new Y.Map())),
  ],
  [
    "the victim's merge overwritten with text that is not a cell",
    (m) => craft(m, (d) => mergesMap(d).set(ids(d).a1, 'x:y:z')),
  ],
  [
    "the victim's merge overwritten with a 50,000-character corner",
    (m) => craft(m, (d) => mergesMap(d).set(ids(d).a1, `a.1:${'b'.repeat(50_000)}`)),
  ],
  [
    'a validation rule that is not JSON',
    (m) => craft(m, (d) => validationsMap(d).set('evil', '{kind: list')),
  ],
  [
    'a validation rule as a nested map',
    (m) => craft(m, (d) => validationsMap(d).set('evil', new Y.Map())),
  ],
  [
    'a validation rule keyed by 5,000 characters',
    (m) =>
      craft(m, (d) => validationsMap(d).set('k'.repeat(5_000), validationsMap(d).get('status'))),
  ],
  [
    "the victim's rule overwritten with an empty list",
    (m) =>
      craft(m, (d) => {
        const stored = JSON.parse(validationsMap(d).get('status') as string) as object
        validationsMap(d).set('status', JSON.stringify({ ...stored, items: [] }))
      }),
  ],
  [
    "the victim's rule overwritten with a range that is not ids",
    (m) =>
      craft(m, (d) => {
        const stored = JSON.parse(validationsMap(d).get('status') as string) as object
        validationsMap(d).set(
          'status',
          JSON.stringify({ ...stored, at: ['row 1', 'col 1', 'row 2', 'col 2'] }),
        )
      }),
  ],
]

describe('hostile: merged cells and data validation', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  for (const [name, build] of cases) {
    it(`${name} is refused; the merge and the victim's edits survive`, async () => {
      const wb = await bed.workbook(name)
      const victim = await bed.victim(wb)
      victim.edit({ A1: 'header' })
      mergeCells(victim.doc, parseRange('A1:B2')!)
      const rule = { kind: 'list' as const, items: ['Open', 'Done'], strict: true }
      setValidation(victim.doc, parseRange('D1:D9')!, rule, undefined, 'status')
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      victim.edit({ C3: 'after the attack' })
      await victim.flushed()

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      expect([...mergesMap(victim.doc).entries()]).toEqual([
        [ids(victim.doc).a1, ids(victim.doc).b2],
      ])
      expect(readValidations(victim.doc)).toMatchObject([{ id: 'status', items: ['Open', 'Done'] }])
      await bed.expectReadable(wb)
      await bed.expectAcknowledgedPresent(wb, victim)
      await bed.expectConverged(wb, [victim])
      await bed.expectHealthy()
    })
  }
})
