import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('CONVERT, GESTEP, ERF.PRECISE (Microsoft Support examples)', () => {
  it.each([
    ['=CONVERT(1,"lbm","kg")', 0.45359237],
    ['=CONVERT(68,"F","C")', 20],
    ['=CONVERT(2.5,"ft","sec")', err('#N/A')],
    ['=CONVERT(CONVERT(100,"ft","m"),"ft","m")', 9.290304],
    ['=GESTEP(5,4)', 1],
    ['=GESTEP(5,5)', 1],
    ['=GESTEP(-4,-5)', 1],
    ['=GESTEP(-1)', 0],
    ['=ERF.PRECISE(0.745)', 0.70792892],
    ['=ERF.PRECISE(1)', 0.84270079],
    ['=ERFC.PRECISE(1)', 0.15729921],
    ['=_xlfn.ERF.PRECISE(1)', 0.84270079],
  ])('%s', (formula, expected) => {
    const actual = evaluate(formula)
    if (typeof expected === 'number') expect(actual).toBeCloseTo(expected, 8)
    else expect(actual).toEqual(expected)
  })
})
