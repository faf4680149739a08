import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('bonds with an odd first or last period', () => {
  /** Microsoft Support's examples, to the digits the documentation shows. */
  it.each([
    [
      '=ODDFPRICE(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0785,0.0625,100,2,1)',
      113.597717474079,
    ],
    [
      '=ODDFYIELD(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0575,84.5,100,2,0)',
      0.0772455415972989,
    ],
    [
      '=ODDLPRICE(DATE(2008,2,7),DATE(2008,6,15),DATE(2007,10,15),0.0375,0.0405,100,2,0)',
      99.8782860147213,
    ],
    [
      '=ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,99.875,100,2,0)',
      0.0451922356291692,
    ],
  ])('Microsoft: %s is %d', (formula, expected) => {
    // Excel solves ODDFYIELD iteratively and stops within about 1e-12 of the root.
    expect(evaluate(formula)).toBeCloseTo(expected, 11)
  })

  /**
   * Excel's results for other frequencies and bases, as the test suite of ExcelFinancialFunctions
   * (a .NET port of Excel's financial functions, checked against Excel) records them; dates as
   * serials (39763 is 11 Nov 2008).
   */
  it.each([
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,4,0)', 113.650687054409],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,4,1)', 113.650021611091],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,4,2)', 113.650277739118],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,4,3)', 113.649958352793],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,4,4)', 113.650687054409],
    ['=ODDFPRICE(39763,44256,39736,39873,0,0.0625,100,1,0)', 47.4250482962375],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0,100,1,0)', 196.598611111111],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,1,0)', 113.498148746163],
    ['=ODDFPRICE(39763,44256,39736,39873,0.0785,0.0625,100,1,3)', 113.494585545507],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,2,3)', 0.0772500780535923],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,4,0)', 0.077097558315507],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,4,1)', 0.0770979399217127],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,4,2)', 0.0770970390819706],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,4,3)', 0.07709816193298],
    ['=ODDFYIELD(39763,44256,39736,39873,0.0575,84.5,100,4,4)', 0.077097558315507],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,4,0)', 99.8782860147213],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,4,1)', 99.8785673299155],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,4,2)', 99.8785673299155],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,4,3)', 99.8785673299155],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,4,4)', 99.8782860147213],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,2,1)', 99.8791676815291],
    ['=ODDLPRICE(39485,39614,39370,0.0375,0.0405,100,2,3)', 99.8791676815291],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,4,0)', 0.0451922356291692],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,4,1)', 0.0452224303408101],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,4,2)', 0.0452224303408101],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,4,3)', 0.0452224303408101],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,4,4)', 0.0451922356291692],
    ['=ODDLYIELD(39558,39614,39440,0.0375,99.875,100,2,1)', 0.045179885491872],
  ])('Excel: %s is %d', (formula, expected) => {
    expect(evaluate(formula)).toBeCloseTo(expected, 10)
  })

  /**
   * Long odd first periods (the first coupon more than a period after issue) and the default
   * basis, as excelize's tests (qax-os/excelize calc_test.go) record Excel's results.
   */
  it.each([
    [
      '=ODDFPRICE(DATE(2008,11,11),DATE(2021,3,29),DATE(2008,8,15),DATE(2009,3,29),0.0785,0.0625,100,2,1)',
      113.61826640814,
    ],
    [
      '=ODDFPRICE(DATE(2017,2,1),DATE(2021,3,31),DATE(2016,12,1),DATE(2017,3,31),0.055,0.035,100,2)',
      107.691830256629,
    ],
    [
      '=ODDFYIELD(DATE(2017,5,1),DATE(2021,6,30),DATE(2017,3,15),DATE(2017,6,30),0.055,102,100,1)',
      0.0495998049937776,
    ],
    [
      '=ODDFYIELD(DATE(2017,5,1),DATE(2021,6,30),DATE(2017,3,15),DATE(2017,6,30),0.055,102,100,2)',
      0.0496289417392839,
    ],
    [
      '=ODDLPRICE(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,99.875,100,2)',
      5.0517841252892,
    ],
  ])('Excel: %s is %d', (formula, expected) => {
    expect(evaluate(formula)).toBeCloseTo(expected, 11)
  })

  it('refuse dates out of order, negative rates and yields, and bad frequencies or bases', () => {
    const f = (settle: string, rate = '0.0785', yld = '0.0625', freq = '2', basis = '1') =>
      evaluate(
        `=ODDFPRICE(${settle},DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),${rate},${yld},100,${freq},${basis})`,
      )
    expect(f('DATE(2008,10,1)')).toEqual(err('#NUM!')) // settlement before issue
    expect(f('DATE(2009,3,1)')).toEqual(err('#NUM!')) // settlement on the first coupon
    expect(f('DATE(2008,11,11)', '-0.01')).toEqual(err('#NUM!'))
    expect(f('DATE(2008,11,11)', '0.0785', '-0.01')).toEqual(err('#NUM!'))
    expect(f('DATE(2008,11,11)', '0.0785', '0.0625', '3')).toEqual(err('#NUM!'))
    expect(f('DATE(2008,11,11)', '0.0785', '0.0625', '2', '5')).toEqual(err('#NUM!'))
    expect(
      evaluate('=ODDLPRICE(DATE(2007,10,1),DATE(2008,6,15),DATE(2007,10,15),0.0375,0.0405,100,2)'),
    ).toEqual(err('#NUM!'))
    expect(
      evaluate('=ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,0,100,2)'),
    ).toEqual(err('#NUM!'))
    expect(
      evaluate(
        '=ODDFYIELD(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0575,-1,100,2)',
      ),
    ).toEqual(err('#NUM!'))
  })

  it('ODDFYIELD inverts ODDFPRICE', () => {
    const price = evaluate(
      '=ODDFPRICE(DATE(2017,2,1),DATE(2021,3,31),DATE(2016,12,1),DATE(2017,9,30),0.055,0.035,100,4,0)',
    ) as number
    expect(
      evaluate(
        `=ODDFYIELD(DATE(2017,2,1),DATE(2021,3,31),DATE(2016,12,1),DATE(2017,9,30),0.055,${price},100,4,0)`,
      ),
    ).toBeCloseTo(0.035, 10)
  })
})
