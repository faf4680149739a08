import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

/** Region, year, units, price: a header row and five rows. */
const SALES = [
  ['Region', 'Year', 'Units', 'Price'],
  ['East', 2023, 10, 1.5],
  ['West', 2023, 5, 1.5],
  ['east', 2024, 7, 4],
  ['West', 2024, 1, 4],
  ['North', 2023, 2, 1.5],
]

/** The table a PIVOTBY spills (the area read is cut to its non-blank rows and columns). */
function table(formula: string, data: unknown[][] = SALES, rows = 12, cols = 10): unknown[][] {
  const area = evaluateArea(formula, data as never, rows, cols)
  const used = area.filter((row) => row.some((v) => v !== null))
  const width = Math.max(
    ...used.map((r) => r.reduce((w: number, v, i) => (v === null ? w : i + 1), 0)),
  )
  return used.map((r) => r.slice(0, width))
}

describe('PIVOTBY', () => {
  it('rows by one field, columns by another, a total column and row; detected headers left out', () => {
    expect(table('=PIVOTBY(A1:A6,B1:B6,C1:C6,SUM)')).toEqual([
      [null, 2023, 2024, 'Total'],
      ['East', 10, 7, 17],
      ['North', 2, null, 2],
      ['West', 5, 1, 6],
      ['Total', 17, 8, 25],
    ])
  })

  it('without totals, sorted by a value descending, columns descending; shown headers', () => {
    expect(table('=PIVOTBY(A2:A6,B2:B6,C2:C6,SUM,0,0,-2,0,-1)')).toEqual([
      [null, 2024, 2023],
      ['East', 7, 10],
      ['West', 1, 5],
      ['North', null, 2],
    ])
    expect(table('=PIVOTBY(A1:A6,B1:B6,C1:C6,SUM,3,0,,0)')).toEqual([
      [null, 'Year', null],
      ['Region', 2023, 2024],
      ['East', 10, 7],
      ['North', 2, null],
      ['West', 5, 1],
    ])
  })

  it('PERCENTOF relative to column, row and grand totals; a filter; a LAMBDA', () => {
    const pct = (relative: number) =>
      table(`=PIVOTBY(A2:A6,B2:B6,C2:C6,PERCENTOF,0,1,,1,,,${relative})`).map((r) =>
        r.map((v) => (typeof v === 'number' && v <= 1 ? Math.round(v * 1000) / 1000 : v)),
      )
    // Column totals (the default): each year's column adds up to 1.
    expect(pct(0)[1]).toEqual(['East', 0.588, 0.875, 0.68])
    // Row totals: each region's row adds up to 1.
    expect(pct(1)[1]).toEqual(['East', 0.588, 0.412, 1])
    // Grand total.
    expect(pct(2)[1]).toEqual(['East', 0.4, 0.28, 0.68])
    expect(table('=PIVOTBY(A2:A6,B2:B6,C2:C6,COUNT,0,1,,1,,C2:C6>2)')).toEqual([
      [null, 2023, 2024, 'Total'],
      ['East', 1, 1, 2],
      ['West', 1, null, 1],
      ['Total', 2, 1, 3],
    ])
    expect(table('=PIVOTBY(A2:A6,B2:B6,C2:D6,LAMBDA(x,MAX(x)),0,0,,0)')).toEqual([
      [null, 2023, null, 2024, null],
      [null, 'Value 1', 'Value 2', 'Value 1', 'Value 2'],
      ['East', 10, 1.5, 7, 4],
      ['North', 2, 1.5, null, null],
      ['West', 5, 1.5, 1, 4],
    ])
  })

  it('two row fields: subtotals per outer key by default, field headers shown', () => {
    const data = [
      ['Region', 'Item', 'Year', 'Units'],
      ['East', 'Pen', 2023, 10],
      ['East', 'Ink', 2024, 7],
      ['West', 'Pen', 2023, 5],
      ['West', 'Pen', 2024, 1],
    ]
    expect(table('=PIVOTBY(A1:B5,C1:C5,D1:D5,SUM)', data)).toEqual([
      [null, null, 'Year', null, null],
      ['Region', 'Item', 2023, 2024, 'Total'],
      ['East', 'Ink', null, 7, 7],
      ['East', 'Pen', 10, null, 10],
      ['East', null, 10, 7, 17],
      ['West', 'Pen', 5, 1, 6],
      ['West', null, 5, 1, 6],
      ['Total', null, 15, 8, 23],
    ])
  })

  it('inside another function, and its errors', () => {
    expect(evaluate('=ROWS(PIVOTBY(A2:A6,B2:B6,C2:C6,SUM))', SALES)).toBe(5)
    expect(evaluate('=COLUMNS(PIVOTBY(A2:A6,B2:B6,C2:C6,SUM))', SALES)).toBe(4)
    expect(evaluate('=INDEX(PIVOTBY(A2:A6,B2:B6,C2:C6,SUM),2,3)', SALES)).toBe(7)
    expect(evaluate('=INDEX(PIVOTBY(A2:A6,B2:B5,C2:C6,SUM),1,1)', SALES)).toEqual(err('#VALUE!'))
    expect(evaluate('=INDEX(PIVOTBY(A2:A6,B2:B6,C2:C6,SUM,9),1,1)', SALES)).toEqual(err('#VALUE!'))
    expect(evaluate('=INDEX(PIVOTBY(A2:A6,B2:B6,C2:C6,NOPE),1,1)', SALES)).toEqual(err('#NAME?'))
  })
})
