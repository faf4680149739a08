import { describe, expect, it } from 'vitest'
import { evaluateArea } from './__tests__/engineBed.js'
import { Replica } from './__tests__/workbookTestBed.js'
import { WorkbookEngine } from './workbookEngine.js'

const err = (error: string) => expect.objectContaining({ error })

describe('PIVOTBY spill, sized by measuring', () => {
  function book(): Replica {
    const b = Replica.create({ rows: 20, cols: 12 })
    const data = [
      ['East', 2023, 10],
      ['West', 2023, 5],
      ['East', 2024, 7],
      ['West', 2024, 1],
    ]
    data.forEach((row, r) => row.forEach((v, c) => b.type(`${'ABC'[c]}${r + 1}`, String(v))))
    b.type('E1', '=PIVOTBY(A1:A4,B1:B4,C1:C4,SUM,0,0,,0)')
    return b
  }
  const spill = (b: Replica) => {
    const ref = b.cellRef('E1')
    return b.engine.getSpillById(ref.sheetId, ref.rowId, ref.colId)
  }

  it('covers exactly the table and grows and shrinks with the data', () => {
    const b = book()
    expect(spill(b)).toEqual({ rows: 3, cols: 3 })
    expect(b.value('G3')).toBe(1)
    // A new year adds a column; a new region a row.
    b.type('A4', 'North')
    b.type('B4', '2025')
    expect(spill(b)).toEqual({ rows: 4, cols: 4 })
    expect(b.value('H3')).toBe(1)
    b.type('B4', '2023')
    expect(spill(b)).toEqual({ rows: 4, cols: 3 })
    expect(b.value('F3')).toBe(1)
    // A cell right of the table is free, as in Excel (no area reserved beyond it).
    b.type('H1', 'note')
    expect(b.value('E1')).toBe(null)
    expect(b.value('H1')).toBe('note')
    expect(b.errors).toEqual([])
  })

  it('covers exactly the table in an engine that loads the sheet whole', () => {
    const b = book()
    const fresh = new WorkbookEngine(b.workbook)
    fresh.addSheet(b.firstSheetId(), b.doc())
    const ref = b.cellRef('E1')
    expect(fresh.getSpillById(ref.sheetId, ref.rowId, ref.colId)).toEqual({ rows: 3, cols: 3 })
    expect(fresh.getValue(ref.sheetId, 2, 6)).toBe(1)
    fresh.destroy()
  })

  it('is #SPILL! when a cell is in the way, and spills again once it is not', () => {
    const b = book()
    b.type('H1', 'in the way')
    b.type('B4', '2025')
    b.type('A4', 'North')
    b.type('C4', '1')
    expect(b.value('E1')).toEqual(err('#SPILL!'))
    // The data shrinks back: the table fits again.
    b.type('B4', '2024')
    expect(b.value('E1')).toBe(null)
    expect(spill(b)).toEqual({ rows: 4, cols: 3 })
    expect(b.value('G3')).toBe(1)
    expect(b.errors).toEqual([])
  })

  it('sizes GROUPBY and TRIMRANGE exactly: a cell just below the table is not in its way', () => {
    const b = book()
    b.type('E8', '=GROUPBY(A1:A4,C1:C4,SUM)')
    b.type('E11', 'below')
    const at = (address: string) => {
      const ref = b.cellRef(address)
      return b.engine.getSpillById(ref.sheetId, ref.rowId, ref.colId)
    }
    // East 17, West 6, Total 23: three rows, where the most it could be is five.
    expect(at('E8')).toEqual({ rows: 3, cols: 2 })
    expect(b.value('F10')).toBe(23)
    b.type('A4', 'North')
    expect(b.value('E8')).toEqual(err('#SPILL!'))
    b.type('A4', 'West')
    expect(b.value('F10')).toBe(23)
    b.type('J1', '=TRIMRANGE(A1:A9)')
    b.type('J6', 'free')
    expect(at('J1')).toEqual({ rows: 4, cols: 1 })
    expect(b.value('J4')).toBe('West')
    expect(b.errors).toEqual([])
  })

  it('spills MAKEARRAY with counts from cells and LINEST with stats from a cell', () => {
    expect(evaluateArea('=MAKEARRAY(A1,B1,LAMBDA(r,c,r*c))', [[2, 3]], 3, 4)).toEqual([
      [1, 2, 3, null],
      [2, 4, 6, null],
      [null, null, null, null],
    ])
    // Microsoft Support, "LINEST function": y = 2x + 1 exactly; stats TRUE gives five rows.
    const data = [
      [1, 0, 'TRUE'],
      [9, 4],
      [5, 2],
      [7, 3],
    ]
    const area = evaluateArea('=LINEST(A1:A4,B1:B4,TRUE,C1)', data, 6, 2)
    expect(area[0]).toEqual([2, 1])
    expect(area[4]?.every((v) => v !== null)).toBe(true)
    expect(area[5]).toEqual([null, null])
  })
})
