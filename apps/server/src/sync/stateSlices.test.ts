import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import fc from 'fast-check'
import { encodeStateSlices } from './stateSlices.js'

/** Three replicas editing one array, map and text, synced in random pairs, merged into one. */
function editedDoc(ops: ReadonlyArray<[number, number, number]>): Y.Doc {
  const replicas = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  for (const [who, kind, n] of ops) {
    const doc = replicas[who % 3] as Y.Doc
    const list = doc.getArray<string>('cellEntries')
    if (kind === 0) list.insert(n % (list.length + 1), [`a${n}`, `b${n}`, `c${n}`])
    else if (kind === 1 && list.length > 0)
      list.delete(n % list.length, Math.min(2, list.length - (n % list.length)))
    else if (kind === 2) doc.getMap('formats').set(`k${n % 7}`, n)
    else if (kind === 3) doc.getText('t').insert(0, 'x'.repeat((n % 5) + 1))
    else {
      const other = replicas[(who + 1) % 3] as Y.Doc
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
    }
  }
  const merged = new Y.Doc()
  for (const r of replicas) Y.applyUpdate(merged, Y.encodeStateAsUpdate(r))
  return merged
}

const contents = (doc: Y.Doc): unknown => ({
  cells: doc.getArray('cellEntries').toJSON(),
  formats: doc.getMap('formats').toJSON(),
  text: doc.getText('t').toString(),
})

describe('encodeStateSlices', () => {
  it('slices applied in order rebuild the document, from nothing or from part of it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(4), fc.nat(50)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(30),
        (ops, sliceLength, prefix) => {
          const doc = editedDoc(ops)
          const fresh = new Y.Doc()
          for (const slice of encodeStateSlices(doc, Y.encodeStateVector(fresh), sliceLength)) {
            Y.applyUpdate(fresh, slice)
          }
          expect(contents(fresh)).toEqual(contents(doc))
          expect(fresh.store.pendingStructs).toBeNull()
          // A joiner that holds part of it (the first slices of an earlier join) gets the rest.
          const partial = new Y.Doc()
          for (const slice of encodeStateSlices(doc, new Uint8Array([0]), 1).slice(0, prefix)) {
            Y.applyUpdate(partial, slice)
          }
          const sv = Y.encodeStateVector(partial)
          for (const slice of encodeStateSlices(doc, sv, sliceLength)) Y.applyUpdate(partial, slice)
          expect(contents(partial)).toEqual(contents(doc))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('cuts one long insertion into slices of the given length', () => {
    const doc = new Y.Doc()
    doc.getArray<string>('cellEntries').push(Array.from({ length: 10 }, (_, i) => `e${i}`))
    const slices = encodeStateSlices(doc, Y.encodeStateVector(new Y.Doc()), 4)
    // 4 + 4 + 2 entries, then the delete set.
    expect(slices).toHaveLength(4)
    const fresh = new Y.Doc()
    for (const slice of slices.slice(0, 2)) Y.applyUpdate(fresh, slice)
    expect(fresh.getArray('cellEntries').toJSON()).toEqual([
      'e0',
      'e1',
      'e2',
      'e3',
      'e4',
      'e5',
      'e6',
      'e7',
    ])
  })
})
