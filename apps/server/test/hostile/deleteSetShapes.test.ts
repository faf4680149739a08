import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sheetTypes } from '@cellmate/model'
import { deleteSetUpdate, isRefusal, writeVarUint } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Delete sets no Yjs client writes: a range repeated, ranges out of order or overlapping. Yjs
 * applies such a set range by range (each a search of the client's structs), and the server
 * stored and broadcast it, so one 1.5 MB update of one range repeated 500,000 times held the
 * event loop for seconds, then again at every load. Refused before anything is applied; an
 * editor's ordinary delete of the same content still goes through.
 */

/** The ids of the cell log's live entries, in order (one per entry: Yjs merges runs into an item). */
function cellEntryIds(doc: Y.Doc): Y.ID[] {
  const ids: Y.ID[] = []
  for (let n = sheetTypes(doc).cells.array._start; n; n = n.right) {
    if (n.deleted) continue
    for (let i = 0; i < n.length; i++) ids.push(Y.createID(n.id.client, n.id.clock + i))
  }
  return ids
}

/** A v1 update of no structs and one client's delete ranges written as given, unsorted. */
function rawDeleteSet(
  client: number,
  ranges: ReadonlyArray<[clock: number, len: number]>,
): Uint8Array {
  const out: number[] = []
  writeVarUint(out, 0) // no structs
  writeVarUint(out, 1)
  writeVarUint(out, client)
  writeVarUint(out, ranges.length)
  for (const [clock, len] of ranges) {
    writeVarUint(out, clock)
    writeVarUint(out, len)
  }
  return Uint8Array.from(out)
}

describe('hostile: delete sets in shapes Yjs never writes', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  const setUp = (name: string) => bed.sheetUnderAttack(name)

  it('one range repeated 20,000 times is refused, and the cells stay', async () => {
    const { wb, victim, mirror, send, acks } = await setUp('repeated delete range')
    const [first] = cellEntryIds(mirror)
    const range = { client: first!.client, clock: first!.clock, len: 1 }
    const answer = await send(deleteSetUpdate(Array.from({ length: 20_000 }, () => range)))
    expect(isRefusal(acks[0]), answer).toBe(true)
    expect(answer).toContain('must not overlap')
    await victim.keepsWorking('after a repeated delete range')
    const read = await bed.read(wb)
    expect(read.grid.get('A1')).toBe('alpha')
    expect(read.grid.get('B2')).toBe('beta')
    await bed.expectUnharmed(wb, [victim])
  })

  it('ranges out of order, and overlapping ranges, are refused', async () => {
    const { wb, victim, mirror, send, acks } = await setUp('unordered delete ranges')
    const [a, b] = cellEntryIds(mirror)
    expect(a!.client).toBe(b!.client)
    const backwards = await send(
      rawDeleteSet(a!.client, [
        [b!.clock, 1],
        [a!.clock, 1],
      ]),
    )
    expect(isRefusal(acks[0]), backwards).toBe(true)
    const overlapping = await send(
      rawDeleteSet(a!.client, [
        [a!.clock, 2],
        [a!.clock + 1, 1],
      ]),
    )
    expect(isRefusal(acks[1]), overlapping).toBe(true)
    const read = await bed.read(wb)
    expect(read.grid.get('A1')).toBe('alpha')
    expect(read.grid.get('B2')).toBe('beta')
    await bed.expectUnharmed(wb, [victim])
  })

  it('the same cells deleted in ranges in order, as Yjs writes them, are accepted', async () => {
    const { wb, mirror, send, acks } = await setUp('ordered delete ranges')
    const [a, b] = cellEntryIds(mirror)
    const answer = await send(
      rawDeleteSet(a!.client, [
        [a!.clock, 1],
        [b!.clock, 1],
      ]),
    )
    expect(acks[0], answer).toEqual({ ok: true })
    const read = await bed.read(wb)
    expect(read.grid.has('A1')).toBe(false)
    expect(read.grid.has('B2')).toBe(false)
  })
})
