import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SheetLayout,
  addName,
  initSheet,
  initWorkbook,
  insertRows,
  listNames,
} from '@cellmate/model'
import { toStoredNameFormula, workbookFormulaContext } from '@cellmate/formula'
import { nextRangeName, namedRangeViews, rangeOfName, selectionReference } from './namedRanges'

function book() {
  const workbook = new Y.Doc()
  initWorkbook(workbook, 'Book', 's1')
  const sheet = new Y.Doc()
  initSheet(sheet, { rows: 20, cols: 5 })
  const layout = new SheetLayout(sheet)
  const layoutOf = (id: string) => (id === 's1' ? layout : undefined)
  const ctx = workbookFormulaContext(workbook, 's1', layoutOf)
  return { workbook, sheet, layoutOf, ctx }
}

describe('named ranges in the web app', () => {
  it('a selection becomes an absolute reference on its sheet, quoted when needed', () => {
    const range = { start: { row: 4, col: 2 }, end: { row: 1, col: 1 } }
    expect(selectionReference('Sheet1', range)).toBe('Sheet1!$B$2:$C$5')
    expect(
      selectionReference('My data', { start: { row: 0, col: 0 }, end: { row: 0, col: 0 } }),
    ).toBe("'My data'!$A$1")
  })

  it('a named range resolves to its cells after rows are inserted; constants do not', () => {
    const { workbook, sheet, layoutOf, ctx } = book()
    addName(workbook, { name: 'Sales', formula: toStoredNameFormula('Sheet1!$B$2:$B$4', ctx) })
    addName(workbook, { name: 'Rate', formula: toStoredNameFormula('0.2', ctx) })
    addName(workbook, { name: 'Col', formula: toStoredNameFormula('Sheet1!$C:$C', ctx) })
    insertRows(sheet, 0, 2)
    const [col, rate, sales] = listNames(workbook)
    expect(rangeOfName(sales!.formula, layoutOf)).toEqual({
      sheetId: 's1',
      range: { start: { row: 3, col: 1 }, end: { row: 5, col: 1 } },
    })
    expect(rangeOfName(col!.formula, layoutOf)?.range).toEqual({
      start: { row: 0, col: 2 },
      end: { row: 21, col: 2 },
    })
    expect(rangeOfName(rate!.formula, layoutOf)).toBeNull()
    const views = namedRangeViews(listNames(workbook), ctx, () => 'Sheet1')
    expect(views.map((v) => [v.name, v.refersTo])).toEqual([
      ['Col', 'Sheet1!$C:$C'],
      ['Rate', '0.2'],
      ['Sales', 'Sheet1!$B$4:$B$6'],
    ])
    expect(nextRangeName(listNames(workbook))).toBe('Range1')
  })
})
