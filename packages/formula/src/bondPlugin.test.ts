import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

/** Microsoft Support's examples, to the digits the documentation shows. */
describe('securities functions', () => {
  it.each([
    ['=COUPDAYBS(DATE(2011,1,25),DATE(2011,11,15),2,1)', 71, 0],
    ['=COUPDAYS(DATE(2011,1,25),DATE(2011,11,15),2,1)', 181, 0],
    ['=COUPDAYSNC(DATE(2011,1,25),DATE(2011,11,15),2,1)', 110, 0],
    ['=COUPNCD(DATE(2011,1,25),DATE(2011,11,15),2,1)', 40678, 0],
    ['=COUPNUM(DATE(2007,1,25),DATE(2008,11,15),2,1)', 4, 0],
    ['=COUPPCD(DATE(2011,1,25),DATE(2011,11,15),2,1)', 40497, 0],
    ['=ACCRINT(DATE(2008,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0)', 16.666667, 6],
    ['=ACCRINT(DATE(2008,3,5),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,FALSE)', 15.555556, 6],
    ['=ACCRINT(DATE(2008,4,5),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,TRUE)', 7.2222222, 6],
    ['=ACCRINTM(DATE(2008,4,1),DATE(2008,6,15),0.1,1000,3)', 20.54794521, 8],
    ['=INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,2)', 0.05768, 5],
    ['=RECEIVED(DATE(2008,2,15),DATE(2008,5,15),1000000,0.0575,2)', 1014584.654, 3],
    ['=PRICEDISC(DATE(2008,2,16),DATE(2008,3,1),0.0525,100,2)', 99.79583333, 8],
    ['=YIELDDISC(DATE(2008,2,16),DATE(2008,3,1),99.795,100,2)', 0.052823, 6],
    ['=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),0.061,0.061,0)', 99.98449888, 8],
    ['=YIELDMAT(DATE(2008,3,15),DATE(2008,11,3),DATE(2007,11,8),0.0625,100.0123,0)', 0.060954, 6],
    ['=PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,0)', 94.63436162, 8],
    ['=YIELD(DATE(2008,2,15),DATE(2016,11,15),0.0575,95.04287,100,2,0)', 0.065, 6],
    ['=DURATION(DATE(2018,7,1),DATE(2048,1,1),0.08,0.09,2,1)', 10.9191453, 7],
    ['=MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,0.09,2,1)', 5.73567, 5],
    ['=DISC(DATE(2018,7,1),DATE(2048,1,1),97.975,100,1)', 0.000686, 6],
  ])('%s is %d', (formula, expected, digits) => {
    expect(evaluate(formula)).toBeCloseTo(expected, digits)
  })

  it('refuse settlement on or after maturity, odd frequencies and bases', () => {
    expect(evaluate('=COUPNUM(DATE(2011,1,25),DATE(2011,1,25),2)')).toEqual(err('#NUM!'))
    expect(evaluate('=COUPNUM(DATE(2011,1,25),DATE(2012,1,25),3)')).toEqual(err('#NUM!'))
    expect(evaluate('=COUPNUM(DATE(2011,1,25),DATE(2012,1,25),2,5)')).toEqual(err('#NUM!'))
    expect(evaluate('=PRICE(DATE(2008,2,15),DATE(2017,11,15),-1,0.065,100,2)')).toEqual(
      err('#NUM!'),
    )
  })

  it('prices one remaining coupon with simple interest, and YIELD inverts it', () => {
    const yld = evaluate('=YIELD(DATE(2008,2,15),DATE(2008,11,15),0.0575,99,100,2,0)') as number
    const back = evaluate(
      `=PRICE(DATE(2008,2,15),DATE(2008,11,15),0.0575,${yld},100,2,0)`,
    ) as number
    expect(back).toBeCloseTo(99, 9)
  })

  it('follows the end-of-month rule for coupon dates', () => {
    expect(evaluate('=COUPPCD(DATE(2011,3,1),DATE(2011,8,31),2)')).toBe(40602)
    expect(evaluate('=COUPNCD(DATE(2011,3,1),DATE(2011,8,31),4)')).toBe(40694)
  })
})
