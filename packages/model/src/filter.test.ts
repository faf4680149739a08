import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseRange } from './a1.js'
import { repairSheet } from './documentRepair.js'
import { getFormat, setFormat } from './formats.js'
import { getCell, initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteAxis, insertAxis } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import {
  filterMap,
  filteredRowIds,
  isValidFilterEntry,
  parseFilterSpec,
  readFilter,
  removeFilter,
  setFilter,
  setFilterCriteria,
  type SheetFilter,
} from './filter.js'
import { passesFilter, type FilterCell } from './filterCriteria.js'

const r = (a1: string) => parseRange(a1)!

function sheet(rows: string[][]): { doc: Y.Doc; layout: SheetLayout } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 4 })
  const layout = new SheetLayout(doc)
  rows.forEach((row, i) =>
    row.forEach((v, c) => setCell(doc, layout.rowId(i)!, layout.colId(c)!, v)),
  )
  return { doc, layout }
}

/** A plain reader: numbers are numbers, the text is the input (no formulas in these tests). */
function cellOf(doc: Y.Doc) {
  return (rowId: string, colId: string): FilterCell => {
    const text = getCell(doc, rowId, colId)
    const n = Number(text)
    return {
      value: text === '' ? null : Number.isFinite(n) ? n : text,
      text,
      fill: getFormat(doc, rowId, colId).fill,
    }
  }
}

/** The 1-based row numbers the shared filter hides. */
function hiddenRows(doc: Y.Doc, layout: SheetLayout): number[] {
  const filter = readFilter(doc, layout) as SheetFilter
  const hidden = filteredRowIds(filter, layout.rowIds, cellOf(doc))
  return layout.rowIds.flatMap((id, i) => (hidden.has(id) ? [i + 1] : []))
}

const DATA = [
  ['Name', 'Qty', 'Due'],
  ['apple', '5', '46000'],
  ['banana', '12', '46010'],
  ['cherry', '', '46020'],
  ['apple pie', '30', ''],
]

describe('shared filter', () => {
  it('hides the rows failing any column, never the header; undo takes it back', () => {
    const { doc, layout } = sheet(DATA)
    const history = new UndoHistory({})
    history.track(doc)
    setFilter(doc, r('A1:C5'), {}, history.origin)
    expect(readFilter(doc, layout)?.range).toEqual(r('A1:C5'))
    expect(hiddenRows(doc, layout)).toEqual([])
    setFilterCriteria(doc, layout.colId(0)!, { hiddenValues: ['banana'] }, history.origin)
    expect(hiddenRows(doc, layout)).toEqual([3])
    setFilterCriteria(doc, layout.colId(1)!, { condition: { op: 'gt', value: 6 } }, history.origin)
    expect(hiddenRows(doc, layout)).toEqual([2, 3, 4])
    history.undo()
    expect(hiddenRows(doc, layout)).toEqual([3])
    expect(removeFilter(doc, history.origin)).toBe(true)
    expect(readFilter(doc, layout)).toBeNull()
    history.undo()
    expect(hiddenRows(doc, layout)).toEqual([3])
  })

  it('is recomputed from the values: a row shows again when its value stops failing', () => {
    const { doc, layout } = sheet(DATA)
    setFilter(doc, r('A1:C5'), { [layout.colId(1)!]: { condition: { op: 'notEmpty' } } })
    expect(hiddenRows(doc, layout)).toEqual([4])
    setCell(doc, layout.rowId(3)!, layout.colId(1)!, '7')
    expect(hiddenRows(doc, layout)).toEqual([])
  })

  it('text, number, date, empty and colour conditions', () => {
    const cell = (value: FilterCell['value'], text = String(value ?? ''), fill?: string) => ({
      value,
      text,
      fill,
    })
    const pass = (c: Parameters<typeof passesFilter>[0], x: FilterCell) => passesFilter(c, x)
    expect(pass({ condition: { op: 'textContains', value: 'PIE' } }, cell('apple pie'))).toBe(true)
    expect(pass({ condition: { op: 'textNotContains', value: 'pie' } }, cell('apple pie'))).toBe(
      false,
    )
    expect(pass({ condition: { op: 'between', value: 10, value2: 5 } }, cell(7))).toBe(true)
    expect(pass({ condition: { op: 'lt', value: 5 } }, cell('3'))).toBe(false)
    expect(pass({ condition: { op: 'eq', value: 5 } }, cell(5))).toBe(true)
    // 46000 is 2025-12-09.
    expect(pass({ condition: { op: 'dateBefore', value: '2025-12-10' } }, cell(46000.7))).toBe(true)
    expect(pass({ condition: { op: 'dateAfter', value: '2025-12-09' } }, cell(46000.7))).toBe(false)
    expect(pass({ condition: { op: 'empty' } }, cell(null))).toBe(true)
    expect(pass({ condition: { op: 'notEmpty' } }, cell(''))).toBe(false)
    expect(pass({ fill: '#ff0000' }, cell('x', 'x', '#FF0000'))).toBe(true)
    expect(pass({ fill: '#ff0000' }, cell('x'))).toBe(false)
    expect(pass({ hiddenValues: [''] }, cell(null))).toBe(false)
  })

  it('filters by fill colour', () => {
    const { doc, layout } = sheet(DATA)
    setFormat(doc, [{ rowId: layout.rowId(2)!, colId: layout.colId(0)! }], 'fill', '#ffcc00')
    setFilter(doc, r('A1:C5'), { [layout.colId(0)!]: { fill: '#ffcc00' } })
    expect(hiddenRows(doc, layout)).toEqual([2, 4, 5])
  })

  it('criteria follow their column and the range grows with inserted rows', () => {
    const { doc, layout } = sheet(DATA)
    setFilter(doc, r('A1:C5'), { [layout.colId(0)!]: { hiddenValues: ['cherry'] } })
    insertAxis(doc, 'cols', 0, 1)
    insertAxis(doc, 'rows', 2, 2)
    const filter = readFilter(doc, layout)!
    expect(filter.range).toEqual(r('B1:D7'))
    expect(filter.columns.map((c) => c.col)).toEqual([1])
    expect(hiddenRows(doc, layout)).toEqual([6])
  })

  it('survives deleting its header or last row; goes with all its rows', () => {
    const { doc, layout } = sheet(DATA)
    setFilter(doc, r('A2:C4'))
    deleteAxis(doc, 'rows', 1, 1)
    expect(readFilter(doc, layout)?.range).toEqual(r('A2:C3'))
    deleteAxis(doc, 'rows', 2, 1)
    expect(readFilter(doc, layout)?.range).toEqual(r('A2:C2'))
    deleteAxis(doc, 'rows', 1, 1)
    expect(readFilter(doc, layout)).toBeNull()
    expect(filterMap(doc).size).toBe(0)
  })

  it('a new filter drops criteria left over from a removal that raced an edit', () => {
    const { doc, layout } = sheet(DATA)
    const other = new Y.Doc()
    setFilter(doc, r('A1:C5'))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    removeFilter(doc)
    setFilterCriteria(other, layout.colId(0)!, { hiddenValues: ['apple'] })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    expect(readFilter(doc, layout)).toBeNull()
    setFilter(doc, r('A1:C5'))
    expect(readFilter(doc, layout)?.columns).toEqual([])
  })

  it('refuses criteria that do not hold together and stored entries that are not filters', () => {
    const { doc, layout } = sheet(DATA)
    const col = layout.colId(0)!
    expect(() => setFilter(doc, r('A1:A20'))).toThrow(/past the sheet/)
    expect(() => setFilterCriteria(doc, col, { condition: { op: 'gt', value: 'x' } })).toThrow(
      /number/,
    )
    expect(() => setFilterCriteria(doc, col, { fill: 'red' })).toThrow(/colour/)
    expect(isValidFilterEntry('range', 'a.1:b.2')).toBe(false)
    expect(isValidFilterEntry(`col:${col}`, '{"hiddenValues":[1]}')).toBe(false)
    expect(isValidFilterEntry(`col:${col}`, '{"evil":true}')).toBe(false)
    expect(isValidFilterEntry('col:no:pe', '{}')).toBe(false)
    expect(isValidFilterEntry(`col:${col}`, '{"condition":{"op":"empty"}}')).toBe(true)
    filterMap(doc).set('junk', 3)
    filterMap(doc).set(`col:${col}`, '{"fill":"blue"}')
    expect(repairSheet(doc).byRoot.filter).toBe(2)
  })

  it('parses a personal view spec and refuses a broken one', () => {
    const { layout } = sheet(DATA)
    const at = [layout.rowId(0)!, layout.colId(0)!, layout.rowId(4)!, layout.colId(2)!]
    const spec = { at, columns: { [layout.colId(1)!]: { condition: { op: 'empty' } } } }
    expect(parseFilterSpec(spec)?.at).toEqual(at)
    expect(parseFilterSpec({ ...spec, at: at.slice(1) })).toBeNull()
    expect(parseFilterSpec({ at, columns: { 'x y': {} } })).toBeNull()
    expect(parseFilterSpec('nope')).toBeNull()
  })
})
