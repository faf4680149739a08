import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, setHiddenAt, UndoHistory } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { SheetFilters } from './sheetFilters'
import type { ViewStorage } from './filterViewStore'

const LOCAL = Object.freeze({ session: 'test' })

function open(): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 6, cols: 2 })
  const sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
  ;['Owner', 'Ana', 'Ben', 'Ana', 'Cleo'].forEach((v, r) => sheet.write(r, 0, v))
  return sheet
}

const table = { start: { row: 0, col: 0 }, end: { row: 4, col: 1 } }

function memory(): ViewStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('SheetFilters', () => {
  it('hides what the shared filter hides, with rows hidden by hand, and follows edits', () => {
    const sheet = open()
    const colA = sheet.layout.colId(0)!
    sheet.filters.createShared(table)
    sheet.filters.setCriteria(colA, { hiddenValues: ['Ana'] })
    setHiddenAt(sheet.doc, 'rows', 5, 1, true)
    expect(sheet.filters.hiddenRows()).toEqual([1, 3, 5])
    // Copy and fill skip the rows a filter hides, not the ones hidden by hand.
    expect([1, 3, 5].map((r) => sheet.filters.filtered(r))).toEqual([true, true, false])
    sheet.write(3, 0, 'Dan')
    expect(sheet.filters.hiddenRows()).toEqual([1, 5])
    sheet.filters.removeShared()
    expect(sheet.filters.hiddenRows()).toEqual([5])
  })

  it('Delete on a filtered selection leaves the rows the filter hides; one undo brings all back', () => {
    const sheet = open()
    ;['', '1', '2', '3', '4', '5'].forEach((v, r) => r > 0 && sheet.write(r, 1, v))
    const history = new UndoHistory(LOCAL)
    history.track(sheet.doc)
    sheet.filters.createShared(table)
    sheet.filters.setCriteria(sheet.layout.colId(0)!, { hiddenValues: ['Ben'] })
    setHiddenAt(sheet.doc, 'rows', 5, 1, true)
    const column = (c: number) => [1, 2, 3, 4, 5].map((r) => sheet.layout.cellAt(r, c))
    // Row 2 (Ben) is filtered out; row 5 is hidden by hand, which clearing does not skip
    // (Excel's rule, and cut's and Ctrl+D's here).
    sheet.clear({ start: { row: 1, col: 0 }, end: { row: 5, col: 1 } })
    expect(column(0)).toEqual(['', 'Ben', '', '', ''])
    expect(column(1)).toEqual(['', '2', '', '', ''])
    expect(history.undo()).toBe(true)
    expect(column(0)).toEqual(['Ana', 'Ben', 'Ana', 'Cleo', ''])
    expect(column(1)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('a filter view replaces the shared filter on this screen only and is kept in storage', () => {
    const sheet = open()
    const storage = memory()
    const filters = new SheetFilters(filtersHost(sheet), LOCAL, storage)
    const colA = sheet.layout.colId(0)!
    filters.createShared(table)
    filters.setCriteria(colA, { hiddenValues: ['Ana'] })
    const view = filters.createView(table, 'Mine')
    // The view starts as a copy of the shared filter's criteria on the same range.
    expect(filters.hiddenRows()).toEqual([1, 3])
    filters.setCriteria(colA, { hiddenValues: ['Cleo'] })
    expect(filters.hiddenRows()).toEqual([4])
    // The document still holds only the shared criteria: nobody else sees the view.
    expect(filters.shared()?.spec.columns[colA]).toEqual({ hiddenValues: ['Ana'] })
    const reopened = new SheetFilters(filtersHost(sheet), LOCAL, storage)
    expect(reopened.activeView()?.id).toBe(view.id)
    expect(reopened.hiddenRows()).toEqual([4])
    filters.useView(null)
    expect(filters.hiddenRows()).toEqual([1, 3])
  })
})

function filtersHost(sheet: SheetSession) {
  return {
    id: sheet.id,
    doc: sheet.doc,
    layout: sheet.layout,
    value: (r: number, c: number) => sheet.value(r, c),
    format: (r: number, c: number) => sheet.format(r, c),
    shownFormat: (r: number, c: number) => sheet.shownFormat(r, c),
  }
}
