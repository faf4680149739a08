import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('TEXT uses Excel number format codes', () => {
  it.each([
    ['=TEXT(DATE(2016,3,9),"dd\\ mmm\\ yyyy")', '09 Mar 2016'],
    ['=TEXT(12,"#,##0")', '12'],
    ['=TEXT(1234.5,"General")', '1234.5'],
    ['=TEXT(1234.567,"$#,##0.00")', '$1,234.57'],
    ['=TEXT(0.285,"0.0%")', '28.5%'],
    ['=TRIM(TEXT(0.34,"# ?/?"))', '1/3'],
    ['=TEXT(DATE(2026,1,31),"dddd")', 'Saturday'],
    ['=TEXT(0.75,"h:mm AM/PM")', '6:00 PM'],
    ['=TEXT("3/9/2016","mmmm d, yyyy")', 'March 9, 2016'],
    ['=TEXT("12","0.00")', '12.00'],
    ['=TEXT("abc","0.00")', 'abc'],
    ['=TEXT("abc","0;0;0;\\<@\\>")', '<abc>'],
    ['=TEXT("abc","0;0;0;""<""@"">""")', '<abc>'],
    ['=TEXT(5,"0"" units""")', '5 units'],
    ['=TEXT(TRUE,"0")', 'TRUE'],
    ['=TEXT(A1,"0.00")', '0.00'],
    ['=TEXT(-5,"0;(0)")', '(5)'],
  ])('%s is %s', (formula, text) => {
    expect(evaluate(formula)).toBe(text)
  })

  it('is #VALUE! for a date outside the calendar or a code Excel refuses', () => {
    expect(evaluate('=TEXT(-1,"yyyy")')).toEqual(err('#VALUE!'))
    expect(evaluate('=TEXT(1,"0;0;0;0;0")')).toEqual(err('#VALUE!'))
  })

  it('passes errors through', () => {
    expect(evaluate('=TEXT(1/0,"0")')).toEqual(err('#DIV/0!'))
  })
})

describe('DOLLAR and FIXED (Microsoft Support examples)', () => {
  it.each([
    ['=DOLLAR(1234.567,2)', '$1,234.57'],
    ['=DOLLAR(1234.567,-2)', '$1,200'],
    ['=DOLLAR(-1234.567,-2)', '($1,200)'],
    ['=DOLLAR(-0.123,4)', '($0.1230)'],
    ['=DOLLAR(99.888)', '$99.89'],
    ['=FIXED(1234.567,1)', '1,234.6'],
    ['=FIXED(1234.567,-1)', '1,230'],
    ['=FIXED(-1234.567,-1,TRUE)', '-1230'],
    ['=FIXED(44.332)', '44.33'],
    ['=FIXED(1.005,2)', '1.01'],
  ])('%s is %s', (formula, text) => {
    expect(evaluate(formula)).toBe(text)
  })

  it('refuse more than 127 decimals', () => {
    expect(evaluate('=FIXED(1,128)')).toEqual(err('#VALUE!'))
    expect(evaluate('=DOLLAR("x")')).toEqual(err('#VALUE!'))
  })
})
