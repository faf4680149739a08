import { describe, expect, it } from 'vitest'
import { colToLetters, deleteSheet, insertRows } from '@cellmate/model'
import { WorkbookEngine, type EngineChange } from './workbookEngine.js'
import { Replica } from './__tests__/workbookTestBed.js'

/** A lazy engine (the server's) on a replica's documents, with what it reports. */
function lazyEngine(r: Replica): {
  engine: WorkbookEngine
  changes: EngineChange[]
  missing: string[]
  errors: unknown[]
} {
  const changes: EngineChange[] = []
  const missing: string[] = []
  const errors: unknown[] = []
  const engine = new WorkbookEngine(r.workbook, {
    lazy: true,
    onMissingSheet: (id) => missing.push(id),
    onError: (e) => errors.push(e),
  })
  for (const [id, doc] of r.sheetDocs) engine.addSheet(id, doc)
  engine.onChange((c) => changes.push(...c))
  return { engine, changes, missing, errors }
}

describe('a lazy engine', () => {
  it('does no work for an edit until something is read, then has every value', () => {
    const r = Replica.create()
    const { engine, changes, errors } = lazyEngine(r)
    r.type('A1', '2')
    r.type('A2', '=A1*10')
    insertRows(r.doc(), 0, 1)
    r.type('A1', '5')
    expect(changes).toEqual([])
    const id = r.firstSheetId()
    // A2 and A3 are the cells typed as A1 and A2, moved down by the insert.
    expect(engine.getValue(id, 1, 0)).toBe(2)
    expect(engine.getValue(id, 2, 0)).toBe(20)
    expect(engine.getValue(id, 0, 0)).toBe(5)
    expect(changes.length).toBeGreaterThan(0)
    expect(errors).toEqual([])
    engine.destroy()
  })

  it('catches up with many small edits and with a paste, as an eager engine does', () => {
    const r = Replica.create({ rows: 200, cols: 12 })
    const { engine, errors } = lazyEngine(r)
    const doc = r.doc()
    // 1,200 cells in transactions of 100 (more than the bulk threshold together), then a
    // column of formulas over them in one transaction.
    for (let start = 0; start < 1200; start += 100) {
      doc.transact(() => {
        for (let i = start; i < start + 100; i++) {
          r.type(`${colToLetters(i % 6)}${Math.floor(i / 6) + 1}`, String(i))
        }
      })
    }
    doc.transact(() => {
      for (let row = 1; row <= 200; row++) r.type(`H${row}`, `=SUM(A${row}:F${row})`)
    })
    r.type('J1', '=SUM(H1:H200)')
    const id = r.firstSheetId()
    expect(engine.getValue(id, 0, 9)).toBe((1199 * 1200) / 2)
    expect(engine.getValue(id, 199, 7)).toBe(1194 + 1195 + 1196 + 1197 + 1198 + 1199)
    expect(engine.getValue(id, 0, 9)).toEqual(r.value('J1'))
    expect(errors).toEqual([])
    engine.destroy()
  })

  it('reports a sheet a formula now names when asked to follow, before any read', () => {
    const r = Replica.create()
    const other = r.addSheet('Other')
    const engine = new WorkbookEngine(r.workbook, {
      lazy: true,
      onMissingSheet: (id) => missing.push(id),
    })
    const missing: string[] = []
    engine.addSheet(r.firstSheetId(), r.doc())
    r.type('B2', '=Other!A1+1')
    expect(missing).toEqual([])
    engine.followDocuments()
    expect(missing).toEqual([other])
    engine.addSheet(other, r.sheetDocs.get(other)!)
    r.type('Other!A1', '41')
    expect(engine.getValue(r.firstSheetId(), 1, 1)).toBe(42)
    engine.destroy()
  })

  it('drops what it noted for a sheet that left the workbook meanwhile', () => {
    const r = Replica.create()
    const other = r.addSheet('Other')
    const { engine, errors } = lazyEngine(r)
    r.type('A1', '=Other!A1')
    r.type('Other!A1', '7')
    expect(engine.getValue(r.firstSheetId(), 0, 0)).toBe(7)
    r.type('Other!A1', '8')
    deleteSheet(r.workbook, other)
    const value = engine.getValue(r.firstSheetId(), 0, 0)
    expect(value).toMatchObject({ error: '#REF!' })
    expect(engine.getValue(other, 0, 0)).toBeNull()
    expect(errors).toEqual([])
    engine.destroy()
  })
})
