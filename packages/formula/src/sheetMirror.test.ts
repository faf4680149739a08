import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { SheetMirror } from './sheetMirror.js'

/**
 * `colIndexOf` compares the column after the one asked for last before it asks its map (a
 * sheet's cells are read row by row, left to right): whatever order the columns are asked for
 * in, and with ids listed twice (two concurrent moves of one column), it must answer as the map
 * does, the last position of an id.
 */
describe('SheetMirror column lookups', () => {
  it('answers as the map does, in any order of asking, with ids listed twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'z'), { maxLength: 40 }),
        (ids, asked) => {
          const mirror = new SheetMirror('s1', new Y.Doc())
          mirror.setIds('cols', ids)
          // Row after row, left to right, then in the order fast-check picked.
          for (const id of [...ids, ...ids, ...asked]) {
            expect(mirror.colIndexOf(id), `${id} in ${ids.join(',')}`).toBe(
              (ids as string[]).lastIndexOf(id),
            )
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
