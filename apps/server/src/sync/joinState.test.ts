import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { unframeSlices } from '@cellmate/protocol'
import { joinState, partsOf } from './joinState.js'

const NEWCOMER = Y.encodeStateVector(new Y.Doc())

function joined(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, joinState(doc, NEWCOMER).update)
  return copy
}

describe('joinState', () => {
  it('a newcomer after an edit or a deletion gets the document as it is now', () => {
    const doc = new Y.Doc()
    const map = doc.getMap<string>('m')
    map.set('a', '1')
    expect(joined(doc).getMap('m').toJSON()).toEqual({ a: '1' })
    map.set('b', '2')
    expect(joined(doc).getMap('m').toJSON()).toEqual({ a: '1', b: '2' })
    expect(joinState(doc, NEWCOMER).stateVector).toEqual(Y.encodeStateVector(doc))
    map.delete('a')
    expect(joined(doc).getMap('m').toJSON()).toEqual({ b: '2' })
  })

  it('keeps its encoding across transactions that change nothing', () => {
    const doc = new Y.Doc()
    doc.getMap<string>('m').set('a', '1')
    const first = joinState(doc, NEWCOMER).update
    doc.transact(() => {})
    expect(joinState(doc, NEWCOMER).update).toBe(first)
  })

  it('sends the same slices in parts as framed whole, in order, each part within its size', () => {
    const doc = new Y.Doc()
    const cells = doc.getArray<string>('cellEntries')
    for (let i = 0; i < 30; i++) cells.push(Array.from({ length: 1000 }, (_, j) => `r${i}:c${j}:v`))
    doc.getMap('m').set('gone', 'x')
    doc.getMap('m').delete('gone')
    const whole = joinState(doc, NEWCOMER, 'sliced')
    const inParts = joinState(doc, NEWCOMER, 'parts')
    expect(inParts.update).toEqual(whole.update)
    expect(inParts.more).toBeUndefined()
    const framed = unframeSlices(whole.more as Uint8Array) as Uint8Array[]
    const fromParts = (inParts.parts as Uint8Array[]).flatMap((p) => unframeSlices(p) ?? [])
    expect(fromParts).toEqual(framed)
    const copy = new Y.Doc()
    for (const u of [inParts.update, ...fromParts]) Y.applyUpdate(copy, u)
    expect(copy.getArray('cellEntries').length).toBe(30_000)
    expect(copy.getMap('m').has('gone')).toBe(false)
  })

  it('after small changes, a newcomer gets the kept slices and the changes, and ends up with the document', () => {
    const doc = new Y.Doc()
    const cells = doc.getArray<string>('cellEntries')
    for (let i = 0; i < 30; i++) cells.push(Array.from({ length: 1000 }, (_, j) => `r${i}:c${j}:v`))
    doc.getMap('m').set('kept', 'x')
    const before = joinState(doc, NEWCOMER, 'parts')
    const apply = (answer: ReturnType<typeof joinState>): Y.Doc => {
      const copy = new Y.Doc()
      const rest = (answer.parts ?? []).flatMap((p) => unframeSlices(p) ?? [])
      for (const u of [answer.update, ...rest]) Y.applyUpdate(copy, u)
      return copy
    }
    // Changes at the start, in the middle and at the end of the log, a deletion, a new root.
    cells.insert(0, ['r0:c0:first'])
    cells.delete(15_000, 3)
    cells.push(['r99:c1:last'])
    doc.getMap('m').delete('kept')
    doc.getText('t').insert(0, 'new')
    const after = joinState(doc, NEWCOMER, 'parts')
    expect(after.parts).toBe(before.parts)
    expect(after.update).not.toEqual(before.update)
    expect(after.stateVector).toEqual(Y.encodeStateVector(doc))
    const copy = apply(after)
    expect(copy.store.pendingStructs).toBeNull()
    expect(copy.store.pendingDs).toBeNull()
    expect(copy.getArray('cellEntries').toArray()).toEqual(cells.toArray())
    expect(copy.getMap('m').toJSON()).toEqual({})
    expect(copy.getText('t').toString()).toBe('new')
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc))
    // The same answer for the next newcomer, until the next change.
    expect(joinState(doc, NEWCOMER, 'parts').update).toBe(after.update)
    // Many changes: the slices are made again, holding everything.
    cells.delete(0, 10_000)
    const fresh = joinState(doc, NEWCOMER, 'parts')
    expect(fresh.parts).not.toBe(before.parts)
    expect(apply(fresh).getArray('cellEntries').toArray()).toEqual(cells.toArray())
    // Downloads and slices in the ack share the kept slices the same way.
    cells.push(['r100:c1:more'])
    const framed = joinState(doc, NEWCOMER, 'sliced')
    const viaMore = new Y.Doc()
    for (const u of [framed.update, ...(unframeSlices(framed.more as Uint8Array) ?? [])]) {
      Y.applyUpdate(viaMore, u)
    }
    expect(viaMore.getArray('cellEntries').toArray()).toEqual(cells.toArray())
  })

  it('groups slices into parts of about a size, never cutting a slice', () => {
    const slice = (n: number): Uint8Array => new Uint8Array(n).fill(n % 256)
    const parts = partsOf([slice(40), slice(50), slice(30), slice(200), slice(10)], 100)
    expect(parts.map((p) => unframeSlices(p)?.map((s) => s.byteLength))).toEqual([
      [40, 50],
      [30],
      [200],
      [10],
    ])
  })
})
