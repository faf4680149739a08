import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { ensureSheetSize, getCell, initSheet, setCell, setCells, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { initWorkbook, listSheets, getTitle, hasSheet } from './workbook.js'

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('sheet document', () => {
  it('a new sheet has 1000 rows and 26 columns of unique ids', () => {
    const doc = new Y.Doc()
    initSheet(doc)
    const { rows, cols } = sheetTypes(doc)
    expect(rows.length).toBe(1000)
    expect(cols.length).toBe(26)
    const all = [...rows.toArray(), ...cols.toArray()]
    expect(new Set(all).size).toBe(all.length)
    expect(all.every((id) => !id.includes(':'))).toBe(true)
    initSheet(doc, { rows: 5, cols: 5 })
    expect(rows.length).toBe(1000)
  })

  it('stores cells by row and column id; "" clears; rewriting a value makes no update', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 3, cols: 3 })
    const layout = new SheetLayout(doc)
    const [r, c] = [layout.rowId(1)!, layout.colId(2)!]
    setCell(doc, r, c, 'hello')
    expect(getCell(doc, r, c)).toBe('hello')
    expect(layout.cellAt(1, 2)).toBe('hello')
    let updates = 0
    doc.on('update', () => updates++)
    setCell(doc, r, c, 'hello')
    expect(updates).toBe(0)
    setCell(doc, r, c, '')
    expect(updates).toBe(1)
    expect(sheetTypes(doc).cells.size).toBe(0)
    expect(layout.cellAt(99, 99)).toBe('')
  })

  it('setCells is one transaction: one update for many cells', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 100, cols: 3 })
    const layout = new SheetLayout(doc)
    let updates = 0
    doc.on('update', () => updates++)
    setCells(
      doc,
      Array.from({ length: 100 }, (_, i) => ({
        rowId: layout.rowId(i)!,
        colId: layout.colId(0)!,
        value: `v${i}`,
      })),
    )
    expect(updates).toBe(1)
    expect(layout.cellAt(99, 0)).toBe('v99')
  })

  it('an edit stays on its row when another replica inserts rows above it', () => {
    const a = new Y.Doc()
    initSheet(a, { rows: 50, cols: 2 })
    const b = new Y.Doc()
    sync(a, b)
    const la = new SheetLayout(a)
    const lb = new SheetLayout(b)
    // A types in row 40 while B inserts 3 rows at the top; neither has seen the other.
    setCell(a, la.rowId(39)!, la.colId(0)!, 'typed in row 40')
    sheetTypes(b).rows.insert(0, ['x1', 'x2', 'x3'])
    sync(a, b)
    for (const l of [la, lb]) {
      expect(l.cellAt(42, 0)).toBe('typed in row 40')
      expect(l.rowCount).toBe(53)
    }
  })

  it('readers keep the first occurrence of a row id listed twice', () => {
    const doc = new Y.Doc()
    sheetTypes(doc).rows.push(['r1', 'r2', 'r1', 'r3'])
    const layout = new SheetLayout(doc)
    expect(layout.rowCount).toBe(3)
    expect([layout.rowId(0), layout.rowId(1), layout.rowId(2)]).toEqual(['r1', 'r2', 'r3'])
    expect(layout.rowIndexOf('r3')).toBe(2)
    expect(layout.rowIndexOf('gone')).toBe(-1)
  })

  it('grows to fit an edit addressed past the end', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 10, cols: 2 })
    ensureSheetSize(doc, { rows: 25, cols: 1 })
    const layout = new SheetLayout(doc)
    expect([layout.rowCount, layout.colCount]).toEqual([25, 2])
  })

  it('replicas editing random cells in any delivery order converge', () => {
    const edit = fc.record({
      replica: fc.nat(2),
      row: fc.nat(9),
      col: fc.nat(3),
      value: fc.oneof(fc.constant(''), fc.string({ maxLength: 4 })),
    })
    fc.assert(
      fc.property(
        fc.array(edit, { maxLength: 30 }),
        fc.array(fc.nat(5), { maxLength: 10 }),
        (edits, syncPoints) => {
          const origin = new Y.Doc()
          initSheet(origin, { rows: 10, cols: 4 })
          const replicas = [0, 1, 2].map(() => {
            const d = new Y.Doc()
            Y.applyUpdate(d, Y.encodeStateAsUpdate(origin))
            return d
          })
          const log: Uint8Array[][] = [[], [], []]
          replicas.forEach((d, i) => d.on('update', (u: Uint8Array) => log[i]!.push(u)))
          edits.forEach((e, i) => {
            const d = replicas[e.replica]!
            const l = new SheetLayout(d)
            setCell(d, l.rowId(e.row)!, l.colId(e.col)!, e.value)
            l.destroy()
            if (syncPoints.includes(i % 6)) sync(replicas[0]!, replicas[e.replica]!)
          })
          // Deliver every replica's updates to every other, in reverse order.
          replicas.forEach((d, i) => {
            for (let j = 0; j < 3; j++)
              if (j !== i) for (const u of [...log[j]!].reverse()) Y.applyUpdate(d, u)
          })
          const states = replicas.map((d) =>
            JSON.stringify(Object.entries(sheetTypes(d).cells.toJSON()).sort()),
          )
          return states[0] === states[1] && states[1] === states[2]
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    )
  })
})

describe('workbook document', () => {
  it('a new workbook has its title and one sheet named Sheet1', () => {
    const doc = new Y.Doc()
    const sheet = initWorkbook(doc, 'Budget', 's1')
    expect(getTitle(doc)).toBe('Budget')
    expect(listSheets(doc)).toEqual([{ id: sheet.id, name: 'Sheet1' }])
    expect(hasSheet(doc, sheet.id)).toBe(true)
    expect(hasSheet(doc, 'other')).toBe(false)
    expect(getTitle(new Y.Doc())).toBe('Untitled workbook')
  })
})
