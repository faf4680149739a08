import { describe, expect, it } from 'vitest'
import { parseRange } from '@cellmate/model'
import { sortKeepingRanges } from './sortKeepingRanges.js'
import { Replica } from './__tests__/workbookTestBed.js'

const sortA = (book: Replica, a1: string, desc = false, header = false, sheet = 'Sheet1') =>
  sortKeepingRanges(
    book.sheetDocs,
    book.sheetId(sheet),
    parseRange(a1)!,
    { keys: [{ col: 0, desc }], header },
    {},
  )

describe('sorting keeps ranges in place and lets single references follow their data', () => {
  it('a total over the sorted rows still covers them; a reference to one cell follows it', () => {
    const book = Replica.create()
    const names = ['Cleo', 'Ann', 'Bob']
    names.forEach((n, i) => {
      book.type(`A${i + 2}`, n)
      book.type(`B${i + 2}`, String((i + 1) * 10))
      book.type(`C${i + 2}`, `=B${i + 2}*2`)
    })
    book.type('E6', '=SUM(B2:B4)')
    book.type('E7', '=B2')
    book.type('E8', '=SUM(B$2:B$4)/B3')
    sortA(book, 'A2:C4')
    expect(['A2', 'A3', 'A4'].map((a) => book.raw(a))).toEqual(['Ann', 'Bob', 'Cleo'])
    // Formulas on the sorted rows still read their own row.
    expect(['C2', 'C3', 'C4'].map((a) => book.display(a))).toEqual(['=B2*2', '=B3*2', '=B4*2'])
    expect(['C2', 'C3', 'C4'].map((a) => book.value(a))).toEqual([40, 60, 20])
    expect(book.display('E6')).toBe('=SUM(B2:B4)')
    expect(book.value('E6')).toBe(60)
    // Cleo's score (B2 before the sort) is now on row 4.
    expect(book.display('E7')).toBe('=B4')
    expect(book.value('E7')).toBe(10)
    expect(book.display('E8')).toBe('=SUM(B$2:B$4)/B2')
  })

  it('keeps ranges on other sheets in place too, and a one-row range follows its row', () => {
    const book = Replica.create()
    book.addSheet('Data')
    ;['3', '1', '2'].forEach((v, i) => {
      book.type(`Data!A${i + 1}`, v)
      book.type(`Data!B${i + 1}`, String(Number(v) * 100))
    })
    book.type('A1', '=SUM(Data!A1:A2)')
    book.type('A2', '=SUM(Data!A1:B1)')
    sortA(book, 'A1:B3', false, false, 'Data')
    expect(book.display('A1')).toBe('=SUM(Data!A1:A2)')
    expect(book.value('A1')).toBe(3)
    expect(book.display('A2')).toBe('=SUM(Data!A3:B3)')
    expect(book.value('A2')).toBe(303)
  })

  it('the engine follows a sort of thousands of rows (a reload, not one move per row)', () => {
    const book = Replica.create({ rows: 3000, cols: 3 })
    for (let r = 1; r <= 3000; r++) book.type(`A${r}`, String(3001 - r))
    for (let r = 1; r <= 3000; r++) book.type(`B${r}`, `=A${r}*2`)
    book.addSheet('Totals')
    book.type('Totals!A1', '=SUM(Sheet1!A1:A3000)')
    book.type('Totals!A2', '=Sheet1!A1')
    sortA(book, 'A1:B3000')
    expect(book.raw('A1')).toBe('1')
    expect(book.value('A1')).toBe(1)
    expect(book.value('B1')).toBe(2)
    expect(book.value('B3000')).toBe(6000)
    expect(book.value('Totals!A1')).toBe((3000 * 3001) / 2)
    expect(book.value('Totals!A2')).toBe(3000)
    expect(book.errors).toEqual([])
  })
})
