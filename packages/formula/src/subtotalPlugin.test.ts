import { describe, expect, it } from 'vitest'
import { evaluate, type Input } from './__tests__/engineBed.js'
import { Replica } from './__tests__/workbookTestBed.js'

const err = (error: string) => expect.objectContaining({ error })

/**
 * A list with subtotals inside it, as Excel's Data > Subtotal writes it: two groups in B2:B9,
 * each closed by a SUBTOTAL row. Excel's grand total `SUBTOTAL(9,B2:B10)` adds only the detail
 * rows (6400), where adding every cell would count each group twice (12800).
 */
const GROUPED: Input[][] = [
  ['Region', 'Sales'],
  ['East', 1000],
  ['East', 1500],
  ['East', 500],
  ['East total', '=SUBTOTAL(9,B2:B4)'],
  ['West', 2000],
  ['West', 1400],
  ['West total', '=SUBTOTAL(9,B6:B7)'],
  ['West avg', '=AGGREGATE(1,0,B6:B7)'],
  ['x', '=1+SUBTOTAL(9,B6:B7)'],
]

describe('SUBTOTAL leaves out nested subtotals, as Excel does', () => {
  it.each([
    ['=SUBTOTAL(9,B2:B10)', 6400],
    ['=SUBTOTAL(109,B2:B10)', 6400],
    ['=SUBTOTAL(2,B2:B10)', 5],
    ['=SUBTOTAL(3,A2:B10)', 14],
    ['=SUBTOTAL(1,B2:B10)', 1280],
    ['=SUBTOTAL(4,B2:B10)', 2000],
    ['=SUBTOTAL(9,B2:B4,B6:B7)', 6400],
    ['=SUBTOTAL(9,B5)', 0],
    ['=SUM(B2:B10)', 6400 + 3000 + 3400 + 1700 + 3401],
  ])('%s is %d', (formula, expected) => {
    expect(evaluate(formula, GROUPED)).toBe(expected)
  })

  it('computes every statistic 1-11', () => {
    const data = [[120], [10], [150], [23]]
    expect(evaluate('=SUBTOTAL(9,A1:A4)', data)).toBe(303)
    expect(evaluate('=SUBTOTAL(1,A1:A4)', data)).toBe(75.75)
    expect(evaluate('=SUBTOTAL(6,A1:A4)', data)).toBe(120 * 10 * 150 * 23)
    expect(evaluate('=SUBTOTAL(5,A1:A4)', data)).toBe(10)
    // Squared deviations from 75.75 add up to 14576.75.
    expect(evaluate('=SUBTOTAL(10,A1:A4)', data)).toBeCloseTo(14576.75 / 3, 6)
    expect(evaluate('=SUBTOTAL(11,A1:A4)', data)).toBeCloseTo(14576.75 / 4, 6)
    expect(evaluate('=SUBTOTAL(7,A1:A4)', data)).toBeCloseTo(Math.sqrt(14576.75 / 3), 6)
    expect(evaluate('=SUBTOTAL(8,A1:A4)', data)).toBeCloseTo(Math.sqrt(14576.75 / 4), 6)
  })

  it('refuses an unknown function and passes errors through', () => {
    expect(evaluate('=SUBTOTAL(12,A1:A2)', [[1], [2]])).toEqual(err('#VALUE!'))
    expect(evaluate('=SUBTOTAL(9,A1:A2)', [[1], ['=1/0']])).toEqual(err('#DIV/0!'))
    expect(evaluate('=SUBTOTAL(2,A1:A2)', [[1], ['=1/0']])).toBe(1)
    expect(evaluate('=SUBTOTAL(3,A1:A2)', [[1], ['=1/0']])).toBe(2)
  })
})

describe('AGGREGATE', () => {
  // Microsoft Support's AGGREGATE example: A2:A11 with #DIV/0! and #NUM!, B2:B11 numbers.
  const SUPPORT: Input[][] = [
    ['=1/0', 82],
    [72, 65],
    [30, 95],
    ['=SQRT(-1)', 63],
    [31, 53],
    [96, 71],
    [32, 55],
    [81, 83],
    [33, 100],
    [53, 91],
    [34, 89],
  ]
  it.each([
    ['=AGGREGATE(4,6,A1:A11)', 96],
    ['=AGGREGATE(14,6,A1:A11,3)', 72],
    ['=AGGREGATE(15,6,A1:A11)', err('#VALUE!')],
    ['=AGGREGATE(12,6,A1:A11,B1:B11)', 68],
    ['=MAX(A1:A2)', err('#DIV/0!')],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, SUPPORT)).toEqual(expected)
  })

  it('options 0-3 leave out nested subtotals, 4-7 keep them', () => {
    expect(evaluate('=AGGREGATE(9,0,B2:B10)', GROUPED)).toBe(6400)
    expect(evaluate('=AGGREGATE(9,4,B2:B10)', GROUPED)).toBe(6400 + 3000 + 3400 + 1700 + 3401)
    expect(evaluate('=AGGREGATE(9,,B2:B10)', GROUPED)).toBe(6400)
  })

  it('takes a computed array for functions 14-19, errors left out by option 6', () => {
    const data: Input[][] = [
      [5, 'x'],
      [3, 'y'],
      [9, 'x'],
      [1, 'x'],
    ]
    expect(evaluate('=AGGREGATE(15,6,A1:A4/(B1:B4="x"),1)', data)).toBe(1)
    expect(evaluate('=AGGREGATE(14,6,A1:A4/(B1:B4="x"),2)', data)).toBe(5)
    expect(evaluate('=AGGREGATE(16,4,A1:A4,0.5)', data)).toBe(4)
    expect(evaluate('=AGGREGATE(17,4,A1:A4,1)', data)).toBe(2.5)
    expect(evaluate('=AGGREGATE(18,4,A1:A4,0.5)', data)).toBe(4)
    expect(evaluate('=AGGREGATE(19,4,A1:A4,2)', data)).toBe(4)
    expect(evaluate('=AGGREGATE(13,4,A1:A4)', data)).toEqual(err('#N/A'))
  })

  it('refuses unknown functions and options', () => {
    expect(evaluate('=AGGREGATE(20,0,A1)', [[1]])).toEqual(err('#VALUE!'))
    expect(evaluate('=AGGREGATE(9,8,A1)', [[1]])).toEqual(err('#VALUE!'))
  })
})

describe('SUBTOTAL and AGGREGATE leave out hidden rows as Excel does', () => {
  /** B1:B5 = 1, 10, 100, 1000, 10000; row 2 hidden by hand, row 4 by a filter. */
  function hiddenBook(): { book: Replica; rows: (hidden: number[], filtered: number[]) => void } {
    const book = Replica.create({ rows: 8, cols: 4 })
    ;[1, 10, 100, 1000, 10000].forEach((v, i) => book.type(`B${i + 1}`, String(v)))
    const sheetId = book.firstSheetId()
    const layout = book.layouts.get(sheetId)!
    const ids = (rows: number[]) => new Set(rows.map((r) => layout.rowId(r - 1)!))
    const rows = (hidden: number[], filtered: number[]) =>
      book.engine.setHiddenRows(sheetId, { hidden: ids(hidden), filtered: ids(filtered) })
    rows([2], [4])
    return { book, rows }
  }

  it.each([
    ['=SUBTOTAL(9,B1:B5)', 10111],
    ['=SUBTOTAL(109,B1:B5)', 10101],
    ['=SUBTOTAL(2,B1:B5)', 4],
    ['=SUBTOTAL(102,B1:B5)', 3],
    ['=SUBTOTAL(109,B2)', 0],
    ['=SUBTOTAL(9,B4)', 0],
    ['=AGGREGATE(9,5,B1:B5)', 10101],
    ['=AGGREGATE(9,4,B1:B5)', 11111],
  ])('%s is %s', (formula, expected) => {
    const { book } = hiddenBook()
    book.type('D1', formula)
    expect(book.value('D1')).toBe(expected)
  })

  it('recalculates when rows are hidden or shown, with no cell written', () => {
    const { book, rows } = hiddenBook()
    book.type('D1', '=SUBTOTAL(109,B1:B5)')
    expect(book.value('D1')).toBe(10101)
    rows([], [1, 5])
    expect(book.value('D1')).toBe(1110)
    rows([], [])
    expect(book.value('D1')).toBe(11111)
  })
})
