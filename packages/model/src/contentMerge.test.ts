import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'

/**
 * Yjs is patched (patches/yjs@*.patch) so that a run of cell entries growing by merges appends
 * in place instead of copying itself each time (a sliced join of 1,000,000 cells was
 * quadratic). A run's array must then belong to that run alone.
 */
describe('runs of cell entries growing in place (patched Yjs)', () => {
  const entries = (doc: Y.Doc): unknown[] => doc.getArray('cellEntries').toArray()

  it('a run received in many pieces holds every entry once, in order', () => {
    const source = new Y.Doc()
    const all = Array.from({ length: 1000 }, (_, i) => `r${i}:c1:${i}`)
    const copy = new Y.Doc()
    for (let i = 0; i < all.length; i += 100) {
      source.getArray<string>('cellEntries').push(all.slice(i, i + 100))
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(source, Y.encodeStateVector(copy)))
    }
    expect(entries(copy)).toEqual(all)
    expect(copy.getArray('cellEntries')._start?.length).toBe(1000)
  })

  it('a redone paste that grows afterwards leaves the undone one as it was', () => {
    const doc = new Y.Doc({ gc: false })
    const cells = doc.getArray<string>('cellEntries')
    const undo = new Y.UndoManager(cells)
    cells.push(['r1:c1:a', 'r2:c1:b'])
    undo.undo()
    undo.redo()
    // Redo puts the run left of the undone one; typed right after it, the same client's next
    // entry merges into it.
    cells.insert(2, ['r3:c1:c'])
    expect(cells._start?.length).toBe(3)
    const copy = new Y.Doc({ gc: false })
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(entries(copy)).toEqual(['r1:c1:a', 'r2:c1:b', 'r3:c1:c'])
    expect(copy.store.pendingStructs).toBeNull()
  })
})
