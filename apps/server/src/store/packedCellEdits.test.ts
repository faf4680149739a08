import { describe, expect, it } from 'vitest'
import type { CellEditRecord } from './historyRecords.js'
import { cellEditRuns, packCellEdits } from './packedCellEdits.js'

const edit = (over: Partial<CellEditRecord>): CellEditRecord => ({
  workbookId: 'wb',
  sheetId: 's1',
  rowId: 'r1',
  colId: 'c1',
  value: 'v',
  at: 1000,
  linkId: null,
  name: 'Ada',
  source: 'socket',
  ...over,
})

function unpack(lists: CellEditRecord[][]): CellEditRecord[] {
  return cellEditRuns(packCellEdits(lists)).flatMap(({ fields, cells }) =>
    cells.map(([rowId, colId, value]) => ({ ...fields, rowId, colId, value })),
  )
}

describe('packCellEdits', () => {
  it('gives back every row, in order, with its own cell, value and shared fields', () => {
    const lists = [
      [edit({ rowId: 'r1', value: 'a' }), edit({ rowId: 'r2', value: null })],
      [],
      [
        edit({ rowId: 'r3', at: 2000, name: null, linkId: 'L1', source: 'rest' }),
        edit({ rowId: 'r4', colId: 'c9', sheetId: 's2', value: '' }),
        edit({ rowId: 'r5', workbookId: 'wb2', source: 'server' }),
      ],
    ]
    expect(unpack(lists)).toEqual(lists.flat())
  })

  it('writes the shared fields once per run of rows that share them', () => {
    const paste = Array.from({ length: 1000 }, (_, i) => edit({ rowId: `r${i}`, value: `${i}` }))
    const packed = packCellEdits([paste, [edit({ at: 2000 })], [edit({ at: 2000, rowId: 'x' })]])
    expect(packed.runs.map((r) => r.count)).toEqual([1000, 2])
    expect(packed.rowIds).toHaveLength(1002)
  })
})
