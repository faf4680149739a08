import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('MUNIT, MDETERM, MINVERSE (Microsoft Support examples)', () => {
  it('MDETERM', () => {
    expect(evaluate('=MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})')).toBeCloseTo(88, 9)
    expect(evaluate('=MDETERM({3,6,1;1,1,0;3,10,2})')).toBeCloseTo(1, 12)
    expect(evaluate('=MDETERM({3,6;1,1})')).toBeCloseTo(-3, 12)
    expect(evaluate('=MDETERM({1,3,8,5;1,3,6,1})')).toEqual(err('#VALUE!'))
    expect(
      evaluate('=MDETERM(A1:B2)', [
        [1, 'x'],
        [3, 4],
      ]),
    ).toEqual(err('#VALUE!'))
  })

  it('MINVERSE spills the inverse', () => {
    expect(evaluateArea('=MINVERSE({4,-1;2,0})', [], 2, 2)).toEqual([
      [0, 0.5],
      [-1, 2],
    ])
    const inverse = evaluateArea(
      '=MINVERSE(A1:C3)',
      [
        [1, 2, 1],
        [3, 4, -1],
        [0, 2, 0],
      ],
      3,
      3,
    )
    const expected = [
      [0.25, 0.25, -0.75],
      [0, 0, 0.5],
      [0.75, -0.25, -0.25],
    ]
    inverse.forEach((row, r) =>
      row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]?.[c] as number, 12)),
    )
    expect(evaluate('=MINVERSE({1,2;2,4})')).toEqual(err('#NUM!'))
  })

  it('MUNIT spills an identity matrix', () => {
    expect(evaluateArea('=MUNIT(3)', [], 3, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ])
  })
})
