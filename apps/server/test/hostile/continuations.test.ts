import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SHEET_ROOTS, WORKBOOK_ROOTS, sheetTypes } from '@cellmate/model'
import {
  craft,
  describeAck,
  forkAs,
  isRefusal,
  randomClientId,
  sheetDoc,
  updateOf,
  workbookDoc,
} from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * A struct that starts inside what the document already holds of its client is integrated by
 * Yjs only past that point: linked after the item at the client's last known clock, yet kept
 * in the parent its own origin names. An attacker who writes row ids as a new client and then
 * sends cell entries as the same client from clock 0 gets items that sit in the rows' list
 * while belonging to the cells: every later cell edit next to them was refused as "rows holds
 * ids only" (found by the fuzz at seed 1684569578). Crafted against a mirror of the real
 * document.
 */
/** A cell entry (`rowId:colId:input`) at row and column `index` (0-based) of `doc`'s sheet. */
function cellEntry(doc: Y.Doc, index: number, text: string): string {
  const { rows, cols } = sheetTypes(doc)
  return `${rows.get(index)}:${cols.get(index)}:${text}`
}

describe('hostile: an update that continues an item the document holds', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it('continuing row ids with cell entries is refused, and everyone keeps editing', async () => {
    const wb = await bed.workbook('continuation')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha', B2: 'beta' })
    await victim.flushed()

    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const entry = (text: string) => cellEntry(mirror, 20, text)
    const client = randomClientId()
    // Three row ids at the end of the rows, clocks 0–2: an ordinary edit.
    const rowIds = await attacker.send(
      doc,
      craft(mirror, (d) => sheetTypes(d).rows.push(['hostile1', 'hostile2', 'hostile3']), client),
    )
    expect(rowIds.ok, describeAck(rowIds)).toBe(true)
    // Four cell entries by the same client from clock 0 (crafted on the mirror from before
    // the row ids): the server holds clocks 0–2, so Yjs would integrate clock 3 after them.
    const continuation = await attacker.send(
      doc,
      craft(
        mirror,
        (d) =>
          d
            .getArray<string>(SHEET_ROOTS.cells)
            .push([entry('one'), entry('two'), entry('three'), entry('four')]),
        client,
      ),
    )
    expect(isRefusal(continuation), `answered ${describeAck(continuation)}`).toBe(true)

    await victim.keepsWorking('after the continuation')
    expect(victim.refusals).toEqual([])
    const read = await bed.read(wb)
    expect(read.grid.get('A1')).toBe('alpha')
    expect(read.grid.get('B2')).toBe('beta')
    expect(read.grid.get('U21')).toBeUndefined()
    await bed.expectUnharmed(wb, [victim])
  })

  it('a client sending again an update the server stored (its ack lost) continues in place', async () => {
    const wb = await bed.workbook('resend')
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const entry = (text: string) => cellEntry(mirror, 2, text)
    const own = forkAs(mirror)
    const start = Y.encodeStateVector(own)
    const cells = own.getArray<string>(SHEET_ROOTS.cells)
    const first = updateOf(own, () => cells.push([entry('first')]))
    cells.push([entry('second')])
    // Both edits as one struct from clock 0, as a client merging what it has not seen acked.
    const both = Y.encodeStateAsUpdate(own, start)
    own.destroy()
    const ack1 = await attacker.send(doc, first)
    expect(ack1.ok, describeAck(ack1)).toBe(true)
    const ack2 = await attacker.send(doc, both)
    expect(ack2.ok, describeAck(ack2)).toBe(true)
    expect((await bed.read(wb)).grid.get('C3')).toBe('second')
  })

  it('in the workbook document: continuing a title with tab-order entries is refused', async () => {
    const wb = await bed.workbook('continuation in the workbook')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'kept' })
    await victim.flushed()
    const attacker = await bed.attacker(wb)
    const doc = workbookDoc(wb.id)
    const mirror = await attacker.mirror(doc)
    const client = randomClientId()
    // The title as a new client, clock 0: an ordinary rename.
    const renamed = craft(
      mirror,
      (d) => d.getMap(WORKBOOK_ROOTS.meta).set('title', 'Renamed once'),
      client,
    )
    const title = await attacker.send(doc, renamed)
    expect(title.ok, describeAck(title)).toBe(true)
    // Two tab-order entries by the same client from clock 0, crafted before the rename: Yjs
    // would link the second after the title while counting it in the tab order, and every
    // later rename would then land behind it, unseen.
    const continuation = await attacker.send(
      doc,
      craft(
        mirror,
        (d) => d.getArray<string>(WORKBOOK_ROOTS.sheets).push([wb.sheetId, wb.sheetId]),
        client,
      ),
    )
    expect(isRefusal(continuation), `answered ${describeAck(continuation)}`).toBe(true)

    // Someone who has seen the first rename renames the workbook again: everyone sees it, and
    // the tab order is whole.
    Y.applyUpdate(mirror, renamed)
    const rename = await attacker.send(
      doc,
      craft(mirror, (d) => d.getMap(WORKBOOK_ROOTS.meta).set('title', 'Renamed twice')),
    )
    expect(rename.ok, describeAck(rename)).toBe(true)
    const read = await bed.readDoc(wb, doc)
    expect(read.getMap(WORKBOOK_ROOTS.meta).get('title')).toBe('Renamed twice')
    const order = read.getArray<string>(WORKBOOK_ROOTS.sheets)
    expect(order.toArray()).toEqual([wb.sheetId])
    expect(order.length).toBe(1)
    read.destroy()
    // The victim's acknowledged edit is still there, and it keeps editing.
    await victim.keepsWorking('after the workbook continuation')
    expect(victim.refusals).toEqual([])
    expect((await bed.read(wb)).grid.get('A1')).toBe('kept')
    await bed.expectUnharmed(wb, [victim])
  })
})
