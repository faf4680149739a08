import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })
const GRID = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
  [2, '', 'x'],
]

describe('array reshaping', () => {
  it('works with counts from cells inside another function', () => {
    expect(evaluate('=SUM(TAKE(A1:C3,A4))', GRID)).toBe(21)
    expect(evaluate('=COUNTA(TOCOL(A4:C4,1))', GRID)).toBe(2)
    expect(evaluate('=INDEX(SORTBY(A1:A3,A1:A3,-1),1)', GRID)).toBe(7)
  })

  it('spills a size that depends on a cell (measured, then read again at it)', () => {
    expect(evaluateArea('=TAKE(A1:C3,A4)', GRID, 3, 4)).toEqual([
      [1, 2, 3, null],
      [4, 5, 6, null],
      [null, null, null, null],
    ])
    expect(evaluateArea('=TOCOL(A3:C4,1)', GRID, 6, 1).map((r) => r[0])).toEqual([
      7,
      8,
      9,
      2,
      'x',
      null,
    ])
  })

  it('spills what a range and typed counts make, padding with pad_with', () => {
    expect(evaluateArea('=EXPAND(TAKE(A1:C3,1,1),2,2,0)', GRID, 2, 2)).toEqual([
      [1, 0],
      [0, 0],
    ])
    expect(evaluateArea('=WRAPCOLS(A1:C1,2)', GRID, 2, 2)).toEqual([
      [1, 3],
      [2, err('#N/A')],
    ])
  })

  it('refuses what Excel refuses', () => {
    expect(evaluate('=TAKE(A1:C3,0)', GRID)).toEqual(err('#VALUE!'))
    expect(evaluate('=DROP(A1:C3,5)', GRID)).toEqual(err('#VALUE!'))
    expect(evaluate('=EXPAND(A1:C3,1)', GRID)).toEqual(err('#VALUE!'))
    expect(evaluate('=WRAPROWS(A1:B2,2)', GRID)).toEqual(err('#VALUE!'))
    expect(evaluate('=SORTBY(A1:A3,A1:A2)', GRID)).toEqual(err('#VALUE!'))
  })

  it('RANDARRAY spills random numbers in its range, whole when asked', () => {
    const area = evaluateArea('=RANDARRAY(2,3,1,6,TRUE)', [], 2, 3).flat()
    expect(area).toHaveLength(6)
    for (const v of area) expect([1, 2, 3, 4, 5, 6]).toContain(v)
    const [x] = evaluateArea('=RANDARRAY()', [], 1, 1).flat()
    expect(x).toBeGreaterThanOrEqual(0)
    expect(x).toBeLessThan(1)
    expect(evaluate('=RANDARRAY(2,2,5,1)')).toEqual(err('#VALUE!'))
  })
})
