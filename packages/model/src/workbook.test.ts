import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LIMITS } from '@cellmate/protocol'
import { initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import {
  addSheet,
  copySheetContent,
  deleteSheet,
  duplicateSheet,
  getTitle,
  initWorkbook,
  listSheets,
  moveSheet,
  renameSheet,
  setTitle,
} from './workbook.js'

describe('workbook title', () => {
  it('is renamed trimmed, refuses a blank or over-long title, and writes nothing when unchanged', () => {
    const wb = new Y.Doc()
    initWorkbook(wb, 'Budget', 's1')
    expect(setTitle(wb, '  Budget 2027 ')).toBe('Budget 2027')
    expect(getTitle(wb)).toBe('Budget 2027')
    expect(() => setTitle(wb, '   ')).toThrow(/blank/)
    expect(() => setTitle(wb, 'x'.repeat(LIMITS.maxTitleChars + 1))).toThrow(/at most/)
    expect(getTitle(wb)).toBe('Budget 2027')
    let updates = 0
    wb.on('update', () => updates++)
    setTitle(wb, 'Budget 2027')
    expect(updates).toBe(0)
  })

  it('is undone by the renamer only, and concurrent renames converge', () => {
    const a = new Y.Doc()
    initWorkbook(a, 'Plan', 's1')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const mine = Symbol('mine')
    const undo = new Y.UndoManager(a.getMap('meta'), { trackedOrigins: new Set([mine]) })
    setTitle(a, 'Plan A', mine)
    setTitle(b, 'Plan B')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(getTitle(a)).toBe(getTitle(b))
    undo.undo()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(getTitle(a)).toBe(getTitle(b))
  })
})

describe('sheet operations', () => {
  it('adds, renames, reorders, duplicates and deletes sheets', () => {
    const wb = new Y.Doc()
    const first = initWorkbook(wb, 'wb', 's1')
    const second = addSheet(wb, { id: 's2' })
    expect(second).toEqual({ id: 's2', name: 'Sheet2' })
    const third = addSheet(wb, { id: 's3', name: '  Totals ' })
    expect(third.name).toBe('Totals')
    renameSheet(wb, second.id, 'Inputs')
    moveSheet(wb, third.id, 0)
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Totals', 'Sheet1', 'Inputs'])
    const copy = duplicateSheet(wb, first.id, 'c1')
    expect(copy.id).toBe('c1')
    expect(listSheets(wb).map((s) => s.name)).toEqual([
      'Totals',
      'Sheet1',
      'Sheet1 (copy)',
      'Inputs',
    ])
    expect(duplicateSheet(wb, first.id, 'c2').name).toBe('Sheet1 (copy 2)')
    deleteSheet(wb, copy.id)
    expect(listSheets(wb).map((s) => s.name)).toEqual([
      'Totals',
      'Sheet1',
      'Sheet1 (copy 2)',
      'Inputs',
    ])
  })

  it('refuses duplicate, blank or forbidden names and deleting the last sheet', () => {
    const wb = new Y.Doc()
    const only = initWorkbook(wb, 'wb', 's1')
    expect(() => addSheet(wb, { id: 's2', name: 'sheet1' })).toThrow(/already a sheet/)
    expect(() => addSheet(wb, { id: 's2', name: 'x'.repeat(101) })).toThrow(/at most 100/)
    expect(() => renameSheet(wb, only.id, '  ')).toThrow(/blank/)
    expect(() => renameSheet(wb, only.id, 'a/b')).toThrow(/cannot contain/)
    expect(() => renameSheet(wb, 'nope', 'x')).toThrow(/no sheet/)
    expect(() => deleteSheet(wb, only.id)).toThrow(/at least one/)
    renameSheet(wb, only.id, 'SHEET1')
    expect(listSheets(wb)[0]!.name).toBe('SHEET1')
  })

  it('a rename and a reorder made at the same time both survive', () => {
    const a = new Y.Doc()
    initWorkbook(a, 'wb', 's1')
    const s2 = addSheet(a, { id: 's2' })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    renameSheet(a, s2.id, 'Renamed')
    moveSheet(b, s2.id, 0)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(listSheets(a)).toEqual(listSheets(b))
    expect(listSheets(a)[0]).toEqual({ id: s2.id, name: 'Renamed' })
  })

  it('copySheetContent copies what a reader sees', () => {
    const src = new Y.Doc()
    initSheet(src, { rows: 3, cols: 2 })
    const l = new SheetLayout(src)
    setCell(src, l.rowId(2)!, l.colId(1)!, 'copied')
    const dst = new Y.Doc()
    copySheetContent(src, dst)
    const ld = new SheetLayout(dst)
    expect([ld.rowCount, ld.colCount, ld.cellAt(2, 1)]).toEqual([3, 2, 'copied'])
  })
})
