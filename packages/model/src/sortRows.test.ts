import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseRange } from './a1.js'
import { formatRange } from './a1.js'
import { getFormat, setFormat } from './formats.js'
import { mergeCells } from './mergeCommands.js'
import { readMerges } from './mergeState.js'
import { getCell, initSheet, setCell, setCells } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { sheetViewTypes, setRowHeights, storedSize } from './sheetView.js'
import { sortRange, planSort } from './sortRows.js'
import { UndoHistory } from './undoHistory.js'

/** A sheet whose column A..(n) holds `columns[c][r]` in row r. */
function sheetWith(columns: string[][], size = { rows: 10, cols: 4 }): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, size)
  const layout = new SheetLayout(doc)
  setCells(
    doc,
    columns.flatMap((values, c) =>
      values.map((value, r) => ({ rowId: layout.rowId(r)!, colId: layout.colId(c)!, value })),
    ),
  )
  layout.destroy()
  return doc
}

function column(doc: Y.Doc, col: number, rows: number): string[] {
  const layout = new SheetLayout(doc)
  const out = Array.from({ length: rows }, (_, r) => layout.cellAt(r, col))
  layout.destroy()
  return out
}

const range = (a1: string) => parseRange(a1)!

describe('sortRange', () => {
  it('orders numbers, then text, then logical values, then errors, empty cells last', () => {
    const doc = sheetWith([['b', '10', '', 'TRUE', '#N/A', '2', 'A', 'FALSE', '-1']])
    sortRange(doc, range('A1:A9'), { keys: [{ col: 0 }] })
    expect(column(doc, 0, 9)).toEqual(['-1', '2', '10', 'A', 'b', 'FALSE', 'TRUE', '#N/A', ''])
  })

  it('descending reverses every kind but keeps empty cells last', () => {
    const doc = sheetWith([['b', '10', '', 'TRUE', '#N/A', '2', 'A', 'FALSE', '-1']])
    sortRange(doc, range('A1:A9'), { keys: [{ col: 0, desc: true }] })
    expect(column(doc, 0, 9)).toEqual(['#N/A', 'TRUE', 'FALSE', 'b', 'A', '10', '2', '-1', ''])
  })

  it('ignores case and keeps equal rows in their order (stable)', () => {
    const doc = sheetWith([
      ['apple', 'Banana', 'APPLE', 'banana', 'Apple'],
      ['1', '2', '3', '4', '5'],
    ])
    sortRange(doc, range('A1:B5'), { keys: [{ col: 0 }] })
    expect(column(doc, 1, 5)).toEqual(['1', '3', '5', '2', '4'])
  })

  it("follows the locale's collation", () => {
    const words = ['z', 'ä', 'a']
    const de = sheetWith([words])
    sortRange(de, range('A1:A3'), { keys: [{ col: 0 }], locale: 'de' })
    expect(column(de, 0, 3)).toEqual(['a', 'ä', 'z'])
    const sv = sheetWith([words])
    sortRange(sv, range('A1:A3'), { keys: [{ col: 0 }], locale: 'sv' })
    expect(column(sv, 0, 3)).toEqual(['a', 'z', 'ä'])
  })

  it('sorts by several columns, each in its own direction, and keeps the header row', () => {
    const doc = sheetWith([
      ['Team', 'red', 'blue', 'red', 'blue'],
      ['Score', '3', '5', '7', '1'],
    ])
    sortRange(doc, range('A1:B5'), {
      keys: [{ col: 0 }, { col: 1, desc: true }],
      header: true,
    })
    expect(column(doc, 0, 5)).toEqual(['Team', 'blue', 'blue', 'red', 'red'])
    expect(column(doc, 1, 5)).toEqual(['Score', '5', '1', '7', '3'])
  })

  it('moves whole rows: cells beside the range, formats and heights go with their row', () => {
    const doc = sheetWith([
      ['c', 'a', 'b'],
      ['', '', ''],
      ['', '', ''],
      ['note c', 'note a', 'note b'],
    ])
    const layout = new SheetLayout(doc)
    const rowA = layout.rowId(1)!
    setFormat(doc, [{ rowId: rowA, colId: layout.colId(0)! }], 'bold', true)
    setRowHeights(doc, [rowA], 40)
    sortRange(doc, range('A1:B3'), { keys: [{ col: 0 }] })
    expect(column(doc, 3, 3)).toEqual(['note a', 'note b', 'note c'])
    expect(layout.rowId(0)).toBe(rowA)
    expect(getFormat(doc, layout.rowId(0)!, layout.colId(0)!).bold).toBe(true)
    expect(storedSize(sheetViewTypes(doc).rowHeights, layout.rowId(0)!)).toBe(40)
    layout.destroy()
  })

  it('is one undo step, and moves only the rows whose place changes', () => {
    const doc = sheetWith([['1', '3', '2', '4']])
    const origin = {}
    const history = new UndoHistory(origin)
    history.track(doc)
    const plan = planSort(doc, range('A1:A4'), { keys: [{ col: 0 }] })
    expect(plan.after.length).toBe(4)
    expect(sortRange(doc, range('A1:A4'), { keys: [{ col: 0 }] }, origin)).toBe(2)
    expect(column(doc, 0, 4)).toEqual(['1', '2', '3', '4'])
    history.undo()
    expect(column(doc, 0, 4)).toEqual(['1', '3', '2', '4'])
    expect(sortRange(doc, range('A1:A4'), { keys: [{ col: 0 }] }, origin)).toBe(2)
    expect(sortRange(doc, range('A1:A4'), { keys: [{ col: 0 }] }, origin)).toBe(0)
  })

  it('an edit made to a row while another replica sorts lands in that row', () => {
    const a = sheetWith([
      ['b', 'c', 'a'],
      ['2', '3', '1'],
    ])
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const layoutB = new SheetLayout(b)
    const rowC = layoutB.rowId(1)!
    sortRange(a, range('A1:B3'), { keys: [{ col: 0 }] })
    setCell(b, rowC, layoutB.colId(2)!, 'edited on c')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const doc of [a, b]) {
      expect(column(doc, 0, 3)).toEqual(['a', 'b', 'c'])
      expect(column(doc, 2, 3)).toEqual(['', '', 'edited on c'])
    }
    expect(getCell(a, rowC, layoutB.colId(2)!)).toBe('edited on c')
    layoutB.destroy()
  })

  it('sorts by the values a caller computes (formulas by their results)', () => {
    const doc = sheetWith([['=1+5', '=1+1', '=1+3']])
    const results: Record<string, number> = { '=1+5': 6, '=1+1': 2, '=1+3': 4 }
    sortRange(doc, range('A1:A3'), {
      keys: [{ col: 0 }],
      valueAt: (rowId, colId) => results[getCell(doc, rowId, colId)] ?? null,
    })
    expect(column(doc, 0, 3)).toEqual(['=1+1', '=1+3', '=1+5'])
  })

  it('refuses a key column outside the range and clips the range to the sheet', () => {
    const doc = sheetWith([['2', '1']], { rows: 2, cols: 2 })
    expect(() => sortRange(doc, range('A1:A2'), { keys: [{ col: 1 }] })).toThrow(/outside/)
    expect(() => sortRange(doc, range('A1:A2'), { keys: [] })).toThrow(/at least one/)
    sortRange(doc, range('A1:A100'), { keys: [{ col: 0 }] })
    expect(column(doc, 0, 2)).toEqual(['1', '2'])
  })

  it('refuses rows that cut through a merged block, naming it, and moves nothing', () => {
    // QA: B4:C5 merged, sort A1:C4 (header) Z→A used to move row 4 and leave a held B2:C5.
    const doc = sheetWith([
      ['k', 'a', 'b', 'c', 'x5', 'z'],
      ['v', 'a-b', 'b-b', 'tall-c', '', 'z6'],
    ])
    mergeCells(doc, range('B4:C5'))
    expect(() =>
      sortRange(doc, range('A1:C4'), { keys: [{ col: 0, desc: true }], header: true }),
    ).toThrow(
      'Cannot sort A2:C4: the merged cells B4:C5 span more than one row, and sorting would split them. Unmerge B4:C5 first.',
    )
    expect(column(doc, 0, 6)).toEqual(['k', 'a', 'b', 'c', 'x5', 'z'])
    expect(readMerges(doc).blocks.map(formatRange)).toEqual(['B4:C5'])
    expect(readMerges(doc).held).toEqual([])
  })

  it('refuses a block of several rows inside the sorted rows, or beside them (whole rows move)', () => {
    const inside = sheetWith([['c', 'b', 'a']])
    mergeCells(inside, range('B1:B2'))
    expect(() => sortRange(inside, range('A1:B3'), { keys: [{ col: 0 }] })).toThrow(
      /merged cells B1:B2 span more than one row/,
    )
    const beside = sheetWith([['c', 'b', 'a']])
    mergeCells(beside, range('D2:D3'))
    expect(() => sortRange(beside, range('A1:A3'), { keys: [{ col: 0 }] })).toThrow(
      /Cannot sort A1:A3: the merged cells D2:D3/,
    )
    expect(column(beside, 0, 3)).toEqual(['c', 'b', 'a'])
  })

  it('moves blocks one row high with their row; blocks outside the sorted rows stay', () => {
    const doc = sheetWith(
      [
        ['key', 'c', 'a', 'b', 'end'],
        ['Head', 'wide c', 'wide a', 'b', 'tall'],
      ],
      { rows: 10, cols: 6 },
    )
    mergeCells(doc, range('B1:C1')) // in the header row
    mergeCells(doc, range('B2:C2')) // inside the range's columns
    mergeCells(doc, range('E3:F3')) // beside the range, on a sorted row
    mergeCells(doc, range('B5:B6')) // below the range
    sortRange(doc, range('A1:C4'), { keys: [{ col: 0 }], header: true })
    expect(column(doc, 0, 5)).toEqual(['key', 'a', 'b', 'c', 'end'])
    expect(column(doc, 1, 5)).toEqual(['Head', 'wide a', 'b', 'wide c', 'tall'])
    expect(readMerges(doc).blocks.map(formatRange).sort()).toEqual([
      'B1:C1',
      'B4:C4',
      'B5:B6',
      'E2:F2',
    ])
    expect(readMerges(doc).held).toEqual([])
  })
})
