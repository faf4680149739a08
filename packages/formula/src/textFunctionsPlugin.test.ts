import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })
const HOOD = [["Little Red Riding Hood's red hood"]]

describe('TEXTBEFORE and TEXTAFTER (Microsoft Support examples)', () => {
  it.each([
    ['=TEXTBEFORE(A1,"Red")', 'Little '],
    ['=TEXTBEFORE(A1,"basket")', err('#N/A')],
    ['=TEXTBEFORE(A1,"Red",,FALSE)', 'Little '],
    ['=TEXTBEFORE(A1,"red",1,1)', 'Little '],
    ['=TEXTBEFORE(A1,"red",2,1)', "Little Red Riding Hood's "],
    ['=TEXTBEFORE(A1,"red",-2,1)', 'Little '],
    ['=TEXTBEFORE(A1,"red",2)', err('#N/A')],
    ['=TEXTAFTER(A1,"Red")', " Riding Hood's red hood"],
    ['=TEXTAFTER(A1,"basket")', err('#N/A')],
    ['=TEXTAFTER(A1,"Red",,FALSE)', " Riding Hood's red hood"],
    ['=TEXTAFTER(A1,"red",2,1)', ' hood'],
    ['=TEXTAFTER(A1,"red",-2,1)', " Riding Hood's red hood"],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, HOOD)).toEqual(expected)
  })

  it.each([
    ['=TEXTBEFORE("a-b_c",{"_","-"})', 'a'],
    ['=TEXTAFTER("a-b_c",{"_","-"},-1)', 'c'],
    ['=TEXTBEFORE("abc","x",1,0,1)', 'abc'],
    ['=TEXTAFTER("abc","x",1,0,1)', ''],
    ['=TEXTAFTER("abc","x",,,,"none")', 'none'],
    ['=TEXTBEFORE("abc","")', ''],
    ['=TEXTAFTER("abc","")', 'abc'],
    ['=TEXTBEFORE("abc","b",0)', err('#VALUE!')],
    ['=TEXTBEFORE("abc","b",5)', err('#VALUE!')],
    ['=TEXTBEFORE(1234.5,".")', '1234'],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula)).toEqual(expected)
  })
})

describe('VALUETOTEXT and ARRAYTOTEXT (Microsoft Support examples)', () => {
  const DATA = [
    ['TRUE', '#VALUE!'],
    ['1234.01234', 'Seattle'],
    ['Hello', '$1,123.00'],
  ]
  it.each([
    ['=VALUETOTEXT(A1)', 'TRUE'],
    ['=VALUETOTEXT(B1)', '#VALUE!'],
    ['=VALUETOTEXT(A2)', '1234.01234'],
    ['=VALUETOTEXT(B2,1)', '"Seattle"'],
    ['=VALUETOTEXT(B3)', '1123'],
    ['=VALUETOTEXT(1/3)', '0.333333333333333'],
    ['=ARRAYTOTEXT(A1:B3)', 'TRUE, #VALUE!, 1234.01234, Seattle, Hello, 1123'],
    ['=ARRAYTOTEXT(A1:B3,1)', '{TRUE,#VALUE!;1234.01234,"Seattle";"Hello",1123}'],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, DATA)).toBe(expected)
  })

  it('CONCAT writes numbers with 15 significant digits, as Excel does', () => {
    expect(evaluate('=CONCAT(1/3)')).toBe('0.333333333333333')
    expect(evaluate('=CONCAT(123456789012345678)')).toBe('1.23456789012346E+17')
  })
})

describe('NUMBERVALUE and ENCODEURL (Microsoft Support examples)', () => {
  it.each([
    ['=NUMBERVALUE("2.500,27",",",".")', 2500.27],
    ['=NUMBERVALUE("3.5%")', 0.035],
    ['=NUMBERVALUE(" 1 234.5 ")', 1234.5],
    ['=NUMBERVALUE("")', 0],
    ['=NUMBERVALUE("1.2.3")', err('#VALUE!')],
    ['=NUMBERVALUE("1.5,3")', err('#VALUE!')],
    [
      '=ENCODEURL("http://contoso.sharepoint.com/teams/Finance/Documents/April Reports/Profit and Loss Statement.xlsx")',
      'http%3A%2F%2Fcontoso.sharepoint.com%2Fteams%2FFinance%2FDocuments%2FApril%20Reports%2FProfit%20and%20Loss%20Statement.xlsx',
    ],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula)).toEqual(expected)
  })
})
