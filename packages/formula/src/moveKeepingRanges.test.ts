import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { addName, listNames, type Axis } from '@cellmate/model'
import { toDisplayFormula, toStoredNameFormula, type AxisLookup } from './anchoredFormula.js'
import { moveAxisKeepingRanges, snapRangesForMove } from './moveKeepingRanges.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** Moves `count` rows or columns of `sheet` from display position `from` to start at `to`. */
const move = (book: Replica, axis: Axis, from: number, count: number, to: number, sheet?: string) =>
  moveAxisKeepingRanges(
    book.sheetDocs,
    sheet ? book.sheetId(sheet) : book.firstSheetId(),
    axis,
    from,
    count,
    to,
    {},
    book.workbook,
  )

/** Sheet1 A1:A3 = 1, 2, 3 with the total in A4 (the QA report's rows). */
function column(): Replica {
  const book = Replica.create()
  ;['1', '2', '3'].forEach((v, i) => book.type(`A${i + 1}`, v))
  book.type('A4', '=SUM(A1:A3)')
  book.type('B1', '=A3')
  return book
}

describe('a move keeps a range covering the same cells, minus those moved out, plus those moved in', () => {
  it('a column moved within a range leaves the range where it was (Move column left)', () => {
    const book = Replica.create()
    ;['10', '20', '30'].forEach((v, i) => book.type(`${'ABC'[i]}1`, v))
    book.type('D1', '=SUM(A1:C1)')
    book.type('A3', '=AVERAGE(A1:C1)')
    book.type('A4', '=C1')
    book.type('A5', '=B1')
    move(book, 'cols', 2, 1, 1)
    expect(['A1', 'B1', 'C1'].map((a) => book.value(a))).toEqual([10, 30, 20])
    expect(book.display('D1')).toBe('=SUM(A1:C1)')
    expect(book.value('D1')).toBe(60)
    expect(book.display('A3')).toBe('=AVERAGE(A1:C1)')
    expect(book.value('A3')).toBe(20)
    // Single cells follow their data.
    expect(book.display('A4')).toBe('=B1')
    expect(book.display('A5')).toBe('=C1')
    expect(book.errors).toEqual([])
  })

  it('a row moved up within a range leaves the range where it was (Alt+Shift+Up)', () => {
    const book = column()
    move(book, 'rows', 2, 1, 1)
    expect(book.display('A4')).toBe('=SUM(A1:A3)')
    expect(book.value('A4')).toBe(6)
    expect(book.display('B1')).toBe('=A2')
    expect(book.value('B1')).toBe(3)
  })

  it('a range end row moved to the top of the range stays in it; so does a swap of the ends', () => {
    const book = column()
    move(book, 'rows', 2, 1, 0)
    expect(book.display('A4')).toBe('=SUM(A1:A3)')
    expect(book.value('A4')).toBe(6)
    move(book, 'rows', 0, 1, 2)
    expect(book.display('A4')).toBe('=SUM(A1:A3)')
    expect(book.value('A4')).toBe(6)
  })

  it('a first row moved down step by step stays in until it passes the total, then leaves', () => {
    const book = column()
    const total = book.cellRef('A4')
    move(book, 'rows', 0, 1, 1)
    move(book, 'rows', 1, 1, 2)
    expect(book.display('A4')).toBe('=SUM(A1:A3)')
    expect(book.value('A4')).toBe(6)
    // Below the total: it left the range, and the total never reads its own cell.
    move(book, 'rows', 2, 1, 3)
    expect(book.displayOf(total)).toBe('=SUM(A1:A2)')
    expect(book.valueOf(total)).toBe(5)
    expect(book.display('A3')).toBe('=SUM(A1:A2)')
    expect(book.errors).toEqual([])
  })

  it('a first row moved below the total in one step leaves the range (SUM(A1:A3) -> SUM(A1:A2))', () => {
    const book = column()
    move(book, 'rows', 0, 1, 3)
    expect(book.display('A3')).toBe('=SUM(A1:A2)')
    expect(book.value('A3')).toBe(5)
    expect(book.value('A4')).toBe(1)
  })

  it('a row moved into the middle of a range joins it; one moved against its end does not', () => {
    const book = column()
    book.type('A6', '5')
    move(book, 'rows', 5, 1, 1)
    expect(book.display('A5')).toBe('=SUM(A1:A4)')
    expect(book.value('A5')).toBe(11)
    book.type('A7', '100')
    move(book, 'rows', 6, 1, 0)
    expect(book.display('A6')).toBe('=SUM(A2:A5)')
    expect(book.value('A6')).toBe(11)
  })

  it('a block partly inside a range takes its inside rows out with it', () => {
    const book = column()
    // Rows 3..4 (the 3 and the total) moved to the top: the range keeps rows 1..2 only.
    move(book, 'rows', 2, 2, 0)
    expect(book.display('A2')).toBe('=SUM(A3:A4)')
    expect(book.value('A2')).toBe(3)
  })

  it('a range wholly inside the moved block, and a one-row range, travel with it', () => {
    const book = column()
    book.type('C2', '=SUM(A2:A3)')
    book.type('C1', '=SUM(A1:B1)')
    move(book, 'rows', 0, 3, 5)
    expect(book.display('C7')).toBe('=SUM(A7:A8)')
    expect(book.value('C7')).toBe(5)
    expect(book.display('C6')).toBe('=SUM(A6:B6)')
    expect(book.value('C6')).toBe(4)
  })

  it('keeps $ markers on the endpoints they were written on', () => {
    const book = column()
    book.type('C5', '=SUM($A$1:A3)')
    move(book, 'rows', 2, 1, 0)
    expect(book.display('C5')).toBe('=SUM($A$1:A3)')
    expect(book.value('C5')).toBe(6)
  })

  it('keeps ranges on other sheets and in defined names covering the moved sheet', () => {
    const book = Replica.create()
    book.addSheet('Data')
    ;['10', '20', '30'].forEach((v, i) => book.type(`Data!${'ABC'[i]}1`, v))
    book.type('A1', '=SUM(Data!A1:C1)')
    book.type('A2', '=Data!C1')
    const ctx = book.context(book.firstSheetId())
    addName(book.workbook, { name: 'Scores', formula: toStoredNameFormula('Data!$A$1:$C$1', ctx) })
    book.type('A3', '=SUM(Scores)')
    move(book, 'cols', 2, 1, 0, 'Data')
    expect(book.display('A1')).toBe('=SUM(Data!A1:C1)')
    expect(book.value('A1')).toBe(60)
    expect(book.display('A2')).toBe('=Data!A1')
    const name = listNames(book.workbook)[0]!
    expect(toDisplayFormula(name.formula, ctx)).toBe('=Data!$A$1:$C$1')
    expect(book.value('A3')).toBe(60)
  })

  it('is one transaction on the moved sheet: one undo restores positions and formulas', () => {
    const book = Replica.create()
    ;['10', '20', '30'].forEach((v, i) => book.type(`${'ABC'[i]}1`, v))
    book.type('D1', '=SUM(A1:C1)')
    const doc = book.doc()
    const origin = {}
    const undo = new Y.UndoManager([...doc.share.values()] as Y.AbstractType<unknown>[], {
      trackedOrigins: new Set([origin]),
    })
    moveAxisKeepingRanges(book.sheetDocs, book.firstSheetId(), 'cols', 2, 1, 1, origin)
    expect(book.value('D1')).toBe(60)
    expect(undo.undoStack).toHaveLength(1)
    undo.undo()
    expect(['A1', 'B1', 'C1'].map((a) => book.value(a))).toEqual([10, 20, 30])
    expect(book.display('D1')).toBe('=SUM(A1:C1)')
    expect(book.value('D1')).toBe(60)
  })
})

/** Rows r0..r{n-1} of one column, as a layout before a move. */
function rowsLayout(ids: readonly string[]): AxisLookup {
  return {
    rowId: (i) => ids[i],
    colId: () => 'c',
    rowIndexOf: (id) => ids.indexOf(id),
    colIndexOf: () => 0,
  }
}

/** The row ids the stored `={r:X,c:c}:{r:Y,c:c}` covers in `order`. */
function covered(stored: string, order: readonly string[]): string[] {
  const m = /\{r:(\w+),c:c\}:\{r:(\w+),c:c\}/.exec(stored)
  if (!m) throw new Error(`not a range: ${stored}`)
  const [a, b] = [order.indexOf(m[1]!), order.indexOf(m[2]!)]
  return order.slice(Math.min(a, b), Math.max(a, b) + 1)
}

describe('any move of rows', () => {
  it('leaves a range its cells minus those moved out plus those moved in', () => {
    const n = 12
    const ids = Array.from({ length: n }, (_, i) => `r${i}`)
    const scenario = fc
      .record({
        lo: fc.nat(n - 1),
        len: fc.nat(n - 1),
        from: fc.nat(n - 1),
        count: fc.integer({ min: 1, max: 4 }),
        to: fc.nat(n - 1),
      })
      .filter(
        ({ lo, len, from, count, to }) => lo + len < n && from + count <= n && to + count <= n,
      )
    fc.assert(
      fc.property(scenario, ({ lo, len, from, count, to }) => {
        const hi = lo + len
        const stored = `=SUM({r:${ids[lo]},c:c}:{r:${ids[hi]},c:c})`
        const move = { sheetId: 's', axis: 'rows' as const, from, count, to }
        const after = snapRangesForMove(stored, 's', move, rowsLayout(ids))
        const block = ids.slice(from, from + count)
        const rest = ids.filter((id) => !block.includes(id))
        const order = [...rest.slice(0, to), ...block, ...rest.slice(to)]
        const before = new Set(ids.slice(lo, hi + 1))
        const now = covered(after, order)
        // Nothing that was outside the range and stayed put comes in: a total below it
        // never takes itself in unless the user moves the total itself into the range.
        for (const id of now) expect(before.has(id) || block.includes(id)).toBe(true)
        // Nothing that was inside and stayed put goes out.
        for (const id of before) if (!block.includes(id)) expect(now).toContain(id)
        // A block moved within the range leaves it covering the same positions.
        if (lo <= from && from + count - 1 <= hi && lo <= to && to + count - 1 <= hi) {
          expect(now).toEqual(order.slice(lo, hi + 1))
        }
      }),
      { numRuns: 2000 },
    )
  })
})
