import { describe, expect, it } from 'vitest'
import { withImplicitIntersection as legacy } from './legacyFormula.js'

// Microsoft Support, "Implicit intersection operator: @": a formula from an older workbook
// that would return a range in one cell is shown with @ where older Excel intersected
// ("=@A1:A10"), INDEX and OFFSET that can give several cells as "=@INDEX(…)"; a function that
// takes a range (SUM) keeps it whole.
describe('withImplicitIntersection', () => {
  it('marks a range that is the formula’s value', () => {
    expect(legacy('A1:A10')).toBe('@A1:A10')
    expect(legacy("'My sheet'!B:B")).toBe("@'My sheet'!B:B")
    expect(legacy('A1')).toBe('A1')
  })

  it('marks the operands of an operator, also inside a function taking ranges', () => {
    expect(legacy('A1:A10*2')).toBe('@A1:A10*2')
    expect(legacy('-A1:A3')).toBe('-@A1:A3')
    expect(legacy('SUM(A1:A3*B1:B3)')).toBe('SUM(@A1:A3*@B1:B3)')
    expect(legacy('(A1:A3)+1')).toBe('(@A1:A3)+1')
  })

  it('marks a range given where a value is taken', () => {
    expect(legacy('VLOOKUP(A:A,C:D,2,FALSE)')).toBe('VLOOKUP(@A:A,C:D,2,FALSE)')
    expect(legacy('COUNTIF(A:A,B:B)')).toBe('COUNTIF(A:A,@B:B)')
    expect(legacy('ABS(A1:A3)')).toBe('ABS(@A1:A3)')
    expect(legacy('IF(A1:A3>0,B1:B3,0)')).toBe('IF(@A1:A3>0,@B1:B3,0)')
  })

  it('keeps ranges whole where a function takes a range or an array', () => {
    for (const body of [
      'SUM(A1:A10)',
      'SUMIFS(C:C,A:A,">1",B:B,"x")',
      'SUM(IF(TRUE,A1:A3))',
      'SUMPRODUCT((A1:A3>0)*B1:B3)',
      'LOOKUP(2,1/(A1:A9<>""),B1:B9)',
      'INDEX(A1:B9,MATCH(1,C1:C9,0),2)',
      'ROWS(A1:A9)+COUNTA(B:B)',
      'MYFUNCTION(A1:A3)',
    ]) {
      expect(legacy(body)).toBe(body)
    }
  })

  it('marks INDEX, OFFSET and INDIRECT where they give several cells as a value', () => {
    expect(legacy('INDEX(A1:B9,0,2)')).toBe('@INDEX(A1:B9,0,2)')
    expect(legacy('OFFSET(A1,0,0,3,1)*2')).toBe('@OFFSET(A1,0,0,3,1)*2')
    expect(legacy('INDIRECT("A1:A3")')).toBe('@INDIRECT("A1:A3")')
    expect(legacy('SUM(INDEX(A1:B9,0,2))')).toBe('SUM(INDEX(A1:B9,0,2))')
    expect(legacy('INDEX(A1:B9,3,2)')).toBe('INDEX(A1:B9,3,2)')
  })

  it('marks a defined name that is a range, as Excel 365 shows =@Price*@Qty', () => {
    const ranges = (name: string) => ['price', 'qty'].includes(name.toLowerCase())
    expect(legacy('Price*Qty+Rate', ranges)).toBe('@Price*@Qty+Rate')
    expect(legacy('SUM(Price)+Sheet2!Qty', ranges)).toBe('SUM(Price)+@Sheet2!Qty')
  })

  it('leaves a formula already holding @ as it is', () => {
    expect(legacy('@A1:A3+1')).toBe('@A1:A3+1')
  })
})
