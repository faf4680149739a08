import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, addSheet, initSheet, initWorkbook } from '@cellmate/model'
import { toDisplayFormula, toStoredFormula, workbookFormulaContext } from '@cellmate/formula'
import { shiftStoredFormula } from './formulaShift'

/** Sheet1 and Sheet2, each with its own row and column ids, and a formula context for each. */
function twoSheets() {
  const workbook = new Y.Doc()
  const first = initWorkbook(workbook, 'Book', 'sheet-1').id
  const second = addSheet(workbook, { id: 'sheet-2', name: 'Sheet2' }).id
  const layouts = new Map<string, SheetLayout>()
  for (const id of [first, second]) {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 20, cols: 8 })
    layouts.set(id, new SheetLayout(doc))
  }
  const ctx = (sheetId: string) =>
    workbookFormulaContext(workbook, sheetId, (id) => layouts.get(id))
  return { first: ctx(first), second: ctx(second) }
}

describe('shiftStoredFormula', () => {
  it('pastes a formula copied on another sheet with its references on the sheet pasted on', () => {
    const { first, second } = twoSheets()
    const copied = toStoredFormula('=SUM(A1:B1)*$A$1', first)

    const pasted = shiftStoredFormula(copied, 1, 0, second, first.sheetId)

    expect(toDisplayFormula(pasted, second)).toBe('=SUM(A2:B2)*$A$1')
    // Anchored to Sheet2's own rows and columns, so it evaluates there.
    expect(toDisplayFormula(pasted, first)).not.toContain('A2')
  })

  it('pastes at the same position on another sheet without #REF!', () => {
    const { first, second } = twoSheets()
    const copied = toStoredFormula('=A1*2', first)

    expect(toDisplayFormula(shiftStoredFormula(copied, 0, 0, second, first.sheetId), second)).toBe(
      '=A1*2',
    )
  })

  it('keeps a reference that names a sheet on that sheet', () => {
    const { first, second } = twoSheets()
    const copied = toStoredFormula('=Sheet1!A1+Sheet2!B1+C1', first)

    const pasted = shiftStoredFormula(copied, 2, 1, second, first.sheetId)

    expect(toDisplayFormula(pasted, second)).toBe('=Sheet1!B3+Sheet2!C3+D3')
  })

  it('shifts a formula pasted on its own sheet as before', () => {
    const { first } = twoSheets()
    const copied = toStoredFormula('=$A1+A$1', first)

    expect(toDisplayFormula(shiftStoredFormula(copied, 2, 2, first), first)).toBe('=$A3+C$1')
    expect(shiftStoredFormula(copied, 0, 0, first)).toBe(copied)
  })
})
