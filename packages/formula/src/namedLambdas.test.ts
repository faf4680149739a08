import { describe, expect, it } from 'vitest'
import { addName, deleteName, insertRows, listNames, updateName } from '@cellmate/model'
import { toStoredNameFormula } from './anchoredFormula.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** Defines `name` as `text` typed in the Name manager (on the first sheet, or scoped). */
function define(book: Replica, name: string, text: string, scope?: string): string {
  const ctx = book.context(scope ?? book.firstSheetId())
  return addName(book.workbook, { name, formula: toStoredNameFormula(text, ctx), scope }).id
}

function numbers(): Replica {
  const book = Replica.create()
  for (const [i, v] of [10, 20, 30].entries()) book.type(`B${i + 2}`, String(v))
  return book
}

describe('a defined name that holds a LAMBDA is a custom function', () => {
  it('is called by its name, with one or several arguments, whichever is defined first', () => {
    const book = numbers()
    book.type('D1', '=AddOne(5)')
    expect(book.value('D1')).toMatchObject({ error: '#NAME?' })
    define(book, 'AddOne', 'LAMBDA(x,x+1)')
    define(book, 'Hyp', 'LAMBDA(a,b,SQRT(a^2+b^2))')
    book.type('D2', '=Hyp(3,4)+addone(1)')
    expect(book.value('D1')).toBe(6)
    expect(book.value('D2')).toBe(7)
  })

  it('is given to MAP as a value, calls other named LAMBDAs, and reads ranges of its own', () => {
    const book = numbers()
    define(book, 'AddOne', 'LAMBDA(x,x+1)')
    define(book, 'Twice', 'LAMBDA(x,AddOne(AddOne(x)))')
    define(book, 'PlusFirst', 'LAMBDA(x,x+Sheet1!$B$2)')
    book.type('D1', '=SUM(MAP(B2:B4,AddOne))')
    book.type('D2', '=Twice(1)')
    book.type('D3', '=PlusFirst(1)')
    expect(book.value('D1')).toBe(63)
    expect(book.value('D2')).toBe(3)
    expect(book.value('D3')).toBe(11)
    book.type('B2', '100')
    expect(book.value('D3')).toBe(101)
  })

  it('a changed definition recomputes its callers; a deleted one is #NAME? again', () => {
    const book = numbers()
    const id = define(book, 'AddOne', 'LAMBDA(x,x+1)')
    define(book, 'Twice', 'LAMBDA(x,AddOne(AddOne(x)))')
    book.type('D1', '=AddOne(5)')
    book.type('D2', '=Twice(0)')
    updateName(book.workbook, id, {
      formula: toStoredNameFormula('LAMBDA(x,x+100)', book.context(book.firstSheetId())),
    })
    expect(book.value('D1')).toBe(105)
    expect(book.value('D2')).toBe(200)
    deleteName(book.workbook, id)
    expect(book.value('D1')).toMatchObject({ error: '#NAME?' })
    expect(listNames(book.workbook).map((n) => n.name)).toEqual(['Twice'])
  })

  it('a name that calls itself cannot be inlined and is #VALUE!; a built-in function wins over a name', () => {
    const book = numbers()
    define(book, 'MyFact', 'LAMBDA(n,IF(n<=1,1,n*MyFact(n-1)))')
    define(book, 'Sum', 'LAMBDA(x,x*1000)')
    book.type('D1', '=MyFact(4)')
    book.type('D2', '=SUM(2,3)')
    expect(book.value('D1')).toMatchObject({ error: '#VALUE!' })
    expect(book.value('D2')).toBe(5)
  })
})

describe('INDIRECT of a defined name', () => {
  it('reads the range the name refers to, typed or from a cell (dependent dropdowns)', () => {
    const book = numbers()
    define(book, 'Sales', 'Sheet1!$B$2:$B$4')
    define(book, 'Rate', '0.2')
    book.type('D1', '=SUM(INDIRECT("Sales"))')
    book.type('E1', 'sales')
    book.type('D2', '=SUM(INDIRECT(E1))')
    book.type('D3', '=INDIRECT("Rate")')
    book.type('D4', '=INDIRECT("Nope")')
    expect(book.value('D1')).toBe(60)
    expect(book.value('D2')).toBe(60)
    // A name that is a constant, or no name at all, is no reference: #REF!, as in Excel.
    expect(book.value('D3')).toMatchObject({ error: '#REF!' })
    expect(book.value('D4')).toMatchObject({ error: '#REF!' })
    book.type('B3', '25')
    expect(book.value('D1')).toBe(65)
  })

  it('follows the range when rows are inserted, and a sheet-scoped name on its own sheet', () => {
    const book = numbers()
    const sheet = book.firstSheetId()
    define(book, 'Local', 'Sheet1!$B$2:$B$3', sheet)
    book.type('D1', '=SUM(INDIRECT("Local"))')
    expect(book.value('D1')).toBe(30)
    insertRows(book.doc(), 0, 1)
    expect(book.value('D2')).toBe(30)
    book.type('B3', '15')
    expect(book.value('D2')).toBe(35)
  })
})
