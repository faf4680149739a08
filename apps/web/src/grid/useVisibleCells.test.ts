import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import * as Y from 'yjs'
import { initSheet, mergeCells } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { uniformMetrics, type GridWindow } from './gridGeometry'
import { useVisibleCells, type VisibleRow } from './useVisibleCells'

function openSheet(merge: {
  start: { row: number; col: number }
  end: { row: number; col: number }
}) {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 500, cols: 10 })
  mergeCells(doc, merge)
  const sheet = new SheetSession('s1', { doc, release() {} }, { session: 'test' })
  const win = ref<GridWindow>({ rowStart: 0, rowEnd: 30, colStart: 0, colEnd: 10 })
  const metrics = uniformMetrics({ rows: 500, cols: 10 })
  const { rows } = useVisibleCells({
    sheet: () => sheet,
    version: () => 0,
    metrics: () => metrics,
    win: () => win.value,
  })
  return { rows, win }
}

const rowAt = (rows: VisibleRow[], row: number): VisibleRow | undefined =>
  rows.find((r) => r.row === row)

describe('useVisibleCells', () => {
  it('keeps the rows still on screen when scrolling a sheet whose merged blocks are elsewhere', () => {
    const { rows, win } = openSheet({ start: { row: 300, col: 0 }, end: { row: 301, col: 1 } })
    const before = rows.value
    win.value = { rowStart: 5, rowEnd: 35, colStart: 0, colEnd: 10 }
    const after = rows.value
    expect(rowAt(after, 20)).toBe(rowAt(before, 20))
    expect(rowAt(after, 34)?.row).toBe(34)
  })

  it('draws a merged block cut by the top of the window from the first row on screen', () => {
    const { rows, win } = openSheet({ start: { row: 0, col: 0 }, end: { row: 3, col: 1 } })
    const host = (row: number) => rowAt(rows.value, row)?.groups[0]?.cells[0]
    expect(host(0)?.merged).toMatchObject({ dy: 0, height: 96 })
    win.value = { rowStart: 2, rowEnd: 32, colStart: 0, colEnd: 10 }
    expect(host(2)?.merged).toMatchObject({ dy: -48, height: 96 })
    expect(host(2)?.address).toBe('A1')
    win.value = { rowStart: 3, rowEnd: 33, colStart: 0, colEnd: 10 }
    expect(host(3)?.merged).toMatchObject({ dy: -72 })
    // Scrolled past the block: row 4 draws its own cells again.
    win.value = { rowStart: 4, rowEnd: 34, colStart: 0, colEnd: 10 }
    expect(host(4)?.merged).toBeNull()
    expect(host(4)?.address).toBe('A5')
  })
})
