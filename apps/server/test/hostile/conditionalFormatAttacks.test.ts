import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  MAX_CONDITIONAL_RULES,
  SheetLayout,
  addConditionalFormat,
  conditionalFormatsMap,
  parseRange,
  readConditionalFormats,
} from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * The `conditionalFormats` root from a hostile client: values of the wrong type, rules that do
 * not hold together, bad colours, oversize rules and more rules than a sheet may hold. Each is
 * refused; the victim's rule and edits survive.
 */

/** A well-formed stored rule on A1:B2 of `doc`, as JSON, with `change` applied. */
function storedRule(doc: Y.Doc, change: Record<string, unknown>): string {
  const layout = new SheetLayout(doc)
  const at = [layout.rowId(0), layout.colId(0), layout.rowId(1), layout.colId(1)]
  layout.destroy()
  const rule = { kind: 'cellValue', op: 'gt', value: 1, style: { fill: '#ff0000' }, order: 5, at }
  return JSON.stringify({ ...rule, ...change })
}

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const set = (key: string, value: unknown) => (d: Y.Doc) => conditionalFormatsMap(d).set(key, value)

const cases: Case[] = [
  ['a rule that is a number, not JSON text', (m) => craft(m, set('r1', 42))],
  ['a rule that is not JSON', (m) => craft(m, set('r1', '{"kind":'))],
  [
    'a rule keyed by something that is not a rule id',
    (m) => craft(m, set('a b', storedRule(m, {}))),
  ],
  [
    'a rule of an unknown kind',
    (m) => craft(m, (d) => set('r1', storedRule(d, { kind: 'evil' }))(d)),
  ],
  [
    'a fill that is not a colour',
    (m) => craft(m, (d) => set('r1', storedRule(d, { style: { fill: 'url(javascript:x)' } }))(d)),
  ],
  [
    'a colour scale with a bad colour',
    (m) =>
      craft(m, (d) =>
        set(
          'r1',
          storedRule(d, { kind: 'colorScale', style: undefined, colors: ['#fff', 'red'] }),
        )(d),
      ),
  ],
  [
    'a priority that is text',
    (m) => craft(m, (d) => set('r1', storedRule(d, { order: 'top' }))(d)),
  ],
  [
    'a range anchored on things that are not ids',
    (m) => craft(m, (d) => set('r1', storedRule(d, { at: ['x y', 'a', 'b', 'c'] }))(d)),
  ],
  [
    'an oversize rule (a 100 kB operand)',
    (m) => craft(m, (d) => set('r1', storedRule(d, { value: 'x'.repeat(100_000) }))(d)),
  ],
  [
    'a rule with fields the model does not know',
    (m) => craft(m, (d) => set('r1', storedRule(d, { onClick: 'alert(1)' }))(d)),
  ],
  [
    `more than ${MAX_CONDITIONAL_RULES} rules`,
    (m) =>
      craft(m, (d) => {
        for (let i = 0; i < MAX_CONDITIONAL_RULES + 1; i++) set(`many${i}`, storedRule(d, {}))(d)
      }),
  ],
]

describe('hostile: conditional formats', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()), { bystander: { A1: 'keep' } })

  for (const [name, build] of cases) {
    it(`${name} is refused; the victim's rule and edits survive`, async () => {
      const wb = await bed.workbook(name)
      const victim = await bed.victim(wb)
      victim.edit({ A1: '5' })
      const range = parseRange('A1:A5')!
      addConditionalFormat(
        victim.doc,
        range,
        { kind: 'dataBar', barColor: '#638ec6' },
        { id: 'r1' },
      )
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      victim.edit({ C3: 'after the attack' })
      await victim.flushed()

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      expect(readConditionalFormats(victim.doc).map((r) => [r.id, r.kind])).toEqual([
        ['r1', 'dataBar'],
      ])
      await bed.expectReadable(wb)
      await bed.expectAcknowledgedPresent(wb, victim)
      await bed.expectConverged(wb, [victim])
      await bed.expectHealthy()
    })
  }

  it(`the rule limit is counted against the rules the sheet holds`, async () => {
    const wb = await bed.workbook('limit')
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const fill = (from: number, to: number) => (d: Y.Doc) => {
      for (let i = from; i < to; i++) set(`many${i}`, storedRule(d, {}))(d)
    }
    const first = craft(mirror, fill(0, MAX_CONDITIONAL_RULES))
    expect(isRefusal(await attacker.send(doc, first))).toBe(false)
    // Overwriting the rules the sheet holds adds none; the one new rule is over the limit.
    const again = craft(mirror, fill(0, MAX_CONDITIONAL_RULES + 1))
    const ack = await attacker.send(doc, again)
    expect(ack?.error?.code, describeAck(ack)).toBe('LIMIT_EXCEEDED')
  })

  it('a well-formed rule is accepted', async () => {
    const wb = await bed.workbook('fine')
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const ack = await attacker.send(
      doc,
      craft(mirror, (d) => set('r9', storedRule(d, {}))(d)),
    )
    expect(isRefusal(ack), describeAck(ack)).toBe(false)
  })
})
