import * as Y from 'yjs'
import { addSheet, initSheet, renameSheet } from '@cellmate/model'
import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'
import { Replica } from './__tests__/workbookTestBed.js'
import { parseTarget } from './indirectPlugin.js'
import { WorkbookEngine } from './workbookEngine.js'

const err = (error: string) => expect.objectContaining({ error })
const DATA = [
  [1, 'a'],
  [2, 'b'],
  [3, 'c'],
]

describe('INDIRECT', () => {
  it.each([
    ['=INDIRECT("A2")', 2],
    ['=INDIRECT("$B$3")', 'c'],
    ['=SUM(INDIRECT("A1:A3"))', 6],
    ['=SUM(INDIRECT("A:A"))', 6],
    ['=SUM(INDIRECT("2:3"))', 5],
    ['=INDIRECT("R2C1",FALSE)', 2],
    ['=INDIRECT("R[1]C[-3]",FALSE)', 2],
    ['=INDIRECT("B"&A3)', 'c'],
    ['=INDIRECT("nonsense")', err('#REF!')],
    ['=INDIRECT("Nowhere!A1")', err('#REF!')],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, DATA)).toEqual(expected)
  })

  it('spills a range typed in the formula', () => {
    expect(evaluateArea('=INDIRECT("A1:B2")', DATA, 2, 2)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
  })

  it('follows the cells it names as they change, across sheets and renames', () => {
    const book = Replica.create()
    const other = book.addSheet('Prices 2026')
    book.type('Prices 2026!B2', '7')
    book.type('A1', '=INDIRECT("\'Prices 2026\'!B2")*2')
    book.type('A2', 'Prices 2026')
    book.type('A3', '=INDIRECT("\'"&A2&"\'!B2")')
    expect(book.value('A1')).toBe(14)
    book.type('Prices 2026!B2', '8')
    expect(book.value('A1')).toBe(16)
    expect(book.value('A3')).toBe(8)
    renameSheet(book.workbook, other, 'Prices')
    expect(book.value('A1')).toEqual(err('#REF!'))
    book.type('A2', 'Prices')
    expect(book.value('A3')).toBe(8)
  })

  it('asks for a sheet it names that is not loaded, and reads it once loaded', () => {
    const book = Replica.create()
    const missing: string[] = []
    const engine = new WorkbookEngine(book.workbook, { onMissingSheet: (id) => missing.push(id) })
    engine.addSheet(book.firstSheetId(), book.doc())
    const data = addSheet(book.workbook, { id: 'data', name: 'Data' })
    const dataDoc = new Y.Doc()
    initSheet(dataDoc, { rows: 5, cols: 5 })
    book.open(data.id, dataDoc)
    book.type('Data!B2', '42')
    book.type('A1', '=INDIRECT("Data!B2")+1')
    expect(engine.getValue(book.firstSheetId(), 0, 0)).toEqual(err('#REF!'))
    expect(missing).toEqual([data.id])
    engine.addSheet(data.id, dataDoc)
    expect(engine.getValue(book.firstSheetId(), 0, 0)).toBe(43)
    engine.destroy()
  })

  it('reads a formula that reads INDIRECT after it settles', () => {
    const book = Replica.create()
    book.type('C1', '=INDIRECT("B2")*10')
    book.type('B2', '=INDIRECT("A1")+1')
    book.type('A1', '1')
    expect(book.value('C1')).toBe(20)
    book.type('A1', '4')
    expect(book.value('C1')).toBe(50)
  })
})

describe('parseTarget', () => {
  it('reads sheet names, absolute markers, whole columns and R1C1', () => {
    expect(parseTarget("'It''s'!$A$1:B2", true, { row: 0, col: 0 })).toEqual({
      sheet: "It's",
      rows: [0, 1],
      cols: [0, 1],
      whole: false,
    })
    expect(parseTarget('R[-1]C', false, { row: 4, col: 2 })?.rows).toEqual([3, 3])
    expect(parseTarget('A1', false, { row: 0, col: 0 })).toBeUndefined()
    expect(parseTarget('XFE1', true, { row: 0, col: 0 })).toBeUndefined()
  })
})
