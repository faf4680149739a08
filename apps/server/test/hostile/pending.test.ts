import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, cellKey, sheetTypes } from '@cellmate/model'
import {
  craft,
  deleteSetUpdate,
  isRefusal,
  pendingStructs,
  randomClientId,
  sheetDoc,
  stateOf,
  structClients,
} from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 4 and "structs that never integrate are stored forever": updates the server
 * cannot integrate now — structs whose clocks start above what it has for their client, and
 * delete sets for clocks that do not exist yet (another client's, up to +1,000,000). Yjs keeps
 * them aside and applies them when the missing clocks arrive, so a later genuine edit by that
 * client is deleted on arrival while acknowledged to it. They must be refused.
 */

function setA(doc: Y.Doc, address: 'Z1' | 'Z2', value: string): void {
  const layout = new SheetLayout(doc)
  const col = layout.colId(25)!
  const row = layout.rowId(address === 'Z1' ? 0 : 1)!
  layout.destroy()
  sheetTypes(doc).cells.set(cellKey(row, col), value)
}

describe('hostile: pending structs and pending delete sets', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  /** A workbook whose victim has made and flushed a few edits; the attacker's mirror of it. */
  const setUp = (name: string) => bed.sheetUnderAttack(name)

  it('structs of a new client starting at clock 5 are refused, stored nowhere, sent to no joiner', async () => {
    const { wb, victim, mirror, send, acks } = await setUp('pending structs, new client')
    const ghost = randomClientId()
    const update = pendingStructs(mirror, (d) => setA(d, 'Z1', 'ghost'), ghost, 5)
    const answer = await send(update)
    await victim.keepsWorking('after pending structs')
    expect.soft(isRefusal(acks[0]), answer).toBe(true)
    // A joiner receives nothing of that client, and it is not in the server's state vector.
    const read = await bed.read(wb)
    expect(read.stateVector.has(ghost)).toBe(false)
    const joined = await (await bed.attacker(wb)).join(sheetDoc(wb.id, wb.sheetId))
    expect(structClients(joined.update!).has(ghost)).toBe(false)
    await bed.expectUnharmed(wb, [victim])
  })

  it("structs with the victim's client id above its current clock are refused; the victim's next edits land", async () => {
    const { wb, victim, mirror, send, acks } = await setUp('pending structs, victim id')
    const next = stateOf(mirror).get(victim.clientId) ?? 0
    expect(next).toBeGreaterThan(0)
    const answer = await send(
      pendingStructs(mirror, (d) => setA(d, 'Z1', 'planted'), victim.clientId, 2),
    )
    // The victim's next edits fill exactly the clocks below the planted struct.
    victim.edit({ C3: 'one' })
    victim.edit({ C4: 'two' })
    victim.edit({ C5: 'three' })
    await victim.flushed()
    await victim.keepsWorking('after planted structs')
    expect.soft(isRefusal(acks[0]), answer).toBe(true)
    const read = await bed.read(wb)
    expect(Object.values(read.cells)).not.toContain('planted')
    await bed.expectUnharmed(wb, [victim])
  })

  it("a repeat of the victim's first item naming a neighbour nobody has is refused, not left pending", async () => {
    const { wb, victim, doc, mirror, send, acks } = await setUp('repeated item, missing neighbour')
    expect(stateOf(mirror).get(victim.clientId) ?? 0).toBeGreaterThan(0)
    // An item of a client the server has never seen, only to be named as a neighbour.
    const ghost = new Y.Doc()
    ghost.clientID = randomClientId()
    ghost.getArray('cellEntries').push(['ghost'])
    // Clock 0 of the victim (which the server holds) again, now left of the ghost's item. Yjs
    // skips a struct it holds only once the struct's neighbours exist, so it would wait forever.
    const repeat = new Y.Doc()
    repeat.clientID = victim.clientId
    Y.applyUpdate(repeat, Y.encodeStateAsUpdate(ghost))
    repeat.getArray('cellEntries').insert(0, ['repeat'])
    const update = Y.encodeStateAsUpdate(repeat, Y.encodeStateVector(ghost))
    expect(structClients(update)).toEqual(new Set([victim.clientId]))
    const answer = await send(update)
    await victim.keepsWorking('after the repeated item')
    expect.soft(isRefusal(acks[0]), answer).toBe(true)
    const pending = await bed.server.registry.use(doc, (entry) => entry.doc.store.pendingStructs)
    expect(pending).toBeNull()
    await bed.expectUnharmed(wb, [victim])
  })

  const deleteSets: Array<[string, (victimId: number, next: number) => Uint8Array]> = [
    [
      "the victim's next 1,000,000 clocks",
      (id, next) => deleteSetUpdate([{ client: id, clock: next, len: 1_000_000 }]),
    ],
    [
      "the victim's clocks from +5 to +1,000,000",
      (id, next) => deleteSetUpdate([{ client: id, clock: next + 5, len: 999_995 }]),
    ],
    [
      "the victim's next clock only",
      (id, next) => deleteSetUpdate([{ client: id, clock: next, len: 1 }]),
    ],
    [
      'a client that never wrote',
      () => deleteSetUpdate([{ client: randomClientId(), clock: 0, len: 1_000_000 }]),
    ],
    [
      "existing clocks plus the victim's future ones",
      (id, next) =>
        deleteSetUpdate([
          { client: id, clock: 0, len: 1 },
          { client: id, clock: next, len: 10 },
        ]),
    ],
  ]

  for (const [name, build] of deleteSets) {
    it(`a delete set for ${name} is refused; the victim's offline edits are not deleted on arrival`, async () => {
      const { wb, victim, mirror, send, acks } = await setUp(`pending deletes: ${name}`)
      const next = stateOf(mirror).get(victim.clientId) ?? 0
      const answer = await send(build(victim.clientId, next))
      // Offline edits, then a reconnect: exactly the clocks the delete set named.
      await victim.offline()
      victim.edit({ C3: 'offline one' })
      victim.edit({ C4: 'offline two' })
      await victim.online()
      await victim.flushed()
      victim.edit({ C5: 'online' })
      await victim.flushed()
      expect.soft(isRefusal(acks[0]), answer).toBe(true)
      const read = await bed.read(wb)
      expect(read.grid.get('C3')).toBe('offline one')
      expect(read.grid.get('C4')).toBe('offline two')
      expect(read.grid.get('C5')).toBe('online')
      expect(read.grid.get('A1')).toBe('alpha')
      await bed.expectUnharmed(wb, [victim])
    })
  }

  it('a valid edit sent together with a pending delete set is refused as a whole', async () => {
    const { wb, victim, mirror, send, acks } = await setUp('pending deletes mixed')
    const next = stateOf(mirror).get(victim.clientId) ?? 0
    const valid = craft(mirror, (d) => setA(d, 'Z2', 'carrier'))
    const answer = await send(
      Y.mergeUpdates([valid, deleteSetUpdate([{ client: victim.clientId, clock: next, len: 50 }])]),
    )
    await victim.keepsWorking('after a mixed update')
    expect.soft(isRefusal(acks[0]), answer).toBe(true)
    const read = await bed.read(wb)
    expect(Object.values(read.cells)).not.toContain('carrier')
    await bed.expectUnharmed(wb, [victim])
  })
})
