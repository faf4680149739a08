import { describe, expect, it } from 'vitest'
import { shiftFormula } from './shiftFormula.js'
import { toStoredFormula } from './anchoredFormula.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** Formulas that stand in no cell: a conditional format's custom rule, evaluated per cell. */
describe('evaluateFormula', () => {
  it('evaluates a formula on a sheet, its relative references shifted per cell', () => {
    const book = Replica.create()
    book.type('A1', '5')
    book.type('A2', '20')
    book.type('B1', '10')
    const sheetId = book.sheetId('Sheet1')
    const ctx = book.context(sheetId)
    // Written for A1 (the rule's top-left cell); asked about A1 and A2.
    const at = (dRows: number) =>
      book.engine.evaluateFormula(sheetId, toStoredFormula(shiftFormula('=A1>$B$1', dRows, 0), ctx))
    expect(at(0)).toBe(false)
    expect(at(1)).toBe(true)
    expect(book.engine.evaluateFormula(sheetId, '=SUM(')).toMatchObject({ error: '#ERROR!' })
    expect(book.engine.evaluateFormula('nope', '=1')).toMatchObject({ error: '#REF!' })
    expect(book.errors).toEqual([])
  })
})
