import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('REGEXTEST, REGEXEXTRACT, REGEXREPLACE', () => {
  it.each([
    ['=REGEXTEST("(378) 555-4195","\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}")', true],
    ['=REGEXTEST("alpine","^A")', false],
    ['=REGEXTEST("alpine","^A",1)', true],
    ['=REGEXTEST("x","(")', err('#VALUE!')],
    ['=REGEXEXTRACT("DylanWilliams","[A-Z][a-z]+")', 'Dylan'],
    ['=REGEXEXTRACT("abc","[0-9]+")', err('#N/A')],
    ['=REGEXEXTRACT("a1b"&"22","[0-9]+",1)', err('#VALUE!')],
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
