import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('KURT, BINOM.DIST.RANGE, PERCENTOF (Microsoft Support examples)', () => {
  it.each([
    ['=KURT(3,4,5,2,3,4,5,6,4,7)', -0.151799637, 9],
    ['=BINOM.DIST.RANGE(60,0.75,48)', 0.083974967, 9],
    ['=BINOM.DIST.RANGE(60,0.75,45,50)', 0.523629793, 9],
    ['=PERCENTOF({1,2},{1,2,3,4})', 0.3, 12],
  ])('%s is %d', (formula, expected, digits) => {
    expect(evaluate(formula)).toBeCloseTo(expected, digits)
  })

  it('refuse what Excel refuses', () => {
    expect(evaluate('=KURT(1,2,3)')).toEqual(err('#DIV/0!'))
    expect(evaluate('=BINOM.DIST.RANGE(10,1.5,2)')).toEqual(err('#NUM!'))
    expect(evaluate('=PERCENTOF({1},{0})')).toEqual(err('#DIV/0!'))
  })
})

describe('byte-counting text functions equal the plain ones in en-US', () => {
  it.each([
    ['=LENB("abc")', 3],
    ['=LEFTB("abc",2)', 'ab'],
    ['=FINDB("c","abc")', 3],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula)).toBe(expected)
  })
})
