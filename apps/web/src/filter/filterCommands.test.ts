import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { filterMenuItems, runFilterCommand } from './filterCommands'

const LOCAL = Object.freeze({ session: 'test' })
const table = { start: { row: 0, col: 0 }, end: { row: 3, col: 1 } }

function open(id: string): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 4, cols: 2 })
  const sheet = new SheetSession(id, { doc, release() {} }, LOCAL)
  ;['Owner', 'Ana', 'Ben', 'Ana'].forEach((v, r) => sheet.write(r, 0, v))
  return sheet
}

describe('filter commands', () => {
  it('a viewer is offered filter views only, and using one writes nothing to the document', () => {
    const sheet = open('viewer')
    sheet.filters.createShared(table)
    const updates: Uint8Array[] = []
    sheet.doc.on('update', (u: Uint8Array) => updates.push(u))

    const ids = () => filterMenuItems(sheet.filters, false).map((i) => i.id)
    expect(ids()).toEqual(['view:create'])
    expect(runFilterCommand('filter:remove', sheet.filters, table, false)).toBe(false)
    expect(sheet.filters.shared()).not.toBeNull()

    expect(runFilterCommand('view:create', sheet.filters, table, false)).toBe(true)
    const view = sheet.filters.activeView()!
    sheet.filters.setCriteria(sheet.layout.colId(0)!, { hiddenValues: ['Ana'] })
    expect(sheet.filters.hiddenRows()).toEqual([1, 3])
    expect(ids()).toEqual(['view:create', `view:use:${view.id}`, 'view:exit', 'view:delete'])
    runFilterCommand('view:exit', sheet.filters, table, false)
    expect(sheet.filters.hiddenRows()).toEqual([])
    expect(updates).toEqual([])
  })

  it('an editor also gets the shared filter items', () => {
    const sheet = open('editor')
    expect(filterMenuItems(sheet.filters, true).map((i) => i.id)).toEqual([
      'filter:create',
      'view:create',
    ])
    runFilterCommand('filter:create', sheet.filters, table, true)
    expect(filterMenuItems(sheet.filters, true)[0]?.id).toBe('filter:remove')
  })
})
