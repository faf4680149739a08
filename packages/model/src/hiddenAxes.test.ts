import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { hiddenIndexes, isHidden, setHidden, setHiddenAt } from './hiddenAxes.js'
import { initSheet } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { insertRows, moveRows } from './structure.js'
import { sortRange } from './sortRows.js'
import { UndoHistory } from './undoHistory.js'
import { setCell } from './sheet.js'

describe('hidden rows and columns', () => {
  it('a hidden row stays hidden wherever inserts, moves and sorts take it', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 5, cols: 2 })
    const layout = new SheetLayout(doc)
    const third = layout.rowId(2)!
    setHiddenAt(doc, 'rows', 2, 1, true)
    expect(hiddenIndexes(doc, 'rows')).toEqual([2])
    insertRows(doc, 0, 2)
    expect(hiddenIndexes(doc, 'rows')).toEqual([4])
    moveRows(doc, 4, 1, 0)
    expect(hiddenIndexes(doc, 'rows')).toEqual([0])
    setCell(doc, third, layout.colId(0)!, 'z')
    sortRange(doc, { start: { row: 0, col: 0 }, end: { row: 6, col: 1 } }, { keys: [{ col: 0 }] })
    expect(layout.rowIndexOf(third)).toBe(0)
    expect(isHidden(doc, 'rows', third)).toBe(true)
    layout.destroy()
  })

  it('hiding and showing different columns at once merge; each is one undo step', () => {
    const a = new Y.Doc()
    initSheet(a, { rows: 2, cols: 5 })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const origin = {}
    const history = new UndoHistory(origin)
    history.track(a)
    setHiddenAt(a, 'cols', 1, 2, true, origin)
    setHiddenAt(b, 'cols', 4, 1, true)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(hiddenIndexes(a, 'cols')).toEqual([1, 2, 4])
    expect(hiddenIndexes(b, 'cols')).toEqual([1, 2, 4])
    history.undo()
    expect(hiddenIndexes(a, 'cols')).toEqual([4])
    const layout = new SheetLayout(a)
    setHidden(a, 'cols', [layout.colId(4)!], false)
    expect(hiddenIndexes(a, 'cols')).toEqual([])
    layout.destroy()
  })
})
