import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { SheetLayout, cellKey, sheetTypes } from '@cellmate/model'
import { waitUntil } from '../support/testServer.js'
import { craft, describeAck, isRefusal, sheetDoc, stateOf } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 3: structs written with another user's Yjs client id. The attacker takes the
 * id from the victim's presence (awareness) or from the document itself, and writes at the
 * clock the victim will use next; the victim's own edit at that clock then looks "already
 * there" to the server, its `flushed()` resolves, and the edit is gone for good. Each client
 * id belongs to the session that first used it; a legitimate reconnect keeps it.
 */

/** Writes `value` at Z1 of a copy of the document. */
function plant(value: string): (doc: Y.Doc) => void {
  return (doc) => {
    const layout = new SheetLayout(doc)
    sheetTypes(doc).cells.set(cellKey(layout.rowId(0)!, layout.colId(25)!), value)
    layout.destroy()
  }
}

describe("hostile: structs written with another user's client id", () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it("an id taken from the victim's presence, written while the victim is offline, is refused; the victim's offline edit lands", async () => {
    const wb = await bed.workbook('spoof from awareness')
    const victim = await bed.victim(wb)
    victim.announce('Victim')
    victim.edit({ A1: 'alpha' })
    await victim.flushed()

    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    await waitUntil(() => attacker.clientsInAwareness(doc).includes(victim.clientId))
    const stolen = attacker.clientsInAwareness(doc).find((id) => id === victim.clientId)!

    await victim.offline()
    victim.edit({ B2: 'written offline' })
    const ack = await attacker.send(doc, craft(mirror, plant('spoofed'), stolen))
    await victim.online()
    await victim.flushed()
    await victim.keepsWorking('after the spoof')

    expect.soft(isRefusal(ack), `the spoof was answered ${describeAck(ack)}`).toBe(true)
    const read = await bed.read(wb)
    expect(read.grid.get('B2'), "the victim's offline edit").toBe('written offline')
    expect(Object.values(read.cells)).not.toContain('spoofed')
    await bed.expectUnharmed(wb, [victim])
  })

  it("an id taken from the document, at the victim's next clock while it is online, is refused", async () => {
    const wb = await bed.workbook('spoof from the document')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha' })
    await victim.flushed()

    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    // The id of whoever wrote A1, read off the struct that holds it.
    const a1 = `${new SheetLayout(mirror).rowId(0)!}:${new SheetLayout(mirror).colId(0)!}`
    const stolen = sheetTypes(mirror).cells.writer(a1)!
    expect(stolen).toBe(victim.clientId)
    expect(stateOf(mirror).get(stolen)).toBeGreaterThan(0)
    const acks = [await attacker.send(doc, craft(mirror, plant('as the victim'), stolen))]
    victim.edit({ B2: 'next edit' })
    await victim.flushed()
    await victim.keepsWorking('after the spoof')

    for (const ack of acks) expect.soft(isRefusal(ack), describeAck(ack)).toBe(true)
    const read = await bed.read(wb)
    expect(read.grid.get('B2')).toBe('next edit')
    expect(Object.values(read.cells)).not.toContain('as the victim')
    await bed.expectUnharmed(wb, [victim])
  })

  it("the server's own client id (seen in a REST write) is refused, or harmless: later REST writes land", async () => {
    const wb = await bed.workbook('spoof the server', { A1: 'written over REST' })
    const victim = await bed.victim(wb)
    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const ids = [...stateOf(mirror).keys()]
    expect(ids.length).toBeGreaterThan(0)
    const acks = []
    for (const id of ids) {
      acks.push(await attacker.send(doc, craft(mirror, plant(`as ${id}`), id)))
    }
    await bed.rest(wb.token).writeCells(wb.id, wb.sheetId, { A2: 'REST again', A1: 'REST over' })
    victim.edit({ B2: 'victim' })
    await victim.flushed()
    await victim.keepsWorking('after the spoof')

    for (const ack of acks) expect(ack.ok === true || isRefusal(ack), describeAck(ack)).toBe(true)
    const read = await bed.read(wb)
    expect(read.grid.get('A1')).toBe('REST over')
    expect(read.grid.get('A2')).toBe('REST again')
    await bed.expectUnharmed(wb, [victim])
  })

  it('a victim that reconnects, or reloads its document in a new connection, keeps its id and its edits', async () => {
    const wb = await bed.workbook('reclaim')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'before' })
    await victim.flushed()
    // Reconnect with edits made offline.
    await victim.offline()
    victim.edit({ A2: 'offline' })
    await victim.online()
    await victim.flushed()
    // A reload: the same document (same client id, as restored from local storage) in a new
    // connection after the old one is gone, with an edit the server has never seen.
    victim.provider.destroy()
    victim.edit({ A3: 'made while closed' })
    const reloaded = await bed.victim(wb, {
      doc: victim.doc,
      clientKey: victim.clientKey,
      open: { mayHaveUnsyncedState: true },
    })
    expect(reloaded.clientId).toBe(victim.clientId)
    reloaded.edit({ A4: 'after the reload' })
    await reloaded.flushed()
    const read = await bed.read(wb)
    expect(reloaded.refusals).toEqual([])
    expect(read.grid.get('A1')).toBe('before')
    expect(read.grid.get('A2')).toBe('offline')
    expect(read.grid.get('A3')).toBe('made while closed')
    expect(read.grid.get('A4')).toBe('after the reload')
    await bed.expectAcknowledgedPresent(wb, reloaded)
    await bed.expectHealthy()
  })
})
