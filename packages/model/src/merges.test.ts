import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import { BlockIndex } from './mergeBlocks.js'
import { mergeCells, planMerge, unmergeCells, type MergeMode } from './mergeCommands.js'
import { mergesMap } from './mergeEntries.js'
import { readMerges } from './mergeState.js'
import { checkWritesOutsideMerges } from './mergeWriteCheck.js'
import { repairSheet } from './documentRepair.js'
import { initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteAxis, insertAxis, moveAxis, type Axis } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import { copySheetContent } from './workbook.js'

const r = (a1: string) => parseRange(a1)!

function sheet(rows = 6, cols = 4): { doc: Y.Doc; layout: SheetLayout } {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  return { doc, layout: new SheetLayout(doc) }
}

function put(doc: Y.Doc, layout: SheetLayout, a1: string, value: string, origin?: unknown): void {
  const { start } = r(a1)
  setCell(doc, layout.rowId(start.row)!, layout.colId(start.col)!, value, origin)
}

const blocks = (doc: Y.Doc): string[] => readMerges(doc).blocks.map((b) => formatRange(b))
const held = (doc: Y.Doc): string[] => readMerges(doc).held.map((b) => formatRange(b))

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function replica(of: Y.Doc): { doc: Y.Doc; layout: SheetLayout } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(of))
  return { doc, layout: new SheetLayout(doc) }
}

describe('merging cells', () => {
  it('merges all, horizontally and vertically, and unmerges', () => {
    const { doc } = sheet()
    mergeCells(doc, r('A1:B2'))
    expect(blocks(doc)).toEqual(['A1:B2'])
    mergeCells(doc, r('C1:D3'), 'horizontal')
    expect(blocks(doc).sort()).toEqual(['A1:B2', 'C1:D1', 'C2:D2', 'C3:D3'])
    mergeCells(doc, r('A4:B6'), 'vertical')
    expect(blocks(doc)).toHaveLength(6)
    expect(blocks(doc)).toContain('A4:A6')
    expect(blocks(doc)).toContain('B4:B6')
    expect(unmergeCells(doc, r('B2:C2'))).toBe(2)
    expect(blocks(doc).sort()).toEqual(['A4:A6', 'B4:B6', 'C1:D1', 'C3:D3'])
  })

  it('refuses a single cell and a range past the sheet', () => {
    const { doc } = sheet()
    expect(() => mergeCells(doc, r('B2'))).toThrow(/more than one cell/)
    expect(() => mergeCells(doc, r('A1:A3'), 'horizontal')).toThrow(/single cell/)
    expect(() => mergeCells(doc, r('A1:Z1'))).toThrow(/past the sheet/)
  })

  it('keeps only the top-left value, says which it discards, and undo brings them back', () => {
    const { doc, layout } = sheet()
    const history = new UndoHistory({})
    history.track(doc)
    put(doc, layout, 'A1', 'keep')
    put(doc, layout, 'B1', 'gone')
    put(doc, layout, 'A2', 'gone too')
    expect(planMerge(doc, r('A1:B2'), 'all').discarded).toEqual([
      { row: 0, col: 1 },
      { row: 1, col: 0 },
    ])
    mergeCells(doc, r('A1:B2'), 'all', history.origin)
    expect(layout.cellAt(0, 0)).toBe('keep')
    expect(layout.cellAt(0, 1)).toBe('')
    expect(layout.cellAt(1, 0)).toBe('')
    history.undo()
    expect(blocks(doc)).toEqual([])
    expect(layout.cellAt(0, 1)).toBe('gone')
    expect(layout.cellAt(1, 0)).toBe('gone too')
  })

  it('grows over the blocks a new merge touches', () => {
    const { doc } = sheet()
    mergeCells(doc, r('B2:C3'))
    const plan = mergeCells(doc, r('A1:B2'))
    expect(formatRange(plan.range)).toBe('A1:C3')
    expect(blocks(doc)).toEqual(['A1:C3'])
  })

  it('grows with rows and columns inserted inside and moves with those inserted before', () => {
    const { doc } = sheet()
    mergeCells(doc, r('B2:C3'))
    insertAxis(doc, 'rows', 2, 2) // inside: between row 2 and 3
    expect(blocks(doc)).toEqual(['B2:C5'])
    insertAxis(doc, 'cols', 0, 1) // before
    expect(blocks(doc)).toEqual(['C2:D5'])
    insertAxis(doc, 'rows', 0, 1) // above
    expect(blocks(doc)).toEqual(['C3:D6'])
  })

  it('shrinks when its first or last row is deleted, and goes with its last two', () => {
    const { doc, layout } = sheet(8, 4)
    put(doc, layout, 'B2', 'top')
    mergeCells(doc, r('B2:C5'))
    deleteAxis(doc, 'rows', 4, 1) // the corner's row
    expect(blocks(doc)).toEqual(['B2:C4'])
    deleteAxis(doc, 'rows', 1, 1) // the anchor's row (its value goes with it, as in Excel)
    expect(blocks(doc)).toEqual(['B2:C3'])
    deleteAxis(doc, 'cols', 2, 1)
    expect(blocks(doc)).toEqual(['B2:B3'])
    deleteAxis(doc, 'rows', 2, 1)
    expect(blocks(doc)).toEqual([])
    expect(mergesMap(doc).size).toBe(0)
  })

  it('refuses writes into the hidden cells of a block', () => {
    const { doc } = sheet()
    mergeCells(doc, r('A1:B2'))
    expect(() => checkWritesOutsideMerges(doc, [{ row: 0, col: 0, value: 'x' }])).not.toThrow()
    expect(() => checkWritesOutsideMerges(doc, [{ row: 1, col: 1, value: '' }])).not.toThrow()
    expect(() => checkWritesOutsideMerges(doc, [{ row: 1, col: 1, value: 'x' }])).toThrow(
      /B2 is inside the merged cells A1:B2; write to A1/,
    )
  })

  it('copies with the sheet and drops malformed entries on repair', () => {
    const { doc } = sheet()
    mergeCells(doc, r('A1:B2'))
    mergesMap(doc).set('junk', 'x')
    const copy = new Y.Doc()
    copySheetContent(doc, copy)
    expect(blocks(copy)).toEqual(['A1:B2'])
    expect(repairSheet(doc).byRoot.merges).toBe(1)
    expect(blocks(doc)).toEqual(['A1:B2'])
  })

  it('BlockIndex finds blocks and grows a selection over them', () => {
    const { doc } = sheet(200, 4)
    mergeCells(doc, r('A60:B70'))
    mergeCells(doc, r('C70:D130'))
    const index = new BlockIndex(readMerges(doc).blocks)
    expect(formatRange(index.at(64, 1)!)).toBe('A60:B70')
    expect(formatRange(index.at(129, 3)!)).toBe('C70:D130')
    expect(index.at(58, 0)).toBeNull()
    expect(formatRange(index.expand(r('B65:C65')))).toBe('A60:D130')
  })
})

describe('merges and concurrent edits', () => {
  it('a value typed inside a block while it was merged is kept and shown: the merge is held', () => {
    const a = sheet()
    const b = replica(a.doc)
    put(a.doc, a.layout, 'A1', 'title')
    mergeCells(a.doc, r('A1:C2'))
    put(b.doc, b.layout, 'B2', 'typed by B')
    sync(a.doc, b.doc)
    for (const { doc, layout } of [a, b]) {
      expect(blocks(doc)).toEqual([])
      expect(held(doc)).toEqual(['A1:C2'])
      expect(layout.cellAt(1, 1)).toBe('typed by B')
      expect(layout.cellAt(0, 0)).toBe('title')
    }
    // Merging again asks to discard B's value, and then the merge takes effect.
    expect(planMerge(a.doc, r('A1:C2'), 'all').discarded).toEqual([{ row: 1, col: 1 }])
    mergeCells(a.doc, r('A1:C2'))
    sync(a.doc, b.doc)
    expect(blocks(b.doc)).toEqual(['A1:C2'])
  })

  it('two overlapping merges made at once: the same one wins everywhere', () => {
    const a = sheet()
    const b = replica(a.doc)
    mergeCells(a.doc, r('A1:B2'))
    mergeCells(b.doc, r('B2:C3'))
    sync(a.doc, b.doc)
    expect(blocks(a.doc)).toHaveLength(1)
    expect(blocks(a.doc)).toEqual(blocks(b.doc))
  })

  it('rows inserted inside a block by someone else while it was merged widen it', () => {
    const a = sheet()
    const b = replica(a.doc)
    mergeCells(a.doc, r('A2:B3'))
    insertAxis(b.doc, 'rows', 2, 3)
    sync(a.doc, b.doc)
    expect(blocks(a.doc)).toEqual(['A2:B6'])
    expect(blocks(b.doc)).toEqual(['A2:B6'])
  })
})

const step = fc.record({
  replica: fc.nat(3),
  kind: fc.constantFrom(
    'set',
    'set',
    'merge',
    'merge',
    'unmerge',
    'insert',
    'delete',
    'move',
    'undo',
    'deliver',
    'deliver',
  ),
  axis: fc.constantFrom<Axis>('rows', 'cols'),
  mode: fc.constantFrom<MergeMode>('all', 'horizontal', 'vertical'),
  a: fc.nat(12),
  b: fc.nat(12),
  h: fc.nat(3),
  w: fc.nat(3),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function snapshot(doc: Y.Doc) {
  const layout = new SheetLayout(doc)
  const grid = layout.rowIds.map((_, row) => layout.colIds.map((_, col) => layout.cellAt(row, col)))
  const state = readMerges(doc, layout)
  layout.destroy()
  return {
    grid,
    blocks: state.blocks.map((b) => formatRange(b)),
    held: state.held.map((b) => formatRange(b)),
  }
}

function runHistory(count: number, steps: Step[]): void {
  const seed = new Y.Doc()
  initSheet(seed, { rows: 8, cols: 6 })
  const docs = Array.from({ length: count }, () => {
    const d = new Y.Doc()
    Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
    return d
  })
  const inboxes: Uint8Array[][] = docs.map(() => [])
  docs.forEach((doc, i) =>
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'net') inboxes.forEach((box, j) => j !== i && box.push(u))
    }),
  )
  const users = docs.map((doc) => {
    const history = new UndoHistory({})
    history.track(doc)
    return { doc, history, layout: new SheetLayout(doc) }
  })
  steps.forEach((s, n) => {
    const i = s.replica % count
    const { doc, history, layout } = users[i]!
    const row = s.a % layout.rowCount
    const col = s.b % layout.colCount
    const range = {
      start: { row, col },
      end: {
        row: Math.min(layout.rowCount - 1, row + s.h),
        col: Math.min(layout.colCount - 1, col + s.w),
      },
    }
    try {
      switch (s.kind) {
        case 'set':
          setCell(doc, layout.rowId(row)!, layout.colId(col)!, `v${n}`, history.origin)
          break
        case 'merge':
          mergeCells(doc, range, s.mode, history.origin)
          break
        case 'unmerge':
          unmergeCells(doc, range, history.origin)
          break
        case 'insert':
          insertAxis(doc, s.axis, s.a % 6, 1 + (s.h % 2), history.origin)
          break
        case 'delete':
          deleteAxis(doc, s.axis, s.a % 6, 1, history.origin)
          break
        case 'move':
          moveAxis(doc, s.axis, s.a % 5, 1, s.b % 5, history.origin)
          break
        case 'undo':
          history.undo()
          break
        case 'deliver': {
          const box = inboxes[i]!.splice(0, 1 + (s.b % 4))
          for (const u of box.reverse()) Y.applyUpdate(doc, u, 'net')
          break
        }
      }
    } catch {
      // A refused edit (a single cell to merge, the last row) changes nothing.
    }
  })
  for (let round = 0; inboxes.some((b) => b.length > 0); round++) {
    inboxes.forEach((box, i) => box.splice(0).forEach((u) => Y.applyUpdate(docs[i]!, u, 'net')))
    if (round > 50) throw new Error('did not settle')
  }
  const first = snapshot(docs[0]!)
  for (const doc of docs.slice(1)) expect(snapshot(doc)).toEqual(first)
  // No value is hidden: every non-empty cell is outside every block or its top-left cell.
  const index = new BlockIndex(readMerges(docs[0]!).blocks)
  first.grid.forEach((cells, row) =>
    cells.forEach((value, col) => {
      if (value === '') return
      const b = index.at(row, col)
      if (b) expect({ row, col }).toEqual(b.start)
    }),
  )
  // Blocks in effect never overlap.
  const all = index.all
  for (const x of all) expect(index.overlapping(x)).toEqual([x])
}

describe('merges: property', () => {
  it('random merges, edits, inserts, deletes, moves and undos on 2-4 replicas converge and never hide a value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(step, { maxLength: 40 }), runHistory),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    )
  })
})
