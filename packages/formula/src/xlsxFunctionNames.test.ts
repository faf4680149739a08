import { describe, expect, it } from 'vitest'
import { toXlsxFormula } from './xlsxFunctionNames.js'

describe('toXlsxFormula', () => {
  it('prefixes functions newer than the 2007 file format, as Excel saves them', () => {
    expect(toXlsxFormula('XLOOKUP(A1,B:B,C:C)+IFS(A1>1,1,TRUE,2)')).toBe(
      '_xlfn.XLOOKUP(A1,B:B,C:C)+_xlfn.IFS(A1>1,1,TRUE,2)',
    )
    expect(toXlsxFormula('sort(filter(A1:A9,A1:A9>0),,-1)')).toBe(
      '_xlfn._xlws.sort(_xlfn._xlws.filter(A1:A9,A1:A9>0),,-1)',
    )
    expect(toXlsxFormula('STDEV.S(A1:A3)*CONCAT("a","b")')).toBe(
      '_xlfn.STDEV.S(A1:A3)*_xlfn.CONCAT("a","b")',
    )
  })

  it('leaves 2007 functions, string literals, names and sheet references alone', () => {
    for (const body of [
      'SUM(A1:A3)+VLOOKUP(1,B:C,2,FALSE)',
      '"XLOOKUP(" & IFERROR(A1,0)',
      'Sheet2!A1+MyName',
      'NETWORKDAYS.INTL(A1,B1)+ISO.CEILING(2)',
    ]) {
      expect(toXlsxFormula(body)).toBe(body)
    }
  })

  it('writes the names LET and LAMBDA bind as _xlpm.name, only inside their call', () => {
    expect(toXlsxFormula('LET(x,A1,y,x*2,x+y)+x')).toBe(
      '_xlfn.LET(_xlpm.x,A1,_xlpm.y,_xlpm.x*2,_xlpm.x+_xlpm.y)+x',
    )
    expect(toXlsxFormula('MAP(A1:A3,LAMBDA(v,v*2))')).toBe(
      '_xlfn.MAP(A1:A3,_xlfn.LAMBDA(_xlpm.v,_xlpm.v*2))',
    )
    // A LET value that is a plain name is not a binding.
    expect(toXlsxFormula('LET(x,Rate,x*2)')).toBe('_xlfn.LET(_xlpm.x,Rate,_xlpm.x*2)')
  })

  // Excel 365 saves the implicit intersection operator as a function: `=@A1:A10` is
  // `_xlfn.SINGLE(A1:A10)` in the file (Microsoft, "Implicit intersection operator: @").
  it('writes @ as _xlfn.SINGLE around its operand', () => {
    expect(toXlsxFormula('@A1:A10')).toBe('_xlfn.SINGLE(A1:A10)')
    expect(toXlsxFormula('@INDEX(A:B,0,2)*2+@(B1:B3)')).toBe(
      '_xlfn.SINGLE(INDEX(A:B,0,2))*2+_xlfn.SINGLE((B1:B3))',
    )
    expect(toXlsxFormula('SUM(@Sheet2!A1:A4,Table1[@Qty])')).toBe(
      'SUM(_xlfn.SINGLE(Sheet2!A1:A4),Table1[@Qty])',
    )
    expect(toXlsxFormula('@XLOOKUP(1,A:A,B:B)')).toBe('_xlfn.SINGLE(_xlfn.XLOOKUP(1,A:A,B:B))')
  })

  // Excel saves a function's bare name given as a LAMBDA (an eta-reduced LAMBDA) as `_xleta.`.
  it('writes an eta-reduced LAMBDA as _xleta.NAME, only where a LAMBDA is taken', () => {
    expect(toXlsxFormula('PIVOTBY(A2:A9,B2:B9,C2:C9,SUM,0,1)')).toBe(
      '_xlfn.PIVOTBY(A2:A9,B2:B9,C2:C9,_xleta.SUM,0,1)',
    )
    expect(toXlsxFormula('GROUPBY(A2:A9,C2:C9, PERCENTOF)+BYROW(A1:C3,max)')).toBe(
      '_xlfn.GROUPBY(A2:A9,C2:C9, _xleta.PERCENTOF)+_xlfn.BYROW(A1:C3,_xleta.max)',
    )
    // A defined name holding a LAMBDA, or SUM in another argument, is left alone.
    expect(toXlsxFormula('BYROW(A1:C3,MyFn)+MAP(SUM,LAMBDA(v,v))')).toBe(
      '_xlfn.BYROW(A1:C3,MyFn)+_xlfn.MAP(SUM,_xlfn.LAMBDA(_xlpm.v,_xlpm.v))',
    )
  })

  it('does not prefix twice', () => {
    expect(toXlsxFormula('_xlfn.XLOOKUP(1,A:A,B:B)')).toBe('_xlfn.XLOOKUP(1,A:A,B:B)')
  })
})
