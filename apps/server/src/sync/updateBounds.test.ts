import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { isBoundedUpdate } from './updateBounds.js'

/** Ordinary edits the way the client writes them: cells, an id list, a nested map. */
function ordinaryUpdates(): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.getArray<string>('rows').insert(0, ['r1', 'r2', 'r3'])
  doc.getMap<string>('cells').set('r1:c1', 'hello')
  doc.getMap<string>('cells').set('r1:c1', '=SUM({r1.c1}:{r3.c2})')
  doc.getMap<number>('colWidths').set('c1', 120.5)
  doc.getMap<boolean>('removedRows').set('r2', true)
  doc.getArray<string>('rows').delete(1, 1)
  const meta = new Y.Map<unknown>()
  doc.getMap('sheetMeta').set('s1', meta)
  meta.set('name', 'Sheet 1')
  doc.getText('t').insert(0, 'text')
  updates.push(Y.encodeStateAsUpdate(doc))
  return updates
}

describe('isBoundedUpdate', () => {
  it('bounds every ordinary edit, so it is checked without a worker', () => {
    for (const u of ordinaryUpdates()) expect(isBoundedUpdate(u)).toBe(true)
  })

  it('leaves the known decoder hangs to the worker (yjs#479, #498) and trailing bytes too', () => {
    expect(isBoundedUpdate(new Uint8Array())).toBe(false)
    expect(isBoundedUpdate(Buffer.from('garbagedoc', 'base64'))).toBe(false)
    expect(isBoundedUpdate(new Uint8Array([1, 2, 3, 250]))).toBe(false)
    const [first] = ordinaryUpdates()
    expect(isBoundedUpdate(new Uint8Array([...(first as Uint8Array), 0]))).toBe(false)
    // A count larger than the bytes that could hold it.
    expect(isBoundedUpdate(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0]))).toBe(false)
  })

  it('whatever it bounds, Yjs decodes or refuses instead of hanging (mutated edits)', () => {
    const seeds = ordinaryUpdates()
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (which, changes) => {
          const u = (seeds[which] as Uint8Array).slice()
          for (const [at, value] of changes) u[at % u.length] = value
          if (!isBoundedUpdate(u)) return
          try {
            Y.decodeUpdate(u)
          } catch {
            // Refusing is fine; a hang would hold this test until its timeout.
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})
