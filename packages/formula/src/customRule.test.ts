import { describe, expect, it } from 'vitest'
import { customRuleFormula, customRulePasses } from './customRule.js'
import { Replica } from './__tests__/workbookTestBed.js'

describe('custom validation rules', () => {
  it('shift relative references per cell and read the typed value for the cell itself', () => {
    const origin = { row: 1, col: 1 } // B2
    expect(customRuleFormula('=B2>C2', origin, { row: 1, col: 1 }, '5')).toBe('=5>C2')
    expect(customRuleFormula('=B2>C2', origin, { row: 4, col: 1 }, '5')).toBe('=5>C5')
    expect(customRuleFormula('=$B$2<B2', origin, { row: 2, col: 1 }, 'x')).toBe('=$B$2<"x"')
    expect(customRuleFormula('=COUNTIF($B:$B,B2)<2', origin, { row: 3, col: 1 }, 'a"b')).toBe(
      '=COUNTIF($B:$B,"a""b")<2',
    )
    expect(customRuleFormula('=ISLOGICAL(B2)', origin, { row: 1, col: 1 }, 'true')).toBe(
      '=ISLOGICAL(TRUE)',
    )
  })

  it('evaluate against the workbook: TRUE or a non-zero number passes', () => {
    const book = Replica.create()
    book.type('C5', '10')
    const check = (input: string): boolean =>
      customRulePasses(
        book.engine.calculate(
          'sheet-1',
          customRuleFormula('=B2<C2', { row: 1, col: 1 }, { row: 4, col: 1 }, input),
        ),
      )
    expect(check('9')).toBe(true)
    expect(check('11')).toBe(false)
    expect(check('text')).toBe(false) // text sorts after numbers: "text" < 10 is FALSE
    expect(customRulePasses(book.engine.calculate('sheet-1', '=NOPE('))).toBe(false)
    expect(customRulePasses(1)).toBe(true)
    expect(customRulePasses(0)).toBe(false)
  })
})
