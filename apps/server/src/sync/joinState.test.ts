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
