import { describe, expect, it } from 'vitest'
import { Replica } from './__tests__/workbookTestBed.js'

function spillOf(b: Replica, address: string) {
  const ref = b.cellRef(address)
  return b.engine.getSpillById(ref.sheetId, ref.rowId, ref.colId)
}

describe('spill size, as the XLSX export writes an array formula’s ref', () => {
  // Microsoft Support, "UNIQUE function": =UNIQUE over 3, 1, 5, 2, 3 spills the 4 distinct
  // values, and Excel saves the formula with the ref of those 4 cells.
  it('covers the values of a result whose size depends on the data', () => {
    const b = Replica.create({ rows: 10, cols: 5 })
    ;['3', '1', '5', '2', '3'].forEach((v, i) => b.type(`A${i + 1}`, v))
    b.type('B1', '=UNIQUE(A1:A5)')
    b.type('C1', '=FILTER(A1:A5,A1:A5>2)')
    expect(spillOf(b, 'B1')).toEqual({ rows: 4, cols: 1 })
    expect(spillOf(b, 'C1')).toEqual({ rows: 3, cols: 1 })
  })

  it('keeps the whole area of a result whose size the formula fixes, blanks included', () => {
    const b = Replica.create({ rows: 10, cols: 5 })
    ;['3', '1', '', '', ''].forEach((v, i) => v && b.type(`A${i + 1}`, v))
    b.type('B1', '=A1:A5*1')
    expect(spillOf(b, 'B1')).toEqual({ rows: 5, cols: 1 })
    expect(spillOf(b, 'A1')).toBeNull()
  })
})
