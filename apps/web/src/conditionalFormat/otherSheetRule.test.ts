import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addSheet,
  deleteSheet,
  initSheet,
  initWorkbook,
  insertRows,
  renameSheet,
  setCell,
  SheetLayout,
} from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { WorkbookFormulas } from '../formula/workbookFormulas'

const LATE = '#ffcccc'

/** Sheet1 (holding E1) and Sheet2 open in a tab with the formula engine, as the grid has them. */
async function twoSheets() {
  const workbook = new Y.Doc()
  const { id: prices } = initWorkbook(workbook, 'Book', 'sheet-1')
  const id = addSheet(workbook, { id: 'sheet-2', name: 'Sheet2' }).id
  const docs = new Map([prices, id].map((s) => [s, new Y.Doc()]))
  for (const doc of docs.values()) initSheet(doc, { rows: 20, cols: 6 })
  const pricesDoc = docs.get(prices) as Y.Doc
  const layout = new SheetLayout(pricesDoc)
  setCell(pricesDoc, layout.rowId(0)!, layout.colId(4)!, 'Yes')
  layout.destroy()
  const formulas = new WorkbookFormulas(workbook, () => {}, { afterPaint: (fn) => fn() })
  await formulas.startEngine()
  for (const [s, doc] of docs) formulas.addSheet(s, doc)
  const sheet = new SheetSession(
    id,
    { doc: docs.get(id) as Y.Doc, release() {} },
    { session: 'test' },
    (l) => formulas.forSheet(id, l),
  )
  return { workbook, prices, pricesDoc, sheet }
}

describe('a conditional format reading another sheet (=D4=Sheet1!$E$1)', () => {
  it('keeps applying after that sheet is renamed or rows go in above, and stops once it is deleted', async () => {
    const { workbook, prices, pricesDoc, sheet } = await twoSheets()
    sheet.write(3, 3, 'Yes')
    sheet.write(4, 3, 'No')
    const range = { start: { row: 3, col: 3 }, end: { row: 8, col: 3 } }
    sheet.conditionalFormats.add(range, {
      kind: 'formula',
      formula: '=D4=Sheet1!$E$1',
      style: { fill: LATE },
    })
    const fills = () => [3, 4].map((r) => sheet.conditionalFormats.styleAt(r, 3)?.fill ?? '')
    const formula = () => sheet.conditionalFormats.rules()[0]?.formula
    expect(fills()).toEqual([LATE, ''])

    renameSheet(workbook, prices, 'Prices')
    expect(formula()).toBe('=D4=Prices!$E$1')
    expect(fills()).toEqual([LATE, ''])

    insertRows(pricesDoc, 0, 2, 'someone else')
    expect(formula()).toBe('=D4=Prices!$E$3')
    expect(fills()).toEqual([LATE, ''])
    // Evaluated afresh after an edit, it reads the cell it read, not the address it had.
    sheet.write(4, 3, 'Yes')
    expect(fills()).toEqual([LATE, LATE])

    deleteSheet(workbook, prices)
    expect(formula()).toBe('=D4=#REF!')
    expect(fills()).toEqual(['', ''])
  })
})
