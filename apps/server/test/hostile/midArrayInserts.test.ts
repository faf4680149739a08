import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sheetTypes, workbookTypes } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc, workbookDoc, type Ack } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 2 and "1,201,000 rows accepted": inserts into the middle of non-empty arrays
 * (rows, columns, the sheet list). Such an insert names its left and right neighbours, never
 * its parent, so a check of "the root this struct lands in" must resolve it through the
 * document. Crafted against a mirror of the real document.
 */

type InsertCase = [name: string, root: 'rows' | 'cols', items: () => unknown[]]

const insertCases: InsertCase[] = [
  ['a number', 'rows', () => [42]],
  ['a boolean', 'cols', () => [true]],
  ['null', 'rows', () => [null]],
  ['an id with a colon', 'rows', () => ['a:b']],
  ['a 45,000-character id', 'cols', () => ['y'.repeat(45_000)]],
  ['a nested map', 'rows', () => [new Y.Map()]],
  ['a nested array', 'cols', () => [new Y.Array()]],
  ['an object', 'rows', () => [{ id: 'x' }]],
  ['valid ids around a number', 'cols', () => ['ok1', 7, 'ok2']],
]

describe('hostile: inserts into the middle of non-empty arrays', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  for (const [name, root, items] of insertCases) {
    it(`${name} inserted in the middle of ${root} is refused`, async () => {
      const wb = await bed.workbook(`insert ${name}`)
      const victim = await bed.victim(wb)
      victim.edit({ A1: 'alpha', B7: 'beta', F2: 'gamma' })
      await victim.flushed()

      const attacker = await bed.attacker(wb)
      const doc = sheetDoc(wb.id, wb.sheetId)
      const mirror = await attacker.mirror(doc)
      const ack = await attacker.send(
        doc,
        craft(mirror, (d) => (sheetTypes(d)[root] as Y.Array<unknown>).insert(5, items())),
      )
      await victim.keepsWorking(name)

      expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
      const read = await bed.read(wb)
      expect(read.grid.get('A1')).toBe('alpha')
      expect(read.grid.get('B7'), 'an inserted entry shifted the rows').toBe('beta')
      expect(read.grid.get('F2'), 'an inserted entry shifted the columns').toBe('gamma')
      await bed.expectUnharmed(wb, [victim])
    })
  }

  it('a number and a nested map inserted before the first sheet are refused', async () => {
    const wb = await bed.workbook('sheet list inserts')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha' })
    await victim.flushed()
    const attacker = await bed.attacker(wb)
    const doc = workbookDoc(wb.id)
    const mirror = await attacker.mirror(doc)
    const acks: Ack[] = []
    for (const item of [42, new Y.Map(), 'x'.repeat(45_000), 'a:b']) {
      acks.push(
        await attacker.send(
          doc,
          craft(mirror, (d) => (workbookTypes(d).sheets as Y.Array<unknown>).insert(0, [item])),
        ),
      )
    }
    await victim.keepsWorking('sheet list')
    for (const ack of acks) expect.soft(isRefusal(ack), describeAck(ack)).toBe(true)
    const info = await bed.rest(wb.token).getWorkbook(wb.id)
    expect(info.sheets.map((s) => s.id)).toEqual([wb.sheetId])
    await bed.expectUnharmed(wb, [victim])
  })
})
