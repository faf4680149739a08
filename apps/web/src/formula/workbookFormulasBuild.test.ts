import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, initSheet, initWorkbook, setCell } from '@cellmate/model'
import { WorkbookEngine } from '@cellmate/formula/engine'
import { WorkbookFormulas } from './workbookFormulas'

describe('WorkbookFormulas beforeBuild', () => {
  it('builds the engine only once beforeBuild has resolved (what was sent has left the page)', async () => {
    const workbook = new Y.Doc()
    const { id } = initWorkbook(workbook, 'Budget', 'budget')
    const doc = new Y.Doc()
    initSheet(doc, { rows: 5, cols: 3 })
    let sent: () => void = () => {}
    let waits = 0
    const formulas = new WorkbookFormulas(workbook, () => {}, {
      loadEngine: () => Promise.resolve({ WorkbookEngine }),
      afterPaint: (fn) => fn(),
      beforeBuild: () => {
        waits++
        return new Promise<void>((resolve) => (sent = resolve))
      },
    })
    const layout = new SheetLayout(doc)
    const sheet = formulas.forSheet(id, layout)
    setCell(doc, layout.rowId(0)!, layout.colId(0)!, '2')
    setCell(doc, layout.rowId(0)!, layout.colId(1)!, '=A1*21')
    formulas.addSheet(id, doc)
    let built = false
    const ready = formulas.startEngine().then(() => (built = true))
    for (let i = 0; i < 10; i++) await Promise.resolve()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(waits).toBe(1)
    expect(built).toBe(false)
    expect(sheet.value(0, 1)).toBeNull()

    sent()
    await ready
    expect(sheet.value(0, 1)).toBe(42)
  })
})
