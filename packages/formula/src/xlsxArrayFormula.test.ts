import { describe, expect, it } from 'vitest'
import { appliesOperatorToRange, fittedArrayFormula, legacyArrayOf } from './xlsxArrayFormula.js'

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

describe('legacy array formulas in a file', () => {
  it('fits a {=…} over a range to it with ARRAYFIT', () => {
    expect(fittedArrayFormula('A1:A3*2', 2, 1)).toBe('ARRAYFIT(A1:A3*2,2,1)')
    expect(fittedArrayFormula('INDEX(B:B,MATCH(1,(A:A=1)*(C:C=2),0))', 1, 1)).toBe(
      'ARRAYFIT(INDEX(B:B,MATCH(1,(A:A=1)*(C:C=2),0)),1,1)',
    )
  })

  it('keeps a one-cell {=…} whose function always gives one value', () => {
    expect(fittedArrayFormula('SUM(A1:A3*B1:B3)', 1, 1)).toBe('SUM(A1:A3*B1:B3)')
    expect(fittedArrayFormula('SUM(A1:A3)*B1:B3', 1, 1)).toBe('ARRAYFIT(SUM(A1:A3)*B1:B3,1,1)')
  })

  it('reads ARRAYFIT back as the array formula and its size', () => {
    expect(legacyArrayOf('=ARRAYFIT(A1:A3*2, 2, 1)')).toEqual({ body: 'A1:A3*2', rows: 2, cols: 1 })
    expect(legacyArrayOf('ARRAYFIT(IF(A1:A3>0,"a,b",B1:B3),3,2)')).toEqual({
      body: 'IF(A1:A3>0,"a,b",B1:B3)',
      rows: 3,
      cols: 2,
    })
    expect(legacyArrayOf('ARRAYFIT(A1:A3,2,1)+1')).toBeNull()
    expect(legacyArrayOf('ARRAYFIT(A1:A3,B1,1)')).toBeNull()
    expect(legacyArrayOf('SUM(A1:A3)')).toBeNull()
  })
})
