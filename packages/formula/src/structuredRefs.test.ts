import { describe, expect, it } from 'vitest'
import { addTable, deleteTable, insertRows, parseRange, updateTable } from '@cellmate/model'
import { toDisplayFormula } from './anchoredFormula.js'
import { tokenize } from './formulaTokens.js'
import { shiftFormula } from './shiftFormula.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** Sheet1 with the table Sales over A1:D5: Region, Amount, Qty, Total (= Amount × Qty). */
function salesBook(): { book: Replica; id: string } {
  const book = Replica.create()
  const rows = [
    ['Region', 'Amount', 'Qty', 'Total'],
    ['North', '10', '1'],
    ['South', '20', '2'],
    ['East', '30', '3'],
    ['West', '40', '4'],
  ]
  rows.forEach((cells, r) => cells.forEach((text, c) => book.type(`${'ABCD'[c]}${r + 1}`, text)))
  const { id } = addTable(book.doc(), {
    name: 'Sales',
    range: parseRange('A1:D5')!,
    columns: rows[0],
  })
  for (const r of [2, 3, 4, 5]) book.type(`D${r}`, '=[@Amount]*[@Qty]')
  return { book, id }
}

describe('structured references', () => {
  it('are stored by table and column id and shown as typed', () => {
    const { book } = salesBook()
    book.type('F1', '=SUM(Sales[Amount])')
    book.type('F2', '=Sales[[#Headers],[Qty]]')
    book.type('F3', '=ROWS(Sales[#All])')
    book.type('F4', '=SUM(Sales[[Amount]:[Qty]])')
    book.type('F5', '=SUM(Sales)')
    expect(book.raw('F1')).toMatch(/^=SUM\(\{t:[^}]+\}\[\{c:[^}]+\}\]\)$/)
    expect(book.raw('D2')).toMatch(/^=\{b:[^}]+\}\[@\{c:[^}]+\}\]\*\{b:/)
    expect(book.display('F1')).toBe('=SUM(Sales[Amount])')
    expect(book.display('F2')).toBe('=Sales[[#Headers],[Qty]]')
    expect(book.display('D2')).toBe('=[@Amount]*[@Qty]')
    expect(book.display('F5')).toBe('=SUM(Sales)')
    expect(book.value('F1')).toBe(100)
    expect(book.value('F2')).toBe('Qty')
    expect(book.value('F3')).toBe(5)
    expect(book.value('F4')).toBe(110)
    expect(book.value('D4')).toBe(90)
    expect(book.value('F5')).toBe(410) // amounts 100, quantities 10, totals 300
    expect(book.errors).toEqual([])
  })

  it('follow a renamed table and column, on display and in value', () => {
    const { book, id } = salesBook()
    book.type('F1', '=SUM(Sales[Amount])')
    updateTable(book.doc(), id, { name: 'Revenue', columns: [undefined, 'Net'] })
    expect(book.display('F1')).toBe('=SUM(Revenue[Net])')
    expect(book.display('D2')).toBe('=[@Net]*[@Qty]')
    expect(book.value('F1')).toBe(100)
    book.type('F2', '=Revenue[[#This Row],[Net]]')
    expect(book.value('F2')).toBe(10) // F2 is on the table's first data row
  })

  it('include rows inserted in the table and rows it grows by', () => {
    const { book, id } = salesBook()
    book.type('F1', '=SUM(Sales[Amount])')
    book.type('F2', '=ROWS(Sales)')
    insertRows(book.doc(), 3, 1) // a row inside the table
    book.type('B4', '5')
    expect(book.value('F1')).toBe(105)
    // Row 7, just below the table, is not in it until the table is resized to take it.
    book.type('B7', '1000')
    expect(book.value('F1')).toBe(105)
    updateTable(book.doc(), id, { range: parseRange('A1:D7')! })
    expect(book.value('F1')).toBe(1105)
    expect(book.value('F2')).toBe(6)
    book.type('C7', '2')
    book.type('D7', '=[@Amount]*[@Qty]')
    expect(book.value('D7')).toBe(2000)
  })

  it('read the totals row while it is shown, #REF! when it is not', () => {
    const { book, id } = salesBook()
    book.type('F1', '=Sales[[#Totals],[Amount]]')
    expect(book.value('F1')).toMatchObject({ error: '#REF!' })
    updateTable(book.doc(), id, { totalsRow: true })
    book.type('B5', '=SUBTOTAL(109,Sales[Amount])')
    expect(book.value('F1')).toBe(60) // the last row is now the totals row: 10 + 20 + 30
  })

  it('give #NAME? for an unknown table, #REF! for an unknown column or a deleted table', () => {
    const { book, id } = salesBook()
    book.type('F1', '=SUM(Nope[Amount])')
    book.type('F2', '=SUM(Sales[Nope])')
    book.type('F3', '=SUM(Sales[Amount])')
    book.type('F4', '=[@Amount]')
    expect(book.value('F1')).toMatchObject({ error: '#NAME?' })
    expect(book.value('F2')).toMatchObject({ error: '#REF!' })
    expect(book.value('F4')).toMatchObject({ error: '#REF!' }) // bare, outside any table
    expect(book.display('F1')).toBe('=SUM(Nope[Amount])')
    deleteTable(book.doc(), id)
    expect(book.value('F3')).toMatchObject({ error: '#REF!' })
    expect(book.display('F3')).toBe('=SUM(#REF!)')
  })

  it('a table named after a formula was typed is found then', () => {
    const book = Replica.create()
    book.type('B2', '5')
    book.type('B3', '7')
    book.type('F1', '=SUM(Later[Amount])')
    expect(book.value('F1')).toMatchObject({ error: '#NAME?' })
    addTable(book.doc(), { name: 'Later', range: parseRange('A1:B3')!, columns: ['K', 'Amount'] })
    expect(book.value('F1')).toBe(12)
  })

  it('are one token that copy and fill leave alone', () => {
    const tokens = tokenize('SUM(Sales[Q1])+[@[Unit Price]]+[1]Sheet1!A1', 'a1')
    expect(tokens.filter((t) => t.type === 'structured').map((t) => t.text)).toEqual([
      'Sales[Q1]',
      '[@[Unit Price]]',
    ])
    expect(shiftFormula('=SUM(Sales[Q1])+A1', 2, 0)).toBe('=SUM(Sales[Q1])+A3')
  })

  it('are written qualified, with [#This Row], for an XLSX file', () => {
    const { book } = salesBook()
    const ctx = book.context(book.firstSheetId())
    expect(toDisplayFormula(book.raw('D2'), ctx, { file: true })).toBe(
      '=Sales[[#This Row],[Amount]]*Sales[[#This Row],[Qty]]',
    )
  })
})
