import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  SheetLayout,
  addSheet,
  deleteSheet,
  initSheet,
  initWorkbook,
  insertAxis,
  renameSheet,
  setCell,
  setCells,
  validationMessage,
} from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { WorkbookFormulas } from '../formula/workbookFormulas'
import { criteriaOf, emptyForm } from './validationForm'

/** A workbook of two sheets, Tasks (open) and Lists, as a tab holds them. */
function tasksAndLists(listRows = 10) {
  const workbook = new Y.Doc()
  const { id } = initWorkbook(workbook, 'Book', 'sheet-1')
  const lists = addSheet(workbook, { id: 'sheet-2', name: 'Lists' }).id
  const docs = new Map([id, lists].map((s) => [s, new Y.Doc()]))
  for (const [s, doc] of docs) initSheet(doc, { rows: s === lists ? listRows : 10, cols: 5 })
  const formulas = new WorkbookFormulas(workbook, () => {}, {
    loadEngine: () => new Promise(() => {}),
    afterPaint: (fn) => fn(),
  })
  for (const [s, doc] of docs) formulas.addSheet(s, doc)
  const listsDoc = docs.get(lists) as Y.Doc
  const write = (row: number, value: string) => {
    const layout = new SheetLayout(listsDoc)
    setCell(listsDoc, layout.rowId(row) as string, layout.colId(0) as string, value)
    layout.destroy()
  }
  const sheet = new SheetSession(
    id,
    { doc: docs.get(id) as Y.Doc, release() {} },
    { session: 'test' },
    (layout) => formulas.forSheet(id, layout),
  )
  return { workbook, sheet, lists, listsDoc, write }
}

const B2_B5 = { start: { row: 1, col: 1 }, end: { row: 4, col: 1 } }

describe('a dropdown listing another sheet (Lists!$A$1:$A$3)', () => {
  it("lists that sheet's values as they change, through inserts, a rename and its deletion", () => {
    const { workbook, sheet, lists, listsDoc, write } = tasksAndLists()
    ;['Open', 'Done', 'Blocked'].forEach((v, i) => write(i, v))
    const criteria = criteriaOf({ ...emptyForm(), kind: 'listRange', source: 'Lists!$a$1:$a$3' })
    expect(criteria).toMatchObject({ source: 'Lists!$A$1:$A$3' })
    sheet.validations.set(B2_B5, criteria as never)
    const rule = () => sheet.validations.overlapping(B2_B5)[0]!
    expect(rule().source).toBe('Lists!$A$1:$A$3')
    expect(sheet.validations.choices(rule())).toEqual(['Open', 'Done', 'Blocked'])
    expect(sheet.validations.problem(2, 1, 'done')).toBeNull()
    expect(sheet.validations.problem(2, 1, 'Later')).not.toBeNull()
    // Edited and grown at the top: the list follows the cells it was made of.
    write(1, 'Finished')
    insertAxis(listsDoc, 'rows', 0, 1)
    write(0, 'Header')
    expect(rule().source).toBe('Lists!$A$2:$A$4')
    expect(sheet.validations.choices(sheet.validations.at(2, 1)!)).toEqual([
      'Open',
      'Finished',
      'Blocked',
    ])
    renameSheet(workbook, lists, 'Choices')
    expect(sheet.validations.at(2, 1)?.source).toBe('Choices!$A$2:$A$4')
    expect(sheet.validations.choices(rule())).toEqual(['Open', 'Finished', 'Blocked'])
    deleteSheet(workbook, lists)
    const gone = sheet.validations.at(2, 1)!
    expect(gone.source).toBe('#REF!')
    expect(sheet.validations.choices(gone)).toEqual([])
    const refused = sheet.validations.problem(2, 1, 'Open')!
    expect(validationMessage(refused, 'B3', 'Open')).toMatch(/was deleted/)
  })

  it('a source naming no sheet of the workbook is refused', () => {
    const { sheet } = tasksAndLists()
    expect(() =>
      sheet.validations.set(B2_B5, {
        kind: 'listRange',
        source: 'Nowhere!$A$1:$A$3',
        strict: true,
      }),
    ).toThrow(/no sheet named "Nowhere"/)
    expect(sheet.validations.all()).toEqual([])
  })

  it("lists another sheet's whole column (Lists!A:A, =Lists!$A:$A) as that column's values", () => {
    const { workbook, sheet, lists, listsDoc, write } = tasksAndLists()
    write(0, 'Open')
    write(1, 'Done')
    write(8, 'Blocked')
    for (const [typed, source] of [
      ['Lists!a:a', 'Lists!A:A'],
      ['=Lists!$A:$A', 'Lists!$A:$A'],
    ]) {
      const criteria = criteriaOf({ ...emptyForm(), kind: 'listRange', source: typed as string })
      expect(criteria, typed).not.toHaveProperty('problem')
      sheet.validations.set(B2_B5, criteria as never)
      expect(sheet.validations.at(2, 1)?.source).toBe(source)
      expect(sheet.validations.choices(sheet.validations.at(2, 1)!)).toEqual([
        'Open',
        'Done',
        'Blocked',
      ])
    }
    expect(sheet.validations.problem(2, 1, 'blocked')).toBeNull()
    expect(sheet.validations.problem(2, 1, 'Later')).not.toBeNull()
    // Anchored to the column: an insert before it and a rename are followed.
    insertAxis(listsDoc, 'cols', 0, 1)
    renameSheet(workbook, lists, 'Choices')
    expect(sheet.validations.at(2, 1)?.source).toBe('Choices!$B:$B')
    expect(sheet.validations.choices(sheet.validations.at(2, 1)!)).toEqual([
      'Open',
      'Done',
      'Blocked',
    ])
    expect(() =>
      sheet.validations.set(B2_B5, { kind: 'listRange', source: '=Nowhere!A:A', strict: true }),
    ).toThrow(/no sheet named "Nowhere"/)
  })

  it("lists at most 10,000 cells of another sheet's whole column", () => {
    const { sheet, listsDoc } = tasksAndLists(12_000)
    const layout = new SheetLayout(listsDoc)
    const colId = layout.colId(0) as string
    setCells(
      listsDoc,
      Array.from({ length: 12_000 }, (_, row) => ({
        rowId: layout.rowId(row) as string,
        colId,
        value: `v${row + 1}`,
      })),
    )
    layout.destroy()
    sheet.validations.set(B2_B5, { kind: 'listRange', source: 'Lists!A:A', strict: true })
    const choices = sheet.validations.choices(sheet.validations.at(2, 1)!)
    expect(choices).toHaveLength(10_000)
    expect(choices.at(-1)).toBe('v10000')
  })
})
