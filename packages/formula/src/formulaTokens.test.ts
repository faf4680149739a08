import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isFormula, tokenize, type Token } from './formulaTokens.js'

const types = (body: string, mode: 'a1' | 'stored' = 'a1') =>
  tokenize(body, mode).map((t) => `${t.type}:${t.text}`)

const refs = (body: string) =>
  tokenize(body, 'a1')
    .filter((t): t is Extract<Token, { type: 'ref' }> => t.type === 'ref')
    .map((t) => t.ref)

describe('formula tokenizer', () => {
  it('gives the input back exactly, whatever it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(
          tokenize(text, 'a1')
            .map((t) => t.text)
            .join(''),
        ).toBe(text)
        expect(
          tokenize(text, 'stored')
            .map((t) => t.text)
            .join(''),
        ).toBe(text)
      }),
      { numRuns: 500 },
    )
  })

  it('reads functions, operators, numbers with exponents, booleans and errors', () => {
    expect(types('SUM(A1:B3)*1E3+TRUE-#DIV/0!')).toEqual([
      'func:SUM',
      'paren:(',
      'ref:A1:B3',
      'paren:)',
      'op:*',
      'number:1E3',
      'op:+',
      'bool:TRUE',
      'op:-',
      'error:#DIV/0!',
    ])
    expect(types('a<>b<=.5')).toEqual(['name:a', 'op:<>', 'name:b', 'op:<=', 'number:.5'])
    expect(types('TRUE()')).toEqual(['func:TRUE', 'paren:(', 'paren:)'])
  })

  it('keeps string literals whole, with doubled quotes and anything that looks like a reference', () => {
    expect(types('"A1 ""B2"" Sheet2!C3"&A1')).toEqual([
      'string:"A1 ""B2"" Sheet2!C3"',
      'op:&',
      'ref:A1',
    ])
    expect(types('"unterminated A1')).toEqual(['string:"unterminated A1'])
  })

  it('reads cells, ranges, whole columns and rows, with $ markers', () => {
    expect(refs('$A$1')[0]).toEqual({
      sheet: null,
      area: {
        isRange: false,
        rows: { start: { at: 0, abs: true }, end: { at: 0, abs: true } },
        cols: { start: { at: 0, abs: true }, end: { at: 0, abs: true } },
      },
    })
    expect(refs('SUM($B:C)')[0]?.area).toEqual({
      isRange: true,
      cols: { start: { at: 1, abs: true }, end: { at: 2, abs: false } },
    })
    expect(refs('SUM(3:$5)')[0]?.area).toEqual({
      isRange: true,
      rows: { start: { at: 2, abs: false }, end: { at: 4, abs: true } },
    })
    expect(refs('XFD1048576')).toHaveLength(1)
  })

  it('reads sheet prefixes, quoted or not', () => {
    expect(refs("Sheet2!B4+'My ''best'' sheet'!A1:B2").map((r) => r.sheet)).toEqual([
      'Sheet2',
      "My 'best' sheet",
    ])
    expect(types("'Gone'!#REF!+1")).toEqual(["error:'Gone'!#REF!", 'op:+', 'number:1'])
  })

  it('does not take names for references', () => {
    expect(types('LOG10(100)')[0]).toBe('func:LOG10')
    expect(types('R1C1')).toEqual(['name:R1C1'])
    expect(types('XFE1')).toEqual(['name:XFE1'])
    expect(types('A1B')).toEqual(['name:A1B'])
    expect(types('_xlfn.XLOOKUP(1)')[0]).toBe('func:_xlfn.XLOOKUP')
    expect(types('A1048577')).toEqual(['name:A1048577'])
  })

  it('reads anchored references only in stored mode', () => {
    const stored = '{s:k3.9}!{r:$a.1,c:b.2}:{r:a.3,c:$b.4}+{c:b.2}:{c:b.3}+{r:a.1}:{r:a.2}'
    const tokens = tokenize(stored, 'stored')
    expect(tokens.map((t) => t.type)).toEqual(['anchored', 'op', 'anchored', 'op', 'anchored'])
    expect(tokens[0]).toMatchObject({
      ref: {
        sheetId: 'k3.9',
        area: {
          isRange: true,
          rows: { start: { at: 'a.1', abs: true }, end: { at: 'a.3', abs: false } },
          cols: { start: { at: 'b.2', abs: false }, end: { at: 'b.4', abs: true } },
        },
      },
    })
    expect(tokenize(stored, 'a1').some((t) => t.type === 'anchored')).toBe(false)
    // An array constant is not a reference.
    expect(types('{1,2;3,4}', 'stored')[0]).toBe('brace:{')
    // A lone row id is not a reference either.
    expect(types('{r:a.1}', 'stored')[0]).toBe('brace:{')
  })

  it('tells formulas from values', () => {
    expect(isFormula('=1')).toBe(true)
    expect(isFormula('=')).toBe(false)
    expect(isFormula('1=1')).toBe(false)
    expect(isFormula("'=1")).toBe(false)
  })
})
