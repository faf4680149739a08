import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addName,
  getCell,
  initSheet,
  initWorkbook,
  insertRows,
  listNames,
  setHiddenAt,
  SheetLayout,
  UndoHistory,
} from '@cellmate/model'
import { toDisplayFormula, toStoredNameFormula, workbookFormulaContext } from '@cellmate/formula'
import { SheetSession } from '../sync/sheetSession'
import { WorkbookFormulas } from './workbookFormulas'

const LOCAL = Object.freeze({ session: 'test' })

async function openSheet() {
  const workbook = new Y.Doc()
  const { id } = initWorkbook(workbook, 'Book', 'sheet-1')
  const doc = new Y.Doc()
  initSheet(doc, { rows: 30, cols: 5 })
  const formulas = new WorkbookFormulas(workbook, () => {}, { afterPaint: (fn) => fn() })
  await formulas.startEngine()
  formulas.addSheet(id, doc)
  const sheet = new SheetSession(id, { doc, release() {} }, LOCAL, (layout) =>
    formulas.forSheet(id, layout),
  )
  return { sheet, doc, workbook, id }
}

describe('SheetSession with the workbook formula engine', () => {
  it('conditional formats follow typed values, formula results and inserted rows', async () => {
    const { sheet, doc } = await openSheet()
    for (let r = 0; r < 4; r++) sheet.write(r, 0, String(r + 1))
    sheet.write(4, 0, '=A1*2')
    const range = { start: { row: 0, col: 0 }, end: { row: 5, col: 0 } }
    sheet.conditionalFormats.add(range, { kind: 'duplicates', style: { fill: '#ff0000' } })
    sheet.conditionalFormats.add(range, { kind: 'dataBar', barColor: '#0000ff' })
    const fill = (row: number) => sheet.conditionalFormats.styleAt(row, 0)?.fill ?? ''
    const end = (row: number) => sheet.conditionalFormats.styleAt(row, 0)?.bar?.end
    // A5 = 2 repeats A2; the bars run up to 4.
    expect([0, 1, 2, 3, 4].map(fill)).toEqual(['', '#ff0000', '', '', '#ff0000'])
    expect(end(3)).toBe(1)
    // A typed value, and the formula result that follows it.
    sheet.write(0, 0, '4')
    expect([0, 1, 2, 3, 4].map(fill)).toEqual(['#ff0000', '', '', '#ff0000', ''])
    expect(end(4)).toBe(1)
    expect(end(3)).toBe(0.5)
    // A row inserted above moves the values; the rule's range grows with it.
    insertRows(doc, 0, 1, 'someone else')
    sheet.write(0, 0, '8')
    expect([1, 2, 3, 4, 5].map(fill)).toEqual(['#ff0000', '', '', '#ff0000', ''])
    expect(end(0)).toBeUndefined()
    expect(end(5)).toBe(1)
  })

  it('stores what the user types anchored to ids and reads it back in A1 form', async () => {
    const { sheet, doc } = await openSheet()
    for (let r = 0; r < 10; r++) sheet.write(r, 0, String(r + 1))
    sheet.write(0, 1, '=sum(A1:A10)')
    const stored = getCell(doc, sheet.layout.rowId(0)!, sheet.layout.colId(1)!)
    expect(stored).not.toContain('A1')
    expect(sheet.read(0, 1)).toBe('=SUM(A1:A10)')
    expect(sheet.value(0, 1)).toBe(55)

    insertRows(doc, 0, 2, 'someone else')
    expect(sheet.read(2, 1)).toBe('=SUM(A3:A12)')
    expect(sheet.value(2, 1)).toBe(55)
  })

  it('deletes a range’s last row by shrinking the range, and a referenced row to #REF!', async () => {
    const { sheet } = await openSheet()
    for (let r = 0; r < 5; r++) sheet.write(r, 0, String(r + 1))
    sheet.write(0, 1, '=SUM(A1:A5)')
    sheet.write(1, 1, '=A5')
    sheet.apply({ kind: 'delete', axis: 'rows', at: 4, count: 1 })
    expect(sheet.read(0, 1)).toBe('=SUM(A1:A4)')
    expect(sheet.value(0, 1)).toBe(10)
    expect(sheet.read(1, 1)).toBe('=#REF!')
    expect(sheet.value(1, 1)).toMatchObject({ error: '#REF!' })
  })

  it('deletes a named range’s last row by shrinking the name too', async () => {
    const { sheet, doc, workbook, id } = await openSheet()
    const layout = new SheetLayout(doc)
    const ctx = workbookFormulaContext(workbook, id, () => layout)
    for (let r = 0; r < 5; r++) sheet.write(r, 0, String(r + 1))
    addName(workbook, { name: 'Data', formula: toStoredNameFormula('$A$1:$A$5', ctx) })
    sheet.write(0, 1, '=SUM(Data)')
    sheet.apply({ kind: 'delete', axis: 'rows', at: 4, count: 1 })
    expect(sheet.value(0, 1)).toBe(10)
    const [name] = listNames(workbook)
    expect(toDisplayFormula(name!.formula, ctx)).toBe('=Sheet1!$A$1:$A$4')
    layout.destroy()
  })

  it('tells its listeners when values change', async () => {
    const { sheet } = await openSheet()
    sheet.write(0, 0, '1')
    sheet.write(0, 1, '=A1*2')
    let changes = 0
    const stop = sheet.onChange(() => changes++)
    sheet.write(0, 0, '4')
    expect(sheet.value(0, 1)).toBe(8)
    expect(changes).toBeGreaterThan(0)
    stop()
    const before = changes
    sheet.write(0, 0, '5')
    expect(changes).toBe(before)
  })

  it('SUBTOTAL leaves out filtered rows, and the rows hidden stay readable as it recalculates', async () => {
    const { sheet, doc } = await openSheet()
    ;[
      ['Owner', 'Hours'],
      ['Ana', '12'],
      ['Ben', '30'],
      ['Ana', '8'],
    ].forEach((line, r) => line.forEach((v, c) => sheet.write(r, c, v)))
    sheet.write(0, 3, '=SUBTOTAL(109,B2:B4)')
    sheet.filters.createShared({ start: { row: 0, col: 0 }, end: { row: 3, col: 1 } })
    sheet.filters.setCriteria(sheet.layout.colId(0)!, { hiddenValues: ['Ben'] })
    // Telling the engine which rows the filter hides recalculates SUBTOTAL, which repaints
    // and so invalidates the filter state while it is being read.
    expect(sheet.filters.hiddenRows()).toEqual([2])
    expect(sheet.value(0, 3)).toBe(20)
    sheet.write(1, 1, '13')
    expect(sheet.filters.hiddenRows()).toEqual([2])
    expect(sheet.value(0, 3)).toBe(21)
    // Delete over the filtered rows, then undo: the row the filter hides is never touched.
    const history = new UndoHistory(LOCAL)
    history.track(doc)
    sheet.clear({ start: { row: 1, col: 0 }, end: { row: 3, col: 1 } })
    expect(sheet.filters.hiddenRows()).toEqual([2])
    expect([1, 2, 3].map((r) => sheet.value(r, 1))).toEqual([null, 30, null])
    expect(sheet.value(0, 3)).toBe(0)
    expect(history.undo()).toBe(true)
    expect(sheet.filters.hiddenRows()).toEqual([2])
    expect([1, 2, 3].map((r) => sheet.value(r, 1))).toEqual([13, 30, 8])
    expect(sheet.value(0, 3)).toBe(21)
  })

  it('SUBTOTAL 109 leaves out rows hidden by hand as they are hidden and edited', async () => {
    const { sheet, doc } = await openSheet()
    ;['1', '2', '4'].forEach((v, r) => sheet.write(r, 0, v))
    sheet.write(0, 2, '=SUBTOTAL(109,A1:A3)')
    expect(sheet.value(0, 2)).toBe(7)
    setHiddenAt(doc, 'rows', 1, 1, true, LOCAL)
    expect(sheet.filters.hiddenRows()).toEqual([1])
    expect(sheet.value(0, 2)).toBe(5)
    sheet.write(2, 0, '8')
    expect(sheet.filters.hiddenRows()).toEqual([1])
    expect(sheet.value(0, 2)).toBe(9)
  })
})
