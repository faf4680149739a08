import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { splitUpdate } from './updateChunks.js'

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Three writers editing a map, an array and a text, with overwrites and deletions. */
function editedDocs(seed: number): Y.Doc[] {
  const next = random(seed)
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  for (let step = 0; step < 300; step++) {
    const doc = docs[Math.floor(next() * docs.length)] as Y.Doc
    const roll = next()
    const value = 'v'.repeat(1 + Math.floor(next() * 200))
    if (roll < 0.4) doc.getMap('cells').set(`k${Math.floor(next() * 40)}`, `${step} ${value}`)
    else if (roll < 0.5) doc.getMap('cells').delete(`k${Math.floor(next() * 40)}`)
    else if (roll < 0.7) {
      const rows = doc.getArray<string>('rows')
      rows.insert(Math.floor(next() * (rows.length + 1)), [`row ${step}`, value])
    } else if (roll < 0.8) {
      const rows = doc.getArray<string>('rows')
      if (rows.length > 0) rows.delete(Math.floor(next() * rows.length), 1)
    } else {
      const text = doc.getText('note')
      text.insert(Math.floor(next() * (text.length + 1)), value.slice(0, 20))
    }
    // Now and then the writers exchange what they have.
    if (next() < 0.1) {
      const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)))
      for (const d of docs) Y.applyUpdate(d, merged)
    }
  }
  return docs
}

function contentOf(doc: Y.Doc): unknown {
  return {
    cells: doc.getMap('cells').toJSON(),
    rows: doc.getArray('rows').toJSON(),
    note: doc.getText('note').toString(),
  }
}

describe('splitUpdate', () => {
  it('an update that fits is returned as it is', () => {
    const doc = new Y.Doc()
    doc.getMap('cells').set('a', 'one')
    const update = Y.encodeStateAsUpdate(doc)
    expect(splitUpdate(update, 1024)).toEqual([update])
  })

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`parts applied in order give the same document, each within the size (seed ${seed})`, () => {
      const docs = editedDocs(seed)
      const whole = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)))
      const expected = new Y.Doc()
      Y.applyUpdate(expected, whole)

      const parts = splitUpdate(whole, 2048)
      expect(parts.length).toBeGreaterThan(5)
      const rebuilt = new Y.Doc()
      for (const part of parts) {
        expect(part.byteLength).toBeLessThanOrEqual(2048)
        Y.applyUpdate(rebuilt, part)
        // Each part builds only on the ones before it.
        expect(rebuilt.store.pendingStructs).toBeNull()
      }
      expect(rebuilt.store.pendingDs).toBeNull()
      expect(contentOf(rebuilt)).toEqual(contentOf(expected))
      expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(expected))
      expect(Y.snapshot(rebuilt).ds).toEqual(Y.snapshot(expected).ds)
    })
  }

  it('a diff against what a server holds splits too, and applies on top of what it holds', () => {
    const [a, b] = editedDocs(7) as [Y.Doc, Y.Doc]
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b))
    // Edits the server has not seen: overwrites, new rows between old ones, deletions.
    for (let i = 0; i < 30; i++) {
      a.getMap('cells').set(`k${i}`, `offline ${i}`)
      a.getArray<string>('rows').insert(Math.min(i, a.getArray('rows').length), [`new ${i}`])
    }
    a.getMap('cells').delete('k3')
    const diff = Y.encodeStateAsUpdate(a, Y.encodeStateVector(server))
    const expected = new Y.Doc()
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(server))
    Y.applyUpdate(expected, diff)

    const parts = splitUpdate(diff, 256)
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) {
      Y.applyUpdate(server, part)
      expect(server.store.pendingStructs).toBeNull()
    }
    expect(contentOf(server)).toEqual(contentOf(expected))
  })

  it('a struct larger than the size travels alone', () => {
    const doc = new Y.Doc()
    doc.getMap('cells').set('small', 'x')
    doc.getMap('cells').set('huge', 'y'.repeat(5000))
    doc.getMap('cells').set('after', 'z')
    const parts = splitUpdate(Y.encodeStateAsUpdate(doc), 1000)
    expect(parts).toHaveLength(3)
    expect(parts[1]!.byteLength).toBeGreaterThan(5000)
    const rebuilt = new Y.Doc()
    for (const part of parts) Y.applyUpdate(rebuilt, part)
    expect(rebuilt.getMap('cells').toJSON()).toEqual(doc.getMap('cells').toJSON())
  })
})
