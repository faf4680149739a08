import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { joinState } from './joinState.js'

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
})
