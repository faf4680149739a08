import { describe, expect, it } from 'vitest'
import {
  addName,
  deleteName,
  deleteRows,
  deleteSheet,
  insertRows,
  listNames,
  renameSheet,
  updateName,
} from '@cellmate/model'
import { toStoredNameFormula, toDisplayFormula } from './anchoredFormula.js'
import { Replica, sync } from './__tests__/workbookTestBed.js'

/** Defines a name from A1 text typed as if on `sheet` (the first sheet by default). */
function define(book: Replica, name: string, text: string, scope?: string): string {
  const ctx = book.context(scope ?? book.firstSheetId())
  return addName(book.workbook, { name, formula: toStoredNameFormula(text, ctx), scope }).id
}

function refersTo(book: Replica, id: string): string {
  const name = listNames(book.workbook).find((n) => n.id === id)
  return toDisplayFormula(name?.formula ?? '', book.context(book.firstSheetId()))
}

function salesBook(): Replica {
  const book = Replica.create()
  for (const [i, v] of [10, 20, 30].entries()) book.type(`B${i + 2}`, String(v))
  return book
}

describe('defined names in formulas', () => {
  it('a named range and a named constant compute, whichever is defined first', () => {
    const book = salesBook()
    book.type('D1', '=SUM(Sales)*TaxRate')
    expect(book.value('D1')).toMatchObject({ error: '#NAME?' })
    define(book, 'Sales', 'Sheet1!$B$2:$B$4')
    define(book, 'TaxRate', '0.2')
    expect(book.value('D1')).toBe(12)
    book.type('D2', '=sales')
    expect(book.display('D2')).toBe('=Sales')
    expect(book.raw('D2')).toMatch(/^=\{n:[^:]+:Sales\}$/)
    expect(book.errors).toEqual([])
  })

  it('store references with their sheet and show them back in A1 form', () => {
    const book = salesBook()
    const id = define(book, 'Sales', '=B2:B4')
    expect(refersTo(book, id)).toBe('=Sheet1!B2:B4')
    expect(listNames(book.workbook)[0]?.formula).toMatch(/^=\{s:sheet-1\}!\{r:/)
  })

  it('a named range grows with rows inserted inside it and reads #REF! once its sheet is deleted', () => {
    const book = salesBook()
    const other = book.addSheet('Summary')
    const id = define(book, 'Sales', 'Sheet1!$B$2:$B$4')
    book.type('Summary!A1', '=SUM(Sales)')
    expect(book.value('Summary!A1')).toBe(60)
    insertRows(book.doc(), 2, 1)
    book.type('B3', '5')
    expect(refersTo(book, id)).toBe('=Sheet1!$B$2:$B$5')
    expect(book.value('Summary!A1')).toBe(65)
    deleteRows(book.doc(), 0, 1)
    expect(refersTo(book, id)).toBe('=Sheet1!$B$1:$B$4')
    expect(book.value('Summary!A1')).toBe(65)
    renameSheet(book.workbook, book.firstSheetId(), 'Data')
    expect(refersTo(book, id)).toBe('=Data!$B$1:$B$4')
    expect(book.value('Summary!A1')).toBe(65)
    deleteSheet(book.workbook, book.firstSheetId())
    expect(book.value('Summary!A1')).toMatchObject({ error: '#REF!' })
    expect(other).toBeTruthy()
    expect(book.errors).toEqual([])
  })

  it('a rename keeps formulas computing under the new name; a delete makes them #NAME?', () => {
    const book = salesBook()
    const id = define(book, 'Sales', 'Sheet1!$B$2:$B$4')
    book.type('D1', '=SUM(Sales)')
    updateName(book.workbook, id, { name: 'Revenue' })
    expect(book.display('D1')).toBe('=SUM(Revenue)')
    expect(book.value('D1')).toBe(60)
    updateName(book.workbook, id, {
      formula: toStoredNameFormula('Sheet1!$B$2:$B$3', book.context(book.firstSheetId())),
    })
    expect(book.value('D1')).toBe(30)
    deleteName(book.workbook, id)
    // A deleted name shows with the text the formula was written with (README).
    expect(book.display('D1')).toBe('=SUM(Sales)')
    expect(book.value('D1')).toMatchObject({ error: '#NAME?' })
    // Defined again (a new name with that text): the formula computes again, as in Excel.
    define(book, 'Sales', 'Sheet1!$B$4')
    expect(book.value('D1')).toBe(30)
    expect(book.errors).toEqual([])
  })

  it("a sheet's own name wins over the workbook's on that sheet only", () => {
    const book = salesBook()
    const second = book.addSheet('Costs')
    define(book, 'Rate', '0.1')
    define(book, 'Rate', '0.5', second)
    book.type('A1', '=Rate')
    book.type('Costs!A1', '=Rate')
    expect(book.value('A1')).toBe(0.1)
    expect(book.value('Costs!A1')).toBe(0.5)
  })

  it("a sheet's own name may refer to a range on that sheet, typed with or without the sheet", () => {
    const book = salesBook()
    const costs = book.addSheet('Costs')
    book.type('Costs!B1', '7')
    book.type('Costs!B2', '8')
    define(book, 'Mine', 'Sheet1!$B$2:$B$4', book.firstSheetId())
    define(book, 'Local', '$B$1:$B$2', costs)
    book.type('A1', '=SUM(Mine)')
    book.type('Costs!A1', '=SUM(Local)')
    expect(book.value('A1')).toBe(60)
    expect(book.value('Costs!A1')).toBe(15)
    expect(book.errors).toEqual([])
  })

  it("another sheet's own name is read as Sheet!Name, and follows renames of both", () => {
    const book = salesBook()
    const costs = book.addSheet('Costs')
    define(book, 'Rate', '0.1')
    const id = define(book, 'Rate', '0.5', costs)
    book.type('A1', '=Costs!Rate*10')
    expect(book.value('A1')).toBe(5)
    expect(book.raw('A1')).toBe(`={s:${costs}}!{n:${id}:Rate}*10`)
    renameSheet(book.workbook, costs, 'My Costs')
    updateName(book.workbook, id, { name: 'Markup' })
    expect(book.display('A1')).toBe("='My Costs'!Markup*10")
    expect(book.value('A1')).toBe(5)
    // Typed with its quotes, and from the name's own sheet too.
    book.type('A2', "='my costs'!markup+1")
    book.type('My Costs!A1', "='My Costs'!Markup")
    expect(book.value('A2')).toBe(1.5)
    expect(book.value('My Costs!A1')).toBe(0.5)
    expect(book.errors).toEqual([])
  })

  it('a sheet-qualified name typed before it exists computes once defined; deleted, #NAME?', () => {
    const book = salesBook()
    const costs = book.addSheet('Costs')
    book.type('A1', '=Costs!Rate')
    expect(book.value('A1')).toMatchObject({ error: '#NAME?' })
    const id = define(book, 'Rate', '0.5', costs)
    expect(book.value('A1')).toBe(0.5)
    book.type('A2', '=Costs!Rate')
    deleteName(book.workbook, id)
    expect(book.display('A2')).toBe('=Costs!Rate')
    expect(book.value('A2')).toMatchObject({ error: '#NAME?' })
    define(book, 'Rate', '0.25', costs)
    expect(book.value('A2')).toBe(0.25)
    deleteSheet(book.workbook, costs)
    expect(book.display('A2')).toBe('=#REF!')
    expect(book.value('A2')).toMatchObject({ error: '#REF!' })
    expect(book.errors).toEqual([])
  })

  it('a name may use another name, and follows when that one changes', () => {
    const book = salesBook()
    define(book, 'Net', '=SUM(Sales)*(1-TaxRate)')
    book.type('D1', '=Net')
    expect(book.value('D1')).toMatchObject({ error: '#NAME?' })
    define(book, 'Sales', 'Sheet1!$B$2:$B$4')
    define(book, 'TaxRate', '0.5')
    expect(book.value('D1')).toBe(30)
  })

  it('two replicas compute the same values after a concurrent rename and a new formula', () => {
    const a = salesBook()
    const id = define(a, 'Sales', 'Sheet1!$B$2:$B$4')
    const b = a.clone()
    updateName(a.workbook, id, { name: 'Revenue' })
    b.type('D1', '=SUM(Sales)*2')
    sync(a, b)
    for (const r of [a, b]) {
      expect(r.display('D1')).toBe('=SUM(Revenue)*2')
      expect(r.value('D1')).toBe(120)
    }
  })
})
