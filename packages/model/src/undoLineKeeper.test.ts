import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseRange } from './a1.js'
import { deleteAxis, insertAxis, moveAxis } from './structure.js'
import { initSheet, setCell, setCells } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { sortRange } from './sortRows.js'
import { UndoHistory } from './undoHistory.js'
import type { KeptLines } from './undoLineKeeper.js'

/**
 * Alice (who has the undo history) and Bob on one sheet, every update passed to the other at
 * once. Column A holds `names` from row 1 down.
 */
function pair(names: string[] = ['cleo', 'Ann', 'bob']) {
  const alice = new Y.Doc()
  initSheet(alice, { rows: names.length + 1, cols: 3 })
  const start = new SheetLayout(alice)
  setCells(
    alice,
    names.map((value, r) => ({ rowId: start.rowId(r)!, colId: start.colId(0)!, value })),
  )
  start.destroy()
  const bob = new Y.Doc()
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice))
  alice.on(
    'update',
    (u: Uint8Array, o: unknown) => o !== 'remote' && Y.applyUpdate(bob, u, 'remote'),
  )
  bob.on(
    'update',
    (u: Uint8Array, o: unknown) => o !== 'remote' && Y.applyUpdate(alice, u, 'remote'),
  )
  const origin = {}
  const history = new UndoHistory(origin)
  history.track(alice)
  const kept: KeptLines[] = []
  history.onKept((k) => kept.push(...k))
  const a = new SheetLayout(alice)
  const b = new SheetLayout(bob)
  /** Column `col` as both users see it, top to bottom. */
  const column = (col = 0) => {
    const seen = [a, b].map((l) => Array.from({ length: l.rowCount }, (_, r) => l.cellAt(r, col)))
    expect(seen[1]).toEqual(seen[0])
    return seen[0] as string[]
  }
  /** The row ids as stored, both replicas: no id listed twice. */
  const rawRows = () => {
    const ids = alice.getArray<string>('rows').toArray()
    expect(bob.getArray<string>('rows').toArray()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    return ids
  }
  return { alice, bob, origin, history, kept, a, b, column, rawRows }
}

describe('undo of inserted rows and columns others have written in', () => {
  it('keeps a row Alice inserted once Bob has written in it, and says so; her own cell in it goes', () => {
    const { alice, bob, origin, history, kept, a, b, column, rawRows } = pair()
    const [inserted] = insertAxis(alice, 'rows', 1, 1, origin)
    setCell(alice, inserted!, a.colId(0)!, 'alice', origin)
    setCell(bob, inserted!, b.colId(1)!, 'bob data')

    history.undo() // her cell
    history.undo() // her insert: the row stays, Bob's cell with it
    expect(column(0)).toEqual(['cleo', '', 'Ann', 'bob', ''])
    expect(column(1)).toEqual(['', 'bob data', '', '', ''])
    expect(kept).toEqual([{ doc: alice, axis: 'rows', ids: [inserted] }])
    expect(rawRows()).toHaveLength(5)
  })

  it('deletes a row Alice inserted when nobody else wrote in it', () => {
    const { alice, origin, history, kept, a, column } = pair()
    const [inserted] = insertAxis(alice, 'rows', 1, 1, origin)
    setCell(alice, inserted!, a.colId(0)!, 'mine', origin)
    history.undo()
    history.undo()
    expect(column()).toEqual(['cleo', 'Ann', 'bob', ''])
    expect(kept).toEqual([])
  })

  it('of several rows inserted at once, deletes those nobody else wrote in; redo brings them back', () => {
    const { alice, bob, origin, history, kept, b, column, rawRows } = pair()
    const ids = insertAxis(alice, 'rows', 1, 3, origin)
    setCell(bob, ids[1]!, b.colId(0)!, 'bob data')

    history.undo()
    expect(column()).toEqual(['cleo', 'bob data', 'Ann', 'bob', ''])
    expect(kept).toEqual([{ doc: alice, axis: 'rows', ids: [ids[1]] }])
    expect(rawRows()).toHaveLength(5)

    history.redo()
    expect(column()).toEqual(['cleo', '', 'bob data', '', 'Ann', 'bob', ''])
    expect(rawRows()).toHaveLength(7)
  })

  it('a kept insert is the whole undo step: the step before it stays for the next undo', () => {
    const { alice, bob, origin, history, a, b, column, rawRows } = pair()
    setCell(alice, a.rowId(0)!, a.colId(1)!, 'earlier', origin)
    const [inserted] = insertAxis(alice, 'rows', 1, 1, origin)
    setCell(bob, inserted!, b.colId(0)!, 'bob data')

    expect(history.undo()).toBe(true)
    expect(column(0)).toEqual(['cleo', 'bob data', 'Ann', 'bob', ''])
    expect(column(1)[0]).toBe('earlier')
    // Nothing to redo: the row is still there.
    expect(history.canRedo).toBe(false)
    expect(history.redo()).toBe(false)
    expect(rawRows()).toHaveLength(5)

    expect(history.undo()).toBe(true)
    expect(column(1)[0]).toBe('')
    expect(history.canUndo).toBe(false)
  })

  it('keeps a column Alice inserted once Bob has written in it', () => {
    const { alice, bob, origin, history, kept, b } = pair()
    const [inserted] = insertAxis(alice, 'cols', 0, 1, origin)
    setCell(bob, b.rowId(2)!, inserted!, 'bob data')
    history.undo()
    expect(b.colCount).toBe(4)
    expect(b.cellAt(2, 0)).toBe('bob data')
    expect(kept).toEqual([{ doc: alice, axis: 'cols', ids: [inserted] }])
  })

  it('deletes a column Alice inserted when only she wrote in it', () => {
    const { alice, origin, history, kept, a } = pair()
    const [inserted] = insertAxis(alice, 'cols', 0, 2, origin)
    setCell(alice, a.rowId(0)!, inserted!, 'mine', origin)
    history.undo()
    history.undo()
    expect(a.colCount).toBe(3)
    expect(kept).toEqual([])
  })

  it('undoing a row delete brings the rows back as before', () => {
    const { alice, origin, history, kept, column, rawRows } = pair()
    deleteAxis(alice, 'rows', 0, 2, origin)
    expect(column()).toEqual(['bob', ''])
    history.undo()
    expect(column()).toEqual(['cleo', 'Ann', 'bob', ''])
    expect(kept).toEqual([])
    rawRows()
  })
})

describe('undo of a sort or a move after others wrote in the rows it moved', () => {
  it('a sort: undo puts the rows back in their order, once each, Bob’s cell on its row', () => {
    const { alice, bob, origin, history, kept, b, column, rawRows } = pair()
    const before = rawRows()
    sortRange(alice, parseRange('A1:A3')!, { keys: [{ col: 0 }] }, origin)
    expect(column(0)).toEqual(['Ann', 'bob', 'cleo', ''])
    // cleo's row, now the third
    setCell(bob, b.rowId(2)!, b.colId(1)!, 'note on cleo')

    history.undo()
    expect(column(0)).toEqual(['cleo', 'Ann', 'bob', ''])
    expect(column(1)).toEqual(['note on cleo', '', '', ''])
    expect(rawRows()).toEqual(before)
    expect(kept).toEqual([])

    history.redo()
    expect(column(0)).toEqual(['Ann', 'bob', 'cleo', ''])
    expect(column(1)).toEqual(['', '', 'note on cleo', ''])
    expect(rawRows()).toHaveLength(4)
  })

  it('a row move: undo puts the row back, once', () => {
    const { alice, bob, origin, history, kept, b, column, rawRows } = pair()
    const before = rawRows()
    moveAxis(alice, 'rows', 0, 1, 2, origin)
    expect(column(0)).toEqual(['Ann', 'bob', 'cleo', ''])
    setCell(bob, b.rowId(2)!, b.colId(1)!, 'note on cleo')
    history.undo()
    expect(column(0)).toEqual(['cleo', 'Ann', 'bob', ''])
    expect(column(1)).toEqual(['note on cleo', '', '', ''])
    expect(rawRows()).toEqual(before)
    expect(kept).toEqual([])
  })

  it('a column move: undo puts the column back, once', () => {
    const { alice, bob, origin, history, kept, a, b } = pair()
    const before = alice.getArray<string>('cols').toArray()
    const moved = a.colId(0)!
    moveAxis(alice, 'cols', 0, 1, 2, origin)
    setCell(bob, b.rowId(0)!, moved, 'bob data')
    history.undo()
    expect(alice.getArray<string>('cols').toArray()).toEqual(before)
    expect(bob.getArray<string>('cols').toArray()).toEqual(before)
    expect(b.cellAt(0, 0)).toBe('bob data')
    expect(kept).toEqual([])
  })

  it('a move made of two transactions in one step: undo puts the row back, once', () => {
    const { alice, bob, origin, history, kept, b, column, rawRows } = pair()
    const before = rawRows()
    const rows = alice.getArray<string>('rows')
    const cleo = before[0]!
    history.together(() => {
      alice.transact(() => rows.delete(0, 1), origin)
      alice.transact(() => rows.insert(2, [cleo]), origin)
    })
    expect(column(0)).toEqual(['Ann', 'bob', 'cleo', ''])
    setCell(bob, cleo, b.colId(1)!, 'note on cleo')
    history.undo()
    expect(column(0)).toEqual(['cleo', 'Ann', 'bob', ''])
    expect(column(1)).toEqual(['note on cleo', '', '', ''])
    expect(rawRows()).toEqual(before)
    expect(kept).toEqual([])
  })

  it('an inserted row Bob wrote in, then sorted: undo takes back the sort, then keeps the row', () => {
    const { alice, bob, origin, history, kept, b, column, rawRows } = pair()
    const [inserted] = insertAxis(alice, 'rows', 3, 1, origin)
    setCell(bob, inserted!, b.colId(0)!, 'Abe')
    sortRange(alice, parseRange('A1:A4')!, { keys: [{ col: 0 }] }, origin)
    expect(column(0)).toEqual(['Abe', 'Ann', 'bob', 'cleo', ''])

    history.undo()
    expect(column(0)).toEqual(['cleo', 'Ann', 'bob', 'Abe', ''])
    expect(kept).toEqual([])
    history.undo()
    expect(column(0)).toEqual(['cleo', 'Ann', 'bob', 'Abe', ''])
    expect(kept).toEqual([{ doc: alice, axis: 'rows', ids: [inserted] }])
    expect(rawRows()).toHaveLength(5)
  })
})
