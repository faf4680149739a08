import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'
import { trimRows } from './trimRangePlugin.js'

/** A table with a blank first row and column and a blank last row: B2:C3 hold values. */
const DATA = [
  ['', '', ''],
  ['', 1, 2],
  ['', 3, ''],
  ['', '', ''],
]

describe('TRIMRANGE', () => {
  it('leaves out blank outer rows and columns (both ends by default)', () => {
    expect(evaluate('=ROWS(TRIMRANGE(A1:C4))', DATA)).toBe(2)
    expect(evaluate('=COLUMNS(TRIMRANGE(A1:C4))', DATA)).toBe(2)
    expect(evaluate('=INDEX(TRIMRANGE(A1:C4),1,1)', DATA)).toBe(1)
    expect(evaluate('=SUM(TRIMRANGE(A1:C4))', DATA)).toBe(6)
  })

  it('trims only leading or trailing lines when asked', () => {
    expect(evaluate('=ROWS(TRIMRANGE(A1:C4,1,0))', DATA)).toBe(3)
    expect(evaluate('=ROWS(TRIMRANGE(A1:C4,2,0))', DATA)).toBe(3)
    expect(evaluate('=ROWS(TRIMRANGE(A1:C4,0,3))', DATA)).toBe(4)
    expect(evaluate('=COLUMNS(TRIMRANGE(A1:C4,0,2))', DATA)).toBe(3)
    expect(evaluate('=COLUMNS(TRIMRANGE(A1:C4,0,1))', DATA)).toBe(2)
  })

  it("spills the trimmed range from the formula's cell, blanks over the rest of the area", () => {
    const area = evaluateArea('=TRIMRANGE(A1:C4)', DATA, 4, 3)
    expect(area).toEqual([
      [1, 2, null],
      [3, null, null],
      [null, null, null],
      [null, null, null],
    ])
  })

  it('refuses modes outside 0–3', () => {
    expect(evaluate('=TRIMRANGE(A1:C4,4)', DATA)).toEqual(
      expect.objectContaining({ error: '#VALUE!' }),
    )
  })

  it('trims an all-blank range to nothing', () => {
    expect(trimRows([[null, null]], 3, 3)).toEqual([])
    expect(trimRows([[null, 1]], 0, 0)).toEqual([[null, 1]])
  })
})
