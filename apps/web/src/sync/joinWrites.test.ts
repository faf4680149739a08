import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { JoinWrites } from './joinWrites'

/** A document behind `JoinWrites`, recording what goes to y-indexeddb and what in batches. */
function bed() {
  const doc = new Y.Doc()
  const join = { join: true }
  const stored: Uint8Array[] = []
  const batches: Uint8Array[][] = []
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  const writes = new JoinWrites(
    doc,
    join,
    (update) => stored.push(update),
    { opened, write: (batch) => batches.push([...batch]) },
    () => Promise.resolve(),
  )
  return { doc, join, stored, batches, writes, open }
}

/** A server's copy with `count` entries, as updates `count` long each applied with `origin`. */
function joinSlices(count: number): Uint8Array[] {
  const server = new Y.Doc()
  const slices: Uint8Array[] = []
  server.on('update', (u: Uint8Array) => slices.push(u))
  for (let i = 0; i < count; i++) server.getArray('a').push([`v${i}`])
  return slices
}

/** What a fresh document reads from the records y-indexeddb would load on a reload. */
function reloaded(records: Uint8Array[]): unknown[] {
  const doc = new Y.Doc()
  Y.transact(doc, () => records.forEach((r) => Y.applyUpdate(doc, r)))
  return doc.getArray('a').toArray()
}

describe('JoinWrites', () => {
  it('writes the join after it, in one batch, and an edit typed meanwhile at once', async () => {
    const { doc, join, stored, batches, writes, open } = bed()
    const slices = joinSlices(3)
    for (const s of slices) Y.applyUpdate(doc, s, join)
    expect(batches).toEqual([])
    expect(stored).toEqual([])

    doc.getArray('a').push(['typed'])
    expect(stored).toHaveLength(1)

    open()
    await writes.joined()
    expect(batches).toEqual([slices])
    expect(writes.pending).toBe(0)
    expect(reloaded([...stored, ...(batches[0] ?? [])])).toEqual(['v0', 'v1', 'v2', 'typed'])
  })

  it('an edit stored before the join it builds on survives a reload once the join is written', async () => {
    const { doc, join, stored, batches, writes, open } = bed()
    for (const s of joinSlices(2)) Y.applyUpdate(doc, s, join)
    doc.getArray('a').delete(0, 1)
    doc.getArray('a').push(['mine'])
    open()
    await writes.joined()
    // y-indexeddb applies its records in key order: the edit's come first.
    expect(reloaded([...stored, ...batches.flat()])).toEqual(['v1', 'mine'])
  })

  it('writes remote updates after the join at once, as y-indexeddb did', async () => {
    const { doc, join, stored, writes, open } = bed()
    open()
    await writes.joined()
    for (const s of joinSlices(1)) Y.applyUpdate(doc, s, join)
    expect(stored).toHaveLength(1)
  })

  it('writes a join slice that is a view into a bigger message as its own bytes', async () => {
    const { doc, join, batches, writes, open } = bed()
    const [slice] = joinSlices(1) as [Uint8Array]
    const message = new Uint8Array(slice.byteLength + 8)
    message.set(slice, 4)
    const view = message.subarray(4, 4 + slice.byteLength)
    doc.emit('update', [view, join, doc, {} as Y.Transaction])
    open()
    await writes.joined()
    const [written] = batches.flat() as [Uint8Array]
    expect(written).toEqual(slice)
    expect(written.buffer.byteLength).toBe(slice.byteLength)
  })

  it('writes what it still holds when closed before the join is done', () => {
    const { doc, join, batches, writes } = bed()
    for (const s of joinSlices(2)) Y.applyUpdate(doc, s, join)
    writes.close()
    expect(batches.flat()).toHaveLength(2)
    doc.getArray('a').push(['after close'])
    expect(batches.flat()).toHaveLength(2)
  })
})
