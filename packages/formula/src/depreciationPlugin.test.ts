import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('depreciation (AMORLINC, AMORDEGRC, VDB)', () => {
  it("gives Microsoft's worked examples", () => {
    // Microsoft Support, "AMORLINC function" and "AMORDEGRC function": cost 2400 bought
    // 2008-08-19, first period ending 2008-12-31, salvage 300, period 1, rate 15 %, basis 1.
    expect(evaluate('=AMORLINC(2400,39679,39813,300,1,0.15,1)')).toBe(360)
    expect(evaluate('=AMORDEGRC(2400,39679,39813,300,1,0.15,1)')).toBe(776)
  })

  it('prorates the first period and puts the remainder in the last one (AMORLINC)', () => {
    // 2400 × 15 % = 360 a year; the first period is 134/366 of a year: 131.80…
    const first = evaluate('=AMORLINC(2400,39679,39813,300,0,0.15,1)') as number
    expect(first).toBeCloseTo((2400 * 0.15 * 134) / 366, 9)
    // 2100 to depreciate: 131.80 + 5 × 360 = 1931.80, so period 6 takes the last 168.20.
    expect(evaluate('=AMORLINC(2400,39679,39813,300,5,0.15,1)')).toBe(360)
    expect(evaluate('=AMORLINC(2400,39679,39813,300,6,0.15,1)')).toBeCloseTo(2100 - 1800 - first, 9)
    expect(evaluate('=AMORLINC(2400,39679,39813,300,7,0.15,1)')).toBe(0)
  })

  it('uses the coefficient for the life 1/rate and rounds every period to a whole number', () => {
    // Life 5 years: coefficient 2, rate 40 %; European 30/360, first period 269/360 of a year:
    // 44.83 -> 45, then 40 % of 105 = 42, then 40 % of 63 = 25.2 -> 25.
    expect(evaluate('=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,0,0.2,4)')).toBe(45)
    expect(evaluate('=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,1,0.2,4)')).toBe(42)
    expect(evaluate('=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,2,0.2,4)')).toBe(25)
    // Life 6.7 years: coefficient 2.5; 40.5 rounds half away from zero to 41.
    expect(evaluate('=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,3,0.15,4)')).toBe(16)
    // Life 3.3 years: coefficient 1.5 (10000 × 45 % × 305/366 = 3750, 45 % of 6250 = 2812.5).
    expect(evaluate('=AMORDEGRC(10000,DATE(2012,3,1),DATE(2012,12,31),1500,1,0.3,1)')).toBe(2813)
  })

  it('takes half of what is left when the salvage is reached, nothing after', () => {
    // 150 at 40 % from 2011-01-01 (basis 4): 45, 42, 25, 15 leave 23 over a salvage of 20;
    // 40 % of 23 would go below it, so period 4 takes half of 23 (11.5 -> 12).
    const at = (p: number) =>
      evaluate(`=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,${p},0.2,4)`)
    expect(at(3)).toBe(15)
    expect(at(4)).toBe(12)
    expect(at(5)).toBe(0)
    expect(evaluate('=AMORDEGRC(500,DATE(2012,3,1),DATE(2012,12,31),500,3,0.3,1)')).toBe(0)
  })

  it('refuses what Excel refuses', () => {
    const bad = [
      '=AMORLINC(-1,39679,39813,300,1,0.15,1)',
      '=AMORLINC(2400,39813,39679,300,1,0.15,1)',
      '=AMORLINC(2400,39679,39813,3000,1,0.15,1)',
      '=AMORLINC(2400,39679,39813,300,-1,0.15,1)',
      '=AMORLINC(2400,39679,39813,300,1,0,1)',
      '=AMORDEGRC(2400,39679,39813,300,1,0.15,2)',
      '=AMORDEGRC(2400,39679,39813,300,1,0.15,5)',
    ]
    for (const f of bad) expect(evaluate(f), f).toEqual(err('#NUM!'))
    expect(evaluate('=AMORDEGRC("x",39679,39813,300,1,0.15,1)')).toEqual(err('#VALUE!'))
  })

  // Microsoft Support, "VDB function": cost 2400, salvage 300, life 10 years.
  it.each([
    ['=VDB(2400,300,10*365,0,1)', 1.32],
    ['=VDB(2400,300,10*12,0,1)', 40],
    ['=VDB(2400,300,10,0,1)', 480],
    ['=VDB(2400,300,10*12,6,18)', 396.31],
    ['=VDB(2400,300,10*12,6,18,1.5)', 311.81],
    ['=VDB(2400,300,10,0,0.875,1.5)', 315],
  ])("VDB gives Microsoft's example %s = %d", (formula, expected) => {
    expect(evaluate(formula)).toBeCloseTo(expected, 2)
  })

  it('VDB switches to straight line unless told not to, and refuses bad periods', () => {
    // With no salvage, the switch depreciates all of it over the life; declining balance
    // alone leaves 0.8^10 of the cost.
    expect(evaluate('=VDB(2400,0,10,0,10)')).toBeCloseTo(2400, 9)
    expect(evaluate('=VDB(2400,0,10,0,10,2,TRUE)')).toBeCloseTo(2400 * (1 - 0.8 ** 10), 9)
    expect(evaluate('=VDB(2400,300,10,5,4)')).toEqual(err('#NUM!'))
    expect(evaluate('=VDB(2400,300,10,0,11)')).toEqual(err('#NUM!'))
  })
})
