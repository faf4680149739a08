import { describe, expect, it } from 'vitest'
import { appliesOperatorToRange } from './xlsxArrayFormula.js'

describe('formulas a legacy reader must evaluate as arrays', () => {
  it.each([
    ['=SUM(A1:A3*B1:B3)', true],
    ['=SUMPRODUCT((A1:A3>1)*1)', true],
    ['=MAX(-Sheet2!B:B)', true],
    ['=TEXTJOIN(",",TRUE,A1:A3&"x")', true],
    ['=SUM(A1:A3)*2', false],
    ['=A1*B1', false],
    ['=SUM(A1:A3)-SUM(B1:B3)', false],
    ['="A1:A3*2"', false],
  ])('%s: %s', (formula, expected) => {
    expect(appliesOperatorToRange(formula)).toBe(expected)
  })
})
