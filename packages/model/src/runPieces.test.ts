import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'

/*
 * The patched Yjs keeps no ContentAny item longer than `maxRunLength` (2,048) in a document: a
 * longer one is read, made and merged in pieces, so an update cannot make it copy a long run
 * once per item it splits off. A run in pieces must be the same content: documents that read
 * and made their runs in pieces of 3 must read exactly like ones that kept them whole, and
 * converge with them.
 */

const WHOLE = 1_000_000_000
const original = Y.setMaxRunLength(2048)

afterEach(() => {
  Y.setMaxRunLength(original)
})

/** Runs `f` with runs cut at `cap`. */
function withCap<T>(cap: number, f: () => T): T {
  const previous = Y.setMaxRunLength(cap)
  try {
    return f()
  } finally {
    Y.setMaxRunLength(previous)
  }
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    writer: fc.nat(2),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 12 }),
    cap: fc.constantFrom(3, WHOLE),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    writer: fc.nat(2),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 9 }),
    cap: fc.constantFrom(3, WHOLE),
  }),
  fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }),
)

describe('runs in pieces (patched Yjs)', () => {
  it('documents reading and making runs in pieces read and converge like ones keeping them whole', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const writers = [1, 2, 3].map((id) => {
          const d = new Y.Doc()
          d.clientID = id
          return d
        })
        // Every update any writer makes, in order, reaches both observers.
        const whole = new Y.Doc()
        const pieces = new Y.Doc()
        let n = 0
        for (const w of writers) {
          w.on('update', (u: Uint8Array, origin: unknown) => {
            if (origin === 'sync') return
            withCap(WHOLE, () => Y.applyUpdate(whole, u))
            withCap(3, () => Y.applyUpdate(pieces, u))
          })
        }
        for (const o of ops) {
          if (o.kind === 'sync') {
            const [from, to] = [writers[o.from]!, writers[o.to]!]
            Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'sync')
            continue
          }
          const arr = writers[o.writer]!.getArray<string>('a')
          withCap(o.cap, () => {
            if (o.kind === 'insert') {
              const values = Array.from({ length: o.count }, () => `v${n++}`)
              arr.insert(o.at % (arr.length + 1), values)
            } else if (arr.length > 0) {
              const at = o.at % arr.length
              arr.delete(at, Math.min(o.count, arr.length - at))
            }
          })
        }
        const expected = whole.getArray<string>('a').toArray()
        expect(pieces.getArray<string>('a').toArray()).toEqual(expected)
        for (const s of pieces.store.clients.values()) {
          for (const item of s) {
            if (item instanceof Y.Item && item.content instanceof Y.ContentAny) {
              expect(item.content.arr.length).toBeLessThanOrEqual(3)
            }
          }
        }
        // Each state read by the other, and every writer brought up to date, agree.
        const a = new Y.Doc()
        withCap(3, () => Y.applyUpdate(a, Y.encodeStateAsUpdate(whole)))
        const b = new Y.Doc()
        withCap(WHOLE, () => Y.applyUpdate(b, Y.encodeStateAsUpdate(pieces)))
        expect(a.getArray<string>('a').toArray()).toEqual(expected)
        expect(b.getArray<string>('a').toArray()).toEqual(expected)
        for (const w of writers) {
          withCap(3, () => Y.applyUpdate(w, Y.encodeStateAsUpdate(pieces), 'sync'))
          expect(w.getArray<string>('a').toArray()).toEqual(expected)
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    )
  })

  it('keeps a long run read or made in one go in pieces of 2,048', () => {
    const writer = new Y.Doc()
    const arr = writer.getArray<string>('a')
    arr.push(Array.from({ length: 5000 }, (_, i) => `e${i}`))
    const lengths = (d: Y.Doc) =>
      (d.store.clients.get(writer.clientID) ?? [])
        .filter((s) => s instanceof Y.Item)
        .map((s) => s.length)
    expect(lengths(writer)).toEqual([2048, 2048, 904])
    const reader = new Y.Doc()
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer))
    expect(lengths(reader)).toEqual([2048, 2048, 904])
    expect(reader.getArray<string>('a').toArray()).toEqual(arr.toArray())
  })
})
