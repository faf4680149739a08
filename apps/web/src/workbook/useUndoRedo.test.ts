import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { keptNotice } from './useUndoRedo'

describe('the notice of an undo that kept rows or columns others wrote in', () => {
  const doc = new Y.Doc()
  it('counts rows and columns over every sheet the step touched', () => {
    expect(keptNotice([{ doc, axis: 'rows', ids: ['r1'] }])).toBe(
      'Kept 1 row others have written in',
    )
    expect(
      keptNotice([
        { doc, axis: 'rows', ids: ['r1', 'r2'] },
        { doc: new Y.Doc(), axis: 'rows', ids: ['r3'] },
        { doc, axis: 'cols', ids: ['c1'] },
      ]),
    ).toBe('Kept 3 rows and 1 column others have written in')
    expect(keptNotice([{ doc, axis: 'cols', ids: ['c1', 'c2'] }])).toBe(
      'Kept 2 columns others have written in',
    )
  })
})
