import { describe, expect, it } from 'vitest'
import { cellCount, cellEditBatches, cellEditRun, splitBatches } from './cellEditBatches.js'
import type { CellEditBatch, CellEditRecord } from './historyRecords.js'

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

function unpack(batches: readonly CellEditBatch[]): CellEditRecord[] {
  return batches.flatMap((b) => {
    const { fields, cells } = cellEditRun(b)
    return cells.map(([rowId, colId, value]) => ({ ...fields, rowId, colId, value }))
  })
}

describe('cell edit batches', () => {
  it('give back every record, in order, with its own cell, value and shared fields', () => {
    const records = [
      edit({ rowId: 'r1', value: 'a' }),
      edit({ rowId: 'r2', value: null }),
      edit({ rowId: 'r3', at: 2000, name: null, linkId: 'L1', source: 'rest' }),
      edit({ rowId: 'r4', colId: 'c9', sheetId: 's2', value: '' }),
      edit({ rowId: 'r5', workbookId: 'wb2', source: 'server', value: 'a:b::c' }),
      edit({ rowId: 'r6', workbookId: 'wb2', source: 'server', value: '\u0000\ud800:' }),
    ]
    expect(unpack(cellEditBatches(records))).toEqual(records)
  })

  it('write the shared fields once per run of records that share them', () => {
    const paste = Array.from({ length: 1000 }, (_, i) => edit({ rowId: `r${i}`, value: `${i}` }))
    const batches = cellEditBatches([...paste, edit({ at: 2000 }), edit({ at: 2000, rowId: 'x' })])
    expect(batches.map((b) => b.cells.length)).toEqual([1000, 2])
    expect(cellCount(batches)).toBe(1002)
  })

  it('split into parts of at most so many cells, in order, nothing lost', () => {
    const records = [
      ...Array.from({ length: 7 }, (_, i) => edit({ rowId: `a${i}` })),
      edit({ rowId: 'b', at: 2000 }),
      ...Array.from({ length: 5 }, (_, i) => edit({ rowId: `c${i}`, at: 3000 })),
    ]
    const parts = splitBatches(cellEditBatches(records), 3)
    expect(parts.map(cellCount)).toEqual([3, 3, 3, 3, 1])
    expect(unpack(parts.flat())).toEqual(records)
    expect(splitBatches([], 3)).toEqual([])
  })
})
