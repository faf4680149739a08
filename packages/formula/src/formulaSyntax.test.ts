import { describe, expect, it } from 'vitest'
import { formulaSyntaxError, parseErrorMessage } from './formulaSyntax.js'

describe('formula shape check', () => {
  it('accepts formulas that read', () => {
    for (const ok of [
      '=SUM(A1:A3)',
      '=NOW()',
      '=IF(A1,,2)',
      '=-A1%+@B1',
      '=A1&" tart"',
      '=SUM(Sheet2!A1:B2, {1,2;3,4})',
      "='My sheet'!A1*Rate",
      '=Sales[Amount]',
      '=A1<>#N/A',
      '= 1 + 2 ',
      'plain text',
    ]) {
      expect(formulaSyntaxError(ok), ok).toBeNull()
    }
  })

  it('rejects formulas that do not', () => {
    for (const bad of [
      '=SU M(A1)',
      '=A1*',
      '=*2',
      '=()',
      '=SUM(A1,)+)',
      '=SUM(A1',
      '=1,000',
      '={1,}',
      '="open',
      '=A1 B1',
      '=SUM(1,*)',
      '=A1$',
    ]) {
      expect(formulaSyntaxError(bad), bad).not.toBeNull()
    }
  })

  it("says in words where HyperFormula's parser stopped, or only that it did", () => {
    expect(parseErrorMessage('Parsing error. Redundant input, expecting EOF but found: )')).toBe(
      'Formula parse error: “)” cannot be read here.',
    )
    expect(parseErrorMessage('Parsing error. Something new.')).toBe('Formula parse error.')
  })
})
