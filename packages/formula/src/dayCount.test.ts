import { describe, expect, it } from 'vitest'
import { dateToSerial } from './dateSerial.js'
import { days360, yearFrac } from './dayCount.js'

const d = (y: number, m: number, day: number) => dateToSerial(y, m, day) as number

describe('day counts', () => {
  it('YEARFRAC per basis (Microsoft Support example)', () => {
    expect(yearFrac(d(2012, 1, 1), d(2012, 7, 30), 0)).toBeCloseTo(0.58055556, 8)
    expect(yearFrac(d(2012, 1, 1), d(2012, 7, 30), 1)).toBeCloseTo(0.57650273, 8)
    expect(yearFrac(d(2012, 1, 1), d(2012, 7, 30), 3)).toBeCloseTo(0.57808219, 8)
  })

  it('30/360 US moves month ends to the 30th, European caps at 30', () => {
    expect(days360(d(2011, 1, 31), d(2011, 3, 31), true)).toBe(60)
    // The securities' NASD rule keeps an end on the 31st after a February start.
    expect(days360(d(2011, 2, 28), d(2011, 3, 31), true)).toBe(31)
    expect(days360(d(2011, 1, 15), d(2011, 3, 31), true)).toBe(76)
    expect(days360(d(2011, 1, 15), d(2011, 3, 31), false)).toBe(75)
  })
})
