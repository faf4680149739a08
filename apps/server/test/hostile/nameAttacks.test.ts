import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_DEFINED_NAMES, addName, listNames, namesMap } from '@cellmate/model'
import { craft, describeAck, isRefusal, workbookDoc } from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'

/**
 * The workbook document's `names` root from a hostile editor: names Excel refuses, fields a
 * name does not have, values that are not text, a name that is not a map, an overwrite of
 * another user's name with a bad one, too many names. Each is refused; the well-formed name
 * an editor defined before survives, and the workbook stays readable. A viewer cannot write
 * even a well-formed name.
 */

function nameMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const m = new Y.Map<unknown>()
  for (const [k, v] of Object.entries(fields)) m.set(k, v)
  return m
}

type Case = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const victimNameId = (d: Y.Doc): string => listNames(d)[0]?.id as string

const cases: Case[] = [
  [
    'a name that is a cell reference',
    (m) => craft(m, (d) => namesMap(d).set('a1', nameMap({ name: 'A1', formula: '=1' }))),
  ],
  [
    'a name with a space',
    (m) => craft(m, (d) => namesMap(d).set('a2', nameMap({ name: 'my name', formula: '=1' }))),
  ],
  [
    'a name starting with a digit',
    (m) => craft(m, (d) => namesMap(d).set('a3', nameMap({ name: '1st', formula: '=1' }))),
  ],
  [
    'a name with a field names do not have',
    (m) =>
      craft(m, (d) =>
        namesMap(d).set('a4', nameMap({ name: 'Ok', formula: '=1', owner: 'attacker' })),
      ),
  ],
  [
    'a name whose formula is a number',
    (m) => craft(m, (d) => namesMap(d).set('a5', nameMap({ name: 'Ok', formula: 1 }))),
  ],
  [
    'a name without a formula',
    (m) => craft(m, (d) => namesMap(d).set('a6', nameMap({ name: 'Ok' }))),
  ],
  [
    'a name that is text instead of a map',
    (m) => craft(m, (d) => namesMap(d).set('a7', 'Sales=Sheet1!A1')),
  ],
  [
    'a name holding a nested map',
    (m) =>
      craft(m, (d) =>
        namesMap(d).set('a8', nameMap({ name: 'Ok', formula: '=1', scope: new Y.Map() })),
      ),
  ],
  // Scopes that are not text, though they would read as an id if made text ("s1", "5", "null").
  [
    'a name whose scope is a list holding an id',
    (m) =>
      craft(m, (d) => namesMap(d).set('a9', nameMap({ name: 'Ok', formula: '=1', scope: ['s1'] }))),
  ],
  [
    'a name whose scope is a number',
    (m) =>
      craft(m, (d) => namesMap(d).set('a10', nameMap({ name: 'Ok', formula: '=1', scope: 5 }))),
  ],
  [
    'a name whose scope is null',
    (m) =>
      craft(m, (d) => namesMap(d).set('a11', nameMap({ name: 'Ok', formula: '=1', scope: null }))),
  ],
  [
    'a name keyed by something that is not an id',
    (m) => craft(m, (d) => namesMap(d).set('a b', nameMap({ name: 'Ok', formula: '=1' }))),
  ],
  [
    "the victim's name renamed to a cell reference (an overwrite inside its map)",
    (m) => craft(m, (d) => (namesMap(d).get(victimNameId(d)) as Y.Map<unknown>).set('name', 'B2')),
  ],
  [
    "the victim's name given a formula without its =",
    (m) =>
      craft(m, (d) => (namesMap(d).get(victimNameId(d)) as Y.Map<unknown>).set('formula', 'x')),
  ],
  [
    "the victim's name replaced by text",
    (m) => craft(m, (d) => namesMap(d).set(victimNameId(d), 'gone')),
  ],
  [
    `more than ${MAX_DEFINED_NAMES} names`,
    (m) =>
      craft(m, (d) => {
        for (let i = 0; i <= MAX_DEFINED_NAMES; i++) {
          namesMap(d).set(`bulk${i}`, nameMap({ name: `N_${i}`, formula: '=1' }))
        }
      }),
  ],
]

describe('hostile: defined names', () => {
  let bed: HostileBed

  beforeAll(async () => {
    bed = await HostileBed.start()
  })

  afterEach(() => bed.closeClients())

  afterAll(async () => {
    await bed.close()
  })

  async function withVictimName(title: string): Promise<Workbook> {
    const wb = await bed.workbook(title, { A1: '10' })
    const editor = await bed.attacker(wb)
    const doc = workbookDoc(wb.id)
    const mirror = await editor.mirror(doc)
    const update = craft(mirror, (d) =>
      addName(d, { name: 'Sales', formula: '=1', scope: wb.sheetId }),
    )
    const ack = await editor.send(doc, update)
    expect(ack.ok, `a well-formed name was answered ${describeAck(ack)}`).toBe(true)
    editor.close()
    return wb
  }

  for (const [name, build] of cases) {
    it(`${name} is refused; the well-formed name survives`, async () => {
      const wb = await withVictimName(name)
      const attacker = await bed.attacker(wb)
      const doc = workbookDoc(wb.id)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(doc, build(mirror))

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      const read = await bed.readDoc(wb, doc)
      expect(listNames(read).map((n) => [n.name, n.formula, n.scope])).toEqual([
        ['Sales', '=1', wb.sheetId],
      ])
      expect(namesMap(read).size).toBe(1)
      await bed.expectReadable(wb)
      await bed.expectHealthy()
    })
  }

  it('a viewer cannot define even a well-formed name', async () => {
    const wb = await bed.workbook('viewer names')
    const view = await bed.rest(wb.token).createLink(wb.id, 'view')
    const viewer = await bed.attacker(wb, view.token)
    const doc = workbookDoc(wb.id)
    const mirror = await viewer.mirror(doc)
    const ack = await viewer.send(
      doc,
      craft(mirror, (d) => addName(d, { name: 'Sneaky', formula: '=1' })),
    )
    expect(isRefusal(ack), `the viewer's name was answered ${describeAck(ack)}`).toBe(true)
    expect(listNames(await bed.readDoc(wb, doc))).toEqual([])
  })
})
