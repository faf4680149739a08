import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('REGEXTEST, REGEXEXTRACT, REGEXREPLACE', () => {
  it.each([
    ['=REGEXTEST("(378) 555-4195","\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}")', true],
    ['=REGEXTEST("alpine","^A")', false],
    ['=REGEXTEST("alpine","^A",1)', true],
    ['=REGEXTEST("x","(")', err('#VALUE!')],
    ['=REGEXEXTRACT("DylanWilliams","[A-Z][a-z]+")', 'Dylan'],
    ['=REGEXEXTRACT("abc","[0-9]+")', err('#N/A')],
    ['=REGEXEXTRACT("a1b22","[0-9]+",1)', '1'],
    ['=REGEXREPLACE("Sonia Rees (378) 555-4195","[0-9]{3}-","***-")', 'Sonia Rees (378) ***-4195'],
    ['=REGEXREPLACE("Sonia Rees","([A-Z][a-z]+) ([A-Z][a-z]+)","$2, $1")', 'Rees, Sonia'],
    ['=REGEXREPLACE("a1b2c3","[0-9]","#",2)', 'a1b#c3'],
    ['=REGEXREPLACE("a1b2c3","[0-9]","#",-1)', 'a1b2c#'],
    ['=REGEXREPLACE("aAa","a","x",0,1)', 'xxx'],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula)).toEqual(expected)
  })
})

describe('REGEXEXTRACT spills', () => {
  it('every match, whether the text is typed in the formula or computed (size measured)', () => {
    expect(evaluateArea('=REGEXEXTRACT("a1b22","[0-9]+",1)', [], 1, 3)).toEqual([['1', '22', null]])
    expect(evaluateArea('=REGEXEXTRACT("a1b"&"22","[0-9]+",1)', [], 1, 3)).toEqual([
      ['1', '22', null],
    ])
    expect(evaluateArea('=REGEXEXTRACT(A1,"[0-9]+",1)', [['x7y8z9']], 1, 4)).toEqual([
      ['7', '8', '9', null],
    ])
  })
})

describe('regular expressions run in linear time (RE2)', () => {
  it.each([
    // Exponential for a backtracking engine: 2.7 s at 28 characters, hours at 40.
    ['=REGEXTEST(REPT("a",5000)&"!","^(a+)+$")', false],
    ['=REGEXTEST(REPT("a",5000),"^(a+)+$")', true],
    ['=REGEXREPLACE(REPT("a",5000)&"!","(a|aa)+$","x")', `${'a'.repeat(5000)}!`],
    ['=REGEXREPLACE(REPT("a",5000)&"!","(a|aa)+!$","x")', 'x'],
    ['=REGEXTEST("ABC","(?i)abc")', true],
    ['=REGEXTEST("xb","(?<=x)b")', true],
    ['=REGEXEXTRACT("Sonia Rees","(?<first>[A-Z][a-z]+) (?<last>[A-Z][a-z]+)",2)', 'Sonia'],
    [
      '=REGEXREPLACE("Sonia Rees","(?<first>[A-Z][a-z]+) (?<last>[A-Z][a-z]+)","${last}, $<first> ($0) $$")',
      'Rees, Sonia (Sonia Rees) $',
    ],
    ['=REGEXREPLACE("abc","x*","-")', '-a-b-c-'],
    ['=REGEXREPLACE("a1b2c3","[0-9]","#",-3)', 'a#b2c3'],
    ['=REGEXREPLACE("a1b2c3","[0-9]","#",-4)', 'a1b2c3'],
    ['=REGEXREPLACE("a1b2c3","[0-9]","#",4)', 'a1b2c3'],
    ['=REGEXREPLACE("ab","(a)(b)","$21")', 'b1'],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula)).toEqual(expected)
  })

  it.each([
    ['=REGEXTEST("ab","a(?=b)")', '(?='],
    ['=REGEXTEST("aa","(a)\\1")', '\\1'],
    ['=REGEXTEST("aa","a++")', '++'],
  ])('%s is #VALUE! and says why', (formula, construct) => {
    const value = evaluate(formula) as { error: string; message: string }
    expect(value.error).toBe('#VALUE!')
    expect(value.message).toContain(construct)
    expect(value.message).toContain('lookaheads and backreferences are not supported')
  })
})
