import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { getCell, initSheet, setCell, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { moveAxis } from './structure.js'
import { addSheet, initWorkbook, listSheets, renameSheet } from './workbook.js'
import { changedCells, restoreDocContent, revertRestore } from './versionRestore.js'
import { SheetCells } from './cellStore.js'
import { setFormat, getFormat } from './formats.js'

/** A frozen copy of a document as a version store keeps it. */
function versionOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

function cellsOf(doc: Y.Doc): Record<string, string> {
  return SheetCells.of(doc).toJSON()
}

describe('restoreDocContent', () => {
  it('brings cells, formats and row order back to a version, keeping row ids', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 5, cols: 3 })
    const layout = new SheetLayout(doc)
    const r0 = layout.rowId(0)!
    const c0 = layout.colId(0)!
    setCell(doc, r0, c0, 'monday')
    setCell(doc, layout.rowId(1)!, c0, 'keep')
    const monday = versionOf(doc)
    setCell(doc, r0, c0, 'tuesday')
    setCell(doc, layout.rowId(2)!, c0, 'new')
    setCell(doc, layout.rowId(1)!, c0, '')
    setFormat(doc, [{ rowId: r0, colId: c0 }], 'bold', true)
    moveAxis(doc, 'rows', 0, 1, 3)

    const report = restoreDocContent(doc, monday, 'restorer')
    expect(cellsOf(doc)).toEqual(cellsOf(monday))
    expect(sheetTypes(doc).rows.toArray()).toEqual(sheetTypes(monday).rows.toArray())
    expect(getFormat(doc, r0, c0).bold).toBeUndefined()
    expect(report.cells).toBe(3)
    expect(changedCells(doc, monday).size).toBe(0)
    layout.destroy()
  })

  it('restores sheet names and tab order of a workbook document', () => {
    const wb = new Y.Doc()
    const first = initWorkbook(wb, 'Budget', 's1')
    addSheet(wb, { id: 's2', name: 'Q2' })
    const before = versionOf(wb)
    renameSheet(wb, first.id, 'Renamed')
    addSheet(wb, { id: 's3', name: 'Later' })
    restoreDocContent(wb, before)
    expect(listSheets(wb)).toEqual(listSheets(before))
  })

  it('is undone by an UndoManager tracking its origin, and only that', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 2, cols: 2 })
    const layout = new SheetLayout(doc)
    const key = [layout.rowId(0)!, layout.colId(0)!] as const
    setCell(doc, ...key, 'old')
    const version = versionOf(doc)
    setCell(doc, ...key, 'new')
    const origin = { user: 'restorer' }
    const undo = new Y.UndoManager(doc.getArray('cellEntries'), {
      trackedOrigins: new Set([origin]),
    })
    restoreDocContent(doc, version, origin)
    expect(getCell(doc, ...key)).toBe('old')
    undo.undo()
    expect(getCell(doc, ...key)).toBe('new')
    layout.destroy()
  })

  it('converges with edits made concurrently on other replicas: restored state plus their edits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), {
          maxLength: 6,
        }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), {
          maxLength: 6,
        }),
        fc.boolean(),
        (edits, concurrent, restorerFirst) => {
          const a = new Y.Doc()
          initSheet(a, { rows: 4, cols: 3 })
          const b = versionOf(a)
          const layout = new SheetLayout(a)
          const rows = [0, 1, 2, 3].map((i) => layout.rowId(i)!)
          const cols = [0, 1, 2].map((i) => layout.colId(i)!)
          layout.destroy()
          setCell(a, rows[0]!, cols[0]!, 'v1')
          const version = versionOf(a)
          edits.forEach(([r, c], i) => setCell(a, rows[r]!, cols[c]!, `a${i}`))
          Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
          // b types while a restores; then they exchange.
          const bBefore = Y.encodeStateVector(b)
          concurrent.forEach(([r, c], i) => setCell(b, rows[r]!, cols[c]!, `b${i}`))
          const bEdits = Y.encodeStateAsUpdate(b, bBefore)
          const aBefore = Y.encodeStateVector(a)
          restoreDocContent(a, version)
          const restore = Y.encodeStateAsUpdate(a, aBefore)
          if (restorerFirst) {
            Y.applyUpdate(b, restore)
            Y.applyUpdate(a, bEdits)
          } else {
            Y.applyUpdate(a, bEdits)
            Y.applyUpdate(b, restore)
          }
          expect(cellsOf(a)).toEqual(cellsOf(b))
          // Cells b did not touch are the version's; cells b typed hold b's value or the
          // version's (a concurrent write of one cell: last writer wins, same everywhere).
          const touched = new Set(concurrent.map(([r, c]) => `${rows[r]}:${cols[c]}`))
          const versionCells = cellsOf(version)
          for (const [key, value] of Object.entries(cellsOf(a))) {
            if (!touched.has(key)) expect(value).toBe(versionCells[key])
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 100) },
    )
  })
})

describe('revertRestore', () => {
  it('undoes a restore but keeps what others changed since', () => {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 4, cols: 2 })
    const layout = new SheetLayout(doc)
    const at = (r: number) => [layout.rowId(r)!, layout.colId(0)!] as const
    setCell(doc, ...at(0), 'old')
    setCell(doc, ...at(1), 'old')
    const version = versionOf(doc)
    setCell(doc, ...at(0), 'new')
    setCell(doc, ...at(1), 'new')
    const before = versionOf(doc)
    restoreDocContent(doc, version)
    // Someone edits a restored cell and an untouched one after the restore.
    setCell(doc, ...at(1), 'theirs')
    setCell(doc, ...at(3), 'theirs too')
    revertRestore(doc, before, version)
    expect(getCell(doc, ...at(0))).toBe('new')
    expect(getCell(doc, ...at(1))).toBe('theirs')
    expect(getCell(doc, ...at(3))).toBe('theirs too')
    layout.destroy()
  })
})
