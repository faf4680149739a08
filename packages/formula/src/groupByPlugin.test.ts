import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

/** Region, item, units, price: a header row and five rows. */
const SALES = [
  ['Region', 'Item', 'Units', 'Price'],
  ['East', 'Pen', 10, 1.5],
  ['West', 'Pen', 5, 1.5],
  ['east', 'Ink', 7, 4],
  ['West', 'Ink', 1, 4],
  ['North', 'Pen', 2, 1.5],
]

/** The table a GROUPBY spills, without the blank rows its spill area keeps below it. */
function table(formula: string, rows: number, cols: number): unknown[][] {
  return evaluateArea(formula, SALES, rows, cols).filter((row) => row.some((v) => v !== null))
}

describe('GROUPBY', () => {
  it('groups text without regard to case, sorts by key and adds a total; detected headers are left out', () => {
    expect(table('=GROUPBY(A1:A6,C1:C6,SUM)', 8, 2)).toEqual([
      ['East', 17],
      ['North', 2],
      ['West', 6],
      ['Total', 25],
    ])
  })

  it('sorts by a value column descending, without totals; several value columns', () => {
    expect(table('=GROUPBY(A2:A6,C2:D6,SUM,0,0,-2)', 7, 3)).toEqual([
      ['East', 17, 5.5],
      ['West', 6, 5.5],
      ['North', 2, 1.5],
    ])
  })

  it('two row fields: shown headers, subtotals per first-level key and a grand total', () => {
    expect(table('=GROUPBY(A1:B6,C1:C6,SUM,3,2)', 14, 3)).toEqual([
      ['Region', 'Item', 'Units'],
      ['east', 'Ink', 7],
      ['East', 'Pen', 10],
      ['East', null, 17],
      ['North', 'Pen', 2],
      ['North', null, 2],
      ['West', 'Ink', 1],
      ['West', 'Pen', 5],
      ['West', null, 6],
      ['Total', null, 25],
    ])
    // Totals at the top.
    expect(table('=GROUPBY(A2:A6,C2:C6,SUM,0,-1)', 7, 2)[0]).toEqual(['Total', 25])
  })

  it('takes a LAMBDA, PERCENTOF and a filter', () => {
    expect(table('=GROUPBY(A2:A6,C2:C6,LAMBDA(x,MAX(x)),0,1)', 7, 2)).toEqual([
      ['East', 10],
      ['North', 2],
      ['West', 5],
      ['Total', 10],
    ])
    const shares = table('=GROUPBY(A2:A6,C2:C6,PERCENTOF,0,1)', 7, 2)
    expect(shares.map((r) => r[0])).toEqual(['East', 'North', 'West', 'Total'])
    expect(shares.map((r) => r[1] as number).map((v) => Math.round(v * 100))).toEqual([
      68, 8, 24, 100,
    ])
    expect(table('=GROUPBY(A2:A6,C2:C6,COUNT,0,1,,B2:B6="Ink")', 7, 2)).toEqual([
      ['east', 1],
      ['West', 1],
      ['Total', 2],
    ])
  })

  it('works inside another function; refuses mismatched sizes and bad options', () => {
    expect(evaluate('=ROWS(GROUPBY(A2:A6,C2:C6,SUM))', SALES)).toBe(4)
    expect(evaluate('=INDEX(GROUPBY(A2:A6,C2:C6,SUM),2,2)', SALES)).toBe(2)
    expect(evaluate('=INDEX(GROUPBY(A2:A6,C2:C5,SUM),1,1)', SALES)).toEqual(err('#VALUE!'))
    expect(evaluate('=INDEX(GROUPBY(A2:A6,C2:C6,SUM,7),1,1)', SALES)).toEqual(err('#VALUE!'))
    expect(evaluate('=INDEX(GROUPBY(A2:A6,C2:C6,NOPE),1,1)', SALES)).toEqual(err('#NAME?'))
  })
})
