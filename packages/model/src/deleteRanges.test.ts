import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetCells } from './cellStore.js'

/*
 * The patched Yjs deletes the ranges of a delete set (a remote update's, or `SheetCells`'s own
 * through `Y.deleteRanges`) from the highest down, splitting runs from their end and putting the
 * split-off structs into the struct store once. Checked here against what deleting means:
 * exactly the entries whose ids fall in a range below the client's state are gone, whatever the
 * ranges' order and overlaps, the struct store stays a gapless, ordered cover of each client's
 * clocks, and replicas converge.
 */

/** A V1 update holding no structs and this delete set (`[client, [clock, length][]]`). */
function deleteSetUpdate(clients: ReadonlyArray<[number, ReadonlyArray<[number, number]>]>) {
  const out: number[] = []
  const varUint = (n: number): void => {
    while (n > 0x7f) {
      out.push(0x80 | (n & 0x7f))
      n = Math.floor(n / 128)
    }
    out.push(n)
  }
  varUint(0)
  varUint(clients.length)
  for (const [client, ranges] of clients) {
    varUint(client)
    varUint(ranges.length)
    for (const [clock, len] of ranges) {
      varUint(clock)
      varUint(len)
    }
  }
  return new Uint8Array(out)
}

/** A doc whose array holds `pushes` runs of entries `client:clock`, each client's in turn. */
function docWith(pushes: ReadonlyArray<{ client: number; count: number }>): Y.Doc {
  const doc = new Y.Doc()
  const clients = new Map<number, Y.Doc>()
  for (const { client, count } of pushes) {
    let writer = clients.get(client)
    if (!writer) {
      writer = new Y.Doc()
      writer.clientID = client
      Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
      clients.set(client, writer)
    } else {
      Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(writer)))
    }
    const start = Y.getState(writer.store, client)
    writer
      .getArray<string>('a')
      .push(Array.from({ length: count }, (_, i) => `${client}:${start + i}`))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(doc)))
  }
  return doc
}

function expectGaplessStore(doc: Y.Doc): void {
  for (const [client, structs] of doc.store.clients) {
    let clock = 0
    for (const s of structs) {
      expect(s.id.client).toBe(client)
      expect(s.id.clock).toBe(clock)
      clock += s.length
    }
    expect(clock).toBe(Y.getState(doc.store, client))
  }
}

const CLIENTS = [11, 22, 33]

const scenario = fc.record({
  pushes: fc.array(
    fc.record({ client: fc.constantFrom(...CLIENTS), count: fc.integer({ min: 1, max: 40 }) }),
    { minLength: 1, maxLength: 8 },
  ),
  ranges: fc.array(
    fc.tuple(
      fc.constantFrom(...CLIENTS),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 1, max: 30 }),
    ),
    { maxLength: 30 },
  ),
  // Deleted in two updates: a later one meets runs the first one split.
  cut: fc.nat(),
})

describe('deleting ranges (patched Yjs)', () => {
  it('deletes exactly the entries in the ranges, in any order and overlap, and replicas converge', () => {
    fc.assert(
      fc.property(scenario, ({ pushes, ranges, cut }) => {
        const doc = docWith(pushes)
        const replica = new Y.Doc()
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
        const before = doc.getArray<string>('a').toArray()
        const gone = (entry: string): boolean => {
          const [client, clock] = entry.split(':').map(Number) as [number, number]
          return ranges.some(
            ([c, from, len]) => c === client && clock >= from && clock < from + len,
          )
        }
        const at = ranges.length === 0 ? 0 : cut % (ranges.length + 1)
        for (const part of [ranges.slice(0, at), ranges.slice(at)]) {
          const byClient = new Map<number, Array<[number, number]>>()
          for (const [c, from, len] of part) {
            const list = byClient.get(c) ?? []
            list.push([from, len])
            byClient.set(c, list)
          }
          Y.applyUpdate(doc, deleteSetUpdate([...byClient]))
          // The same deletions made locally, as `SheetCells` makes them.
          replica.transact((tr) => {
            for (const [c, list] of byClient) Y.deleteRanges(tr, c, list.flat())
          })
        }
        const expected = before.filter((e) => !gone(e))
        expect(doc.getArray<string>('a').toArray()).toEqual(expected)
        expect(replica.getArray<string>('a').toArray()).toEqual(expected)
        expectGaplessStore(doc)
        expectGaplessStore(replica)
        const fresh = new Y.Doc()
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(replica))
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
        expect(fresh.getArray<string>('a').toArray()).toEqual(expected)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    )
  })

  it('keeps a range past what it has for later, as Yjs does', () => {
    const writer = new Y.Doc()
    writer.clientID = 11
    const entries = writer.getArray<string>('a')
    entries.push(Array.from({ length: 10 }, (_, i) => `11:${i}`))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer))
    Y.applyUpdate(doc, deleteSetUpdate([[11, [[8, 5]]]]))
    const kept = Array.from({ length: 8 }, (_, i) => `11:${i}`)
    expect(doc.getArray<string>('a').toArray()).toEqual(kept)
    // Entries 10 to 12 arrive later and are deleted then: the pending delete set held them.
    entries.push(['11:10', '11:11', '11:12', '11:13'])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(doc)))
    expect(doc.getArray<string>('a').toArray()).toEqual([...kept, '11:13'])
    expectGaplessStore(doc)
  })
  it('copies a run about once however many deletions split it (remote and local)', () => {
    // Entries copied by splits (each deletion splits twice, ~2n in all). Yjs copied the rest of
    // the run at each split: k scattered deletions in a run of n cost ~k * n / 2 (a server was
    // held 58 s by one 4 KB update).
    const splice = Y.ContentAny.prototype.splice
    let copied = 0
    Y.ContentAny.prototype.splice = function (this: Y.ContentAny, offset: number) {
      copied += this.arr.length - offset
      return splice.call(this, offset)
    }
    try {
      const n = 100_000
      const writer = new Y.Doc()
      writer.clientID = 7
      SheetCells.of(writer).setMany(Array.from({ length: n }, (_, i) => [`r${i}:c1`, `v${i}`]))
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer))
      // 14,286 scattered single-entry ranges, highest first, as a hostile update may order them.
      const ranges: Array<[number, number]> = []
      for (let clock = n - 1; clock >= 0; clock -= 7) ranges.push([clock, 1])
      copied = 0
      Y.applyUpdate(doc, deleteSetUpdate([[7, ranges]]))
      expect(SheetCells.of(doc).size).toBe(n - ranges.length)
      expect(copied).toBeLessThanOrEqual(2 * n)
      // Overwriting every 7th cell locally: the same through `Y.deleteRanges`.
      copied = 0
      const cells = SheetCells.of(writer)
      cells.setMany(ranges.map(([clock]) => [`r${clock}:c1`, 'new']))
      expect(cells.get('r4:c1')).toBe('new')
      expect(cells.get('r5:c1')).toBe('v5')
      expect(copied).toBeLessThanOrEqual(2 * n)
    } finally {
      Y.ContentAny.prototype.splice = splice
    }
  })
})
