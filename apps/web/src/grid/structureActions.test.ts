import { describe, expect, it } from 'vitest'
import { GRID_MENUS, gridMenuItems, isStructureAction, planStructure } from './structureActions'

const cellAt = (row: number, col: number) => ({ start: { row, col }, end: { row, col } })

const size = { rows: 1000, cols: 26 }

describe('planStructure: what each menu item does to the sheet', () => {
  it('inserts above at the row and below after it, selecting the new row', () => {
    expect(planStructure('insertRowAbove', 4, 1000)).toEqual({
      op: { kind: 'insert', axis: 'rows', at: 4, count: 1 },
      select: 4,
    })
    expect(planStructure('insertRowBelow', 4, 1000)).toEqual({
      op: { kind: 'insert', axis: 'rows', at: 5, count: 1 },
      select: 5,
    })
    expect(planStructure('insertColLeft', 2, 26)?.op).toEqual({
      kind: 'insert',
      axis: 'cols',
      at: 2,
      count: 1,
    })
    expect(planStructure('insertColRight', 25, 26)?.op).toMatchObject({ at: 26, axis: 'cols' })
  })

  it('deletes the row and keeps the selection on the row that took its place', () => {
    expect(planStructure('deleteRow', 4, 1000)).toEqual({
      op: { kind: 'delete', axis: 'rows', at: 4, count: 1 },
      select: 4,
    })
    expect(planStructure('deleteRow', 999, 1000)?.select).toBe(998)
    expect(planStructure('deleteCol', 0, 26)?.op).toMatchObject({ kind: 'delete', axis: 'cols' })
  })

  it('leaves deleting the only row to the model, which says why it refuses', () => {
    expect(planStructure('deleteRow', 0, 1)).toEqual({
      op: { kind: 'delete', axis: 'rows', at: 0, count: 1 },
      select: 0,
    })
  })

  it('moves a row or column by one and follows it; not past either end', () => {
    expect(planStructure('moveRowUp', 4, 1000)).toEqual({
      op: { kind: 'move', axis: 'rows', from: 4, count: 1, to: 3 },
      select: 3,
    })
    expect(planStructure('moveRowDown', 4, 1000)?.op).toMatchObject({ from: 4, to: 5 })
    expect(planStructure('moveRowUp', 0, 1000)).toBeNull()
    expect(planStructure('moveRowDown', 999, 1000)).toBeNull()
    expect(planStructure('moveColLeft', 0, 26)).toBeNull()
    expect(planStructure('moveColRight', 25, 26)).toBeNull()
    expect(planStructure('moveColRight', 3, 26)?.op).toMatchObject({ axis: 'cols', to: 4 })
  })

  it('does nothing for a position outside the sheet', () => {
    expect(planStructure('insertRowAbove', 1000, 1000)).toBeNull()
    expect(planStructure('deleteCol', -1, 26)).toBeNull()
  })
})

describe('grid menus', () => {
  it('the row menu lists the row commands with their shortcuts', () => {
    const items = gridMenuItems('row', cellAt(4, 0), size)
    expect(items.map((i) => i.label)).toEqual([
      'Insert 1 row above',
      'Insert 1 row below',
      'Delete row',
      'Move row up',
      'Move row down',
    ])
    expect(items[0]?.shortcut).toEqual({ text: 'Ctrl+Alt+=', aria: 'Control+Alt+=' })
    expect(items[2]?.shortcut?.text).toBe('Ctrl+Alt+-')
    expect(items[3]?.shortcut?.aria).toBe('Alt+Shift+ArrowUp')
    expect(items.every((i) => !i.disabled)).toBe(true)
    expect(GRID_MENUS.row.testId).toBe('row-menu')
    expect(GRID_MENUS.row.label({ row: 4, col: 0 }, 'A')).toBe('Row 5')
  })

  it('disables moving the first row up and the last column right', () => {
    const rowItems = gridMenuItems('row', cellAt(0, 0), size)
    expect(rowItems.find((i) => i.id === 'moveRowUp')?.disabled).toBe(true)
    expect(rowItems.find((i) => i.id === 'moveRowDown')?.disabled).toBe(false)
    const colItems = gridMenuItems('col', cellAt(0, 25), size)
    expect(colItems.map((i) => i.label)).toContain('Insert 1 column left')
    expect(colItems.find((i) => i.id === 'moveColRight')?.disabled).toBe(true)
    expect(GRID_MENUS.col.label({ row: 0, col: 25 }, 'Z')).toBe('Column Z')
  })

  it('the cell menu offers rows and columns, with shortcuts only where they apply as shown', () => {
    const items = gridMenuItems('cell', cellAt(1, 1), size)
    expect(items.map((i) => i.id)).toEqual([
      'insertRowAbove',
      'insertRowBelow',
      'insertColLeft',
      'insertColRight',
      'deleteRow',
      'deleteCol',
    ])
    expect(items.find((i) => i.id === 'insertRowAbove')?.shortcut).toBeDefined()
    expect(items.find((i) => i.id === 'insertColLeft')?.shortcut).toBeUndefined()
  })

  it('recognises its own item ids only', () => {
    expect(isStructureAction('deleteRow')).toBe(true)
    expect(isStructureAction('toString')).toBe(false)
  })
})

describe('row and column commands on several selected rows or columns', () => {
  const size = { rows: 1000, cols: 26 }
  const rows2to4 = { start: { row: 1, col: 0 }, end: { row: 3, col: 25 } }

  it('name the block in the menu, as Sheets does', () => {
    expect(gridMenuItems('row', rows2to4, size).map((i) => i.label)).toEqual([
      'Insert 3 rows above',
      'Insert 3 rows below',
      'Delete rows 2–4',
      'Move rows up',
      'Move rows down',
    ])
    const colsBtoD = { start: { row: 0, col: 1 }, end: { row: 999, col: 3 } }
    expect(gridMenuItems('col', colsBtoD, size).map((i) => i.label)).toContain('Delete columns B–D')
  })

  it('insert, delete and move the whole block', () => {
    expect(planStructure('insertRowAbove', 1, 1000, 3)?.op).toEqual({
      kind: 'insert',
      at: 1,
      axis: 'rows',
      count: 3,
    })
    expect(planStructure('insertRowBelow', 1, 1000, 3)).toEqual({
      op: { kind: 'insert', at: 4, axis: 'rows', count: 3 },
      select: 4,
    })
    expect(planStructure('deleteRow', 1, 1000, 3)?.op).toEqual({
      kind: 'delete',
      at: 1,
      axis: 'rows',
      count: 3,
    })
    expect(planStructure('moveRowDown', 1, 1000, 3)?.op).toEqual({
      kind: 'move',
      from: 1,
      to: 2,
      axis: 'rows',
      count: 3,
    })
    // A block that ends at the last row cannot move down; one past the sheet is no block.
    expect(planStructure('moveRowDown', 997, 1000, 3)).toBeNull()
    expect(planStructure('deleteRow', 998, 1000, 3)).toBeNull()
  })
})
