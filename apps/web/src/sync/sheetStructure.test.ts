import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, initWorkbook, UndoHistory } from '@cellmate/model'
import { WorkbookFormulas } from '../formula/workbookFormulas'
import { SheetSession } from './sheetSession'

const LOCAL = Object.freeze({ session: 'test' })

async function openSheet() {
  const workbook = new Y.Doc()
  const { id } = initWorkbook(workbook, 'Book', 'sheet-1')
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  const formulas = new WorkbookFormulas(workbook, () => {}, { afterPaint: (fn) => fn() })
  await formulas.startEngine()
  formulas.addSheet(id, doc)
  const sheet = new SheetSession(id, { doc, release() {} }, LOCAL, (layout) =>
    formulas.forSheet(id, layout),
  )
  return { sheet, doc }
}

describe('moving rows and columns from the grid', () => {
  it('Move column left keeps SUM(A1:C1) whole; one undo puts everything back', async () => {
    const { sheet, doc } = await openSheet()
    const history = new UndoHistory(LOCAL)
    history.track(doc)
    ;['10', '20', '30'].forEach((v, col) => sheet.write(0, col, v))
    sheet.write(0, 3, '=SUM(A1:C1)')
    sheet.write(1, 0, '=C1')
    sheet.apply({ kind: 'move', axis: 'cols', from: 2, count: 1, to: 1 })
    expect(sheet.read(0, 3)).toBe('=SUM(A1:C1)')
    expect(sheet.value(0, 3)).toBe(60)
    expect(sheet.read(1, 0)).toBe('=B1')
    history.undo()
    expect([0, 1, 2].map((col) => sheet.value(0, col))).toEqual([10, 20, 30])
    expect(sheet.read(0, 3)).toBe('=SUM(A1:C1)')
    expect(sheet.read(1, 0)).toBe('=C1')
  })

  it('Alt+Shift+Up on a summed row keeps the sum; moving row 1 below the total drops it', async () => {
    const { sheet } = await openSheet()
    ;['1', '2', '3'].forEach((v, row) => sheet.write(row, 0, v))
    sheet.write(3, 0, '=SUM(A1:A3)')
    sheet.apply({ kind: 'move', axis: 'rows', from: 2, count: 1, to: 1 })
    expect(sheet.read(3, 0)).toBe('=SUM(A1:A3)')
    expect(sheet.value(3, 0)).toBe(6)
    sheet.apply({ kind: 'move', axis: 'rows', from: 0, count: 1, to: 3 })
    expect(sheet.read(2, 0)).toBe('=SUM(A1:A2)')
    expect(sheet.value(2, 0)).toBe(5)
  })
})
