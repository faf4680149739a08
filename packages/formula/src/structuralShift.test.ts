import { describe, expect, it } from 'vitest'
import {
  deleteCols,
  deleteRows,
  deleteSheet,
  insertCols,
  insertRows,
  moveCols,
  moveRows,
  renameSheet,
} from '@cellmate/model'
import { deleteAxisKeepingRanges } from './rangeSnapping.js'
import type { CellValue } from './cellValue.js'
import { Replica } from './__tests__/workbookTestBed.js'

/**
 * Sheet1: A1:A10 = 1..10, B1:B10 = 10..100; sheet Data: A1:A5 = 100..500. The formula under
 * test sits in E20 and is followed by id, wherever the operation moves it.
 */
function setup(): Replica {
  const book = Replica.create()
  for (let i = 1; i <= 10; i++) {
    book.type(`A${i}`, String(i))
    book.type(`B${i}`, String(i * 10))
  }
  book.addSheet('Data')
  for (let i = 1; i <= 5; i++) book.type(`Data!A${i}`, String(i * 100))
  return book
}

type Op = (book: Replica) => void
const main = (b: Replica) => b.doc()
const data = (b: Replica) => b.doc('Data')
const keeping =
  (axis: 'rows' | 'cols', at: number, count: number, sheet = 'Sheet1'): Op =>
  (b) =>
    deleteAxisKeepingRanges(b.sheetDocs, b.sheetId(sheet), axis, at, count)
const REF = { error: '#REF!' }

const CASES: [string, string, Op, string, CellValue | typeof REF][] = [
  // rows
  [
    '2 rows inserted above (the issue example)',
    '=SUM(A1:A10)',
    (b) => insertRows(main(b), 0, 2),
    '=SUM(A3:A12)',
    55,
  ],
  [
    'rows inserted inside a range grow it',
    '=SUM(A1:A10)',
    (b) => insertRows(main(b), 4, 2),
    '=SUM(A1:A12)',
    55,
  ],
  [
    'rows inserted below a range leave it',
    '=SUM(A1:A10)',
    (b) => insertRows(main(b), 10, 2),
    '=SUM(A1:A10)',
    55,
  ],
  [
    'a row inserted at a range start shifts it',
    '=SUM(A3:A5)',
    (b) => insertRows(main(b), 2, 1),
    '=SUM(A4:A6)',
    12,
  ],
  [
    'rows deleted above shift it up',
    '=SUM(A3:A10)',
    (b) => deleteRows(main(b), 0, 2),
    '=SUM(A1:A8)',
    52,
  ],
  [
    'rows deleted inside shrink it',
    '=SUM(A1:A10)',
    (b) => deleteRows(main(b), 3, 2),
    '=SUM(A1:A8)',
    46,
  ],
  ['a deleted referenced row is #REF!', '=A5*2', (b) => deleteRows(main(b), 4, 1), '=#REF!*2', REF],
  [
    'a deleted end row, not snapped, is #REF!',
    '=SUM(A1:A10)',
    (b) => deleteRows(main(b), 9, 1),
    '=SUM(#REF!)',
    REF,
  ],
  ['a deleted end row snaps inward', '=SUM(A1:A10)', keeping('rows', 9, 1), '=SUM(A1:A9)', 45],
  ['deleted first rows snap inward', '=SUM($A$1:A10)', keeping('rows', 0, 2), '=SUM($A$1:A8)', 52],
  ['a fully deleted range is #REF!', '=SUM(A3:A4)+1', keeping('rows', 2, 2), '=SUM(#REF!)+1', REF],
  ['a moved row is followed', '=A2', (b) => moveRows(main(b), 1, 1, 7), '=A8', 2],
  [
    'a row moved into a range joins it',
    '=SUM(A1:A5)',
    (b) => moveRows(main(b), 8, 1, 2),
    '=SUM(A1:A6)',
    24,
  ],
  [
    'a row moved out of a range leaves it',
    '=SUM(A1:A5)',
    (b) => moveRows(main(b), 2, 1, 8),
    '=SUM(A1:A4)',
    12,
  ],
  [
    'a moved end row carries the range end',
    '=SUM(A1:A5)',
    (b) => moveRows(main(b), 4, 1, 8),
    '=SUM(A1:A9)',
    45,
  ],
  [
    'whole rows grow with an insert inside',
    '=SUM(2:3)',
    (b) => insertRows(main(b), 2, 1),
    '=SUM(2:4)',
    55,
  ],
  [
    'whole rows shift with an insert above',
    '=SUM(2:3)',
    (b) => insertRows(main(b), 0, 1),
    '=SUM(3:4)',
    55,
  ],
  [
    'a whole column ignores row inserts',
    '=SUM(A:A)',
    (b) => insertRows(main(b), 0, 3),
    '=SUM(A:A)',
    55,
  ],
  // columns
  [
    'a column inserted before shifts it',
    '=SUM(A1:B2)',
    (b) => insertCols(main(b), 0, 1),
    '=SUM(B1:C2)',
    33,
  ],
  [
    'a column inserted inside grows it',
    '=SUM(A1:B2)',
    (b) => insertCols(main(b), 1, 1),
    '=SUM(A1:C2)',
    33,
  ],
  ['a column deleted before shifts it', '=B1', (b) => deleteCols(main(b), 0, 1), '=A1', 10],
  [
    'a deleted referenced column is #REF!',
    '=A1+B1',
    (b) => deleteCols(main(b), 0, 1),
    '=#REF!+A1',
    REF,
  ],
  ['whole columns shift', '=SUM(B:B)', (b) => insertCols(main(b), 0, 1), '=SUM(C:C)', 550],
  [
    'whole columns snap when their end is deleted',
    '=SUM(A:B)',
    keeping('cols', 1, 1),
    '=SUM(A:A)',
    55,
  ],
  ['a moved column is followed', '=B1', (b) => moveCols(main(b), 1, 1, 4), '=E1', 10],
  [
    'whole rows ignore column inserts',
    '=SUM(1:1)',
    (b) => insertCols(main(b), 0, 2),
    '=SUM(1:1)',
    11,
  ],
  // other sheets
  ['rows inserted in another sheet', '=Data!A2', (b) => insertRows(data(b), 0, 3), '=Data!A5', 200],
  [
    'rows deleted in another sheet snap',
    '=SUM(Data!A1:A5)',
    keeping('rows', 0, 1, 'Data'),
    '=SUM(Data!A1:A4)',
    1400,
  ],
  [
    'rows deleted in another sheet, referenced cell',
    '=Data!A1',
    keeping('rows', 0, 1, 'Data'),
    '=#REF!',
    REF,
  ],
  [
    "the formula's own sheet changing",
    '=SUM(Data!A1:A5)',
    (b) => insertRows(main(b), 0, 1),
    '=SUM(Data!A1:A5)',
    1500,
  ],
  [
    'a renamed sheet',
    '=Data!A1',
    (b) => renameSheet(b.workbook, b.sheetId('Data'), 'Q1 data'),
    "='Q1 data'!A1",
    100,
  ],
  [
    'a deleted sheet',
    '=Data!A1+1',
    (b) => deleteSheet(b.workbook, b.sheetId('Data')),
    '=#REF!+1',
    REF,
  ],
]

describe('references follow every structural operation', () => {
  it.each(CASES)('%s: %s', (_name, formula, op, display, value) => {
    const book = setup()
    book.type('E20', formula)
    const cell = book.cellRef('E20')
    op(book)
    expect(book.displayOf(cell)).toBe(display)
    const actual = book.valueOf(cell)
    if (typeof value === 'object' && value !== null) expect(actual).toMatchObject(value)
    else expect(actual).toBe(value)
    expect(book.errors).toEqual([])
  })
})
