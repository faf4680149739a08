import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { initSheet, setCell, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { clearRange, deleteAxis, insertAxis, moveAxis, type Axis } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import {
  addSheet,
  deleteSheet,
  duplicateSheet,
  initWorkbook,
  listSheets,
  moveSheet,
  renameSheet,
} from './workbook.js'

/**
 * A test bed of replicas of one document and an unreliable network between them: every
 * update goes to every other replica's inbox, and delivery happens in random order, with
 * duplicates, whenever the history says so.
 */
class Network {
  readonly inboxes: Uint8Array[][]
  constructor(readonly docs: Y.Doc[]) {
    this.inboxes = docs.map(() => [])
    docs.forEach((doc, i) =>
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === this) return
        this.inboxes.forEach((box, j) => j !== i && box.push(update))
      }),
    )
  }

  /** Delivers a random part of replica `to`'s inbox, shuffled, some of it twice. */
  deliverSome(to: number, pick: number): void {
    const box = this.inboxes[to]!
    if (box.length === 0) return
    const n = 1 + (pick % box.length)
    const batch = box.splice(0, n)
    const order = batch
      .map((u, k) => ({ u, key: (k * 7919 + pick) % 101 }))
      .sort((a, b) => a.key - b.key)
    for (const { u } of order) Y.applyUpdate(this.docs[to]!, u, this)
    if (pick % 3 === 0 && batch[0]) Y.applyUpdate(this.docs[to]!, batch[0], this)
  }

  /** Delivers everything still in flight, newest first, until every inbox is empty. */
  settle(): void {
    for (let round = 0; this.inboxes.some((b) => b.length > 0); round++) {
      this.inboxes.forEach((box, i) => {
        const batch = box.splice(0).reverse()
        for (const u of batch) Y.applyUpdate(this.docs[i]!, u, this)
      })
      if (round > 50) throw new Error('network did not settle')
    }
  }
}

const sheetStep = fc.record({
  replica: fc.nat(5),
  kind: fc.constantFrom(
    'set',
    'set',
    'set',
    'clear',
    'insert',
    'delete',
    'move',
    'undo',
    'redo',
    'deliver',
    'deliver',
  ),
  axis: fc.constantFrom<Axis>('rows', 'cols'),
  a: fc.nat(20),
  b: fc.nat(20),
  c: fc.nat(20),
})
type SheetStep = typeof sheetStep extends fc.Arbitrary<infer T> ? T : never

function view(doc: Y.Doc): { rows: readonly string[]; cols: readonly string[]; grid: string[][] } {
  const layout = new SheetLayout(doc)
  const grid = layout.rowIds.map((_, r) => layout.colIds.map((_, c) => layout.cellAt(r, c)))
  const out = { rows: [...layout.rowIds], cols: [...layout.colIds], grid }
  layout.destroy()
  return out
}

function runSheetHistory(replicaCount: number, steps: SheetStep[]): void {
  const seed = new Y.Doc()
  initSheet(seed, { rows: 6, cols: 4 })
  const docs = Array.from({ length: replicaCount }, () => {
    const d = new Y.Doc()
    Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
    return d
  })
  const net = new Network(docs)
  const users = docs.map((doc) => {
    const history = new UndoHistory({})
    history.track(doc)
    return { doc, history, layout: new SheetLayout(doc) }
  })
  // Which (row id, col id) each unique value was typed on.
  const typedOn = new Map<string, string>()

  steps.forEach((s, n) => {
    const u = users[s.replica % replicaCount]!
    const { doc, history, layout } = u
    const size = s.axis === 'rows' ? layout.rowCount : layout.colCount
    try {
      switch (s.kind) {
        case 'set': {
          const rowId = layout.rowId(s.a % layout.rowCount)!
          const colId = layout.colId(s.b % layout.colCount)!
          const value = `v${n}`
          typedOn.set(value, `${rowId}:${colId}`)
          setCell(doc, rowId, colId, value, history.origin)
          break
        }
        case 'clear':
          clearRange(
            doc,
            {
              start: { row: s.a % layout.rowCount, col: 0 },
              end: { row: s.a % layout.rowCount, col: s.b % layout.colCount },
            },
            history.origin,
          )
          break
        case 'insert':
          insertAxis(doc, s.axis, s.a % (size + 1), 1 + (s.b % 3), history.origin)
          break
        case 'delete':
          if (size > 2)
            deleteAxis(
              doc,
              s.axis,
              s.a % (size - 1),
              1 + (s.b % Math.min(2, size - 1 - (s.a % (size - 1)))),
              history.origin,
            )
          break
        case 'move': {
          const count = 1 + (s.b % 2)
          if (size > count)
            moveAxis(
              doc,
              s.axis,
              s.a % (size - count + 1),
              count,
              s.c % (size - count + 1),
              history.origin,
            )
          break
        }
        case 'undo':
          history.undo()
          break
        case 'redo':
          history.redo()
          break
        case 'deliver':
          net.deliverSome(s.replica % replicaCount, s.a + s.b * 21)
          break
      }
    } catch (err) {
      // Model refusals (an index made stale by a concurrent edit) are fine; anything else is not.
      if (!(err instanceof Error && err.name === 'CellmateError')) throw err
    }
  })
  net.settle()

  const views = docs.map(view)
  for (const v of views.slice(1)) expect(v).toEqual(views[0])
  // Every visible value sits on the very row and column id it was typed on.
  const final = views[0]!
  final.grid.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value === '') return
      expect(typedOn.get(value)).toBe(`${final.rows[r]}:${final.cols[c]}`)
    }),
  )
  // A deleted row or column never comes back, and no cell is left on one (no ghosts once
  // compaction prunes orphans; readers already ignore them).
  const t = sheetTypes(docs[0]!)
  for (const id of final.rows) expect(t.removedRows.has(id)).toBe(false)
  for (const id of final.cols) expect(t.removedCols.has(id)).toBe(false)
  for (const u of users) {
    u.layout.destroy()
    u.history.destroy()
  }
}

const RUNS = Number(process.env.FC_RUNS ?? 5000)

describe('concurrent histories', () => {
  it(`replicas applying random cell, row, column and undo/redo edits over a lossy network converge, and no edit changes rows (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(sheetStep, { minLength: 1, maxLength: 30 }),
        (n, steps) => runSheetHistory(n, steps),
      ),
      { numRuns: RUNS },
    )
  })

  it(`replicas applying random sheet operations converge on the same tabs (${Math.ceil(RUNS / 5)} runs)`, () => {
    const step = fc.record({
      replica: fc.nat(5),
      kind: fc.constantFrom(
        'add',
        'rename',
        'move',
        'delete',
        'duplicate',
        'undo',
        'redo',
        'deliver',
      ),
      a: fc.nat(10),
      b: fc.nat(10),
    })
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.array(step, { maxLength: 25 }), (n, steps) => {
        const seed = new Y.Doc()
        initWorkbook(seed, 'wb', 'first')
        const docs = Array.from({ length: n }, () => {
          const d = new Y.Doc()
          Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
          return d
        })
        const net = new Network(docs)
        const histories = docs.map((d) => {
          const h = new UndoHistory({})
          h.track(d)
          return h
        })
        steps.forEach((s, k) => {
          const doc = docs[s.replica % n]!
          const h = histories[s.replica % n]!
          const tabs = listSheets(doc)
          const target = tabs[s.a % tabs.length]!
          try {
            if (s.kind === 'add') addSheet(doc, { id: `add${k}` }, h.origin)
            else if (s.kind === 'rename') renameSheet(doc, target.id, `S${k}`, h.origin)
            else if (s.kind === 'move') moveSheet(doc, target.id, s.b % tabs.length, h.origin)
            else if (s.kind === 'delete') deleteSheet(doc, target.id, h.origin)
            else if (s.kind === 'duplicate') duplicateSheet(doc, target.id, `copy${k}`, h.origin)
            else if (s.kind === 'undo') h.undo()
            else if (s.kind === 'redo') h.redo()
            else net.deliverSome(s.replica % n, s.a * 11 + s.b)
          } catch (err) {
            if (!(err instanceof Error && err.name === 'CellmateError')) throw err
          }
        })
        net.settle()
        const lists = docs.map((d) => listSheets(d))
        for (const l of lists.slice(1)) expect(l).toEqual(lists[0])
        histories.forEach((h) => h.destroy())
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    )
  })
})

describe('per-user undo', () => {
  it('undo reverts only my edit, even after someone else edited the same sheet', () => {
    const a = new Y.Doc()
    initSheet(a, { rows: 5, cols: 2 })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const net = new Network([a, b])
    const mine = new UndoHistory({})
    mine.track(a)
    const la = new SheetLayout(a)
    setCell(a, la.rowId(0)!, la.colId(0)!, 'mine', mine.origin)
    net.settle()
    const lb = new SheetLayout(b)
    setCell(b, lb.rowId(1)!, lb.colId(0)!, 'theirs')
    setCell(b, lb.rowId(0)!, lb.colId(1)!, 'theirs too')
    net.settle()
    expect(mine.canUndo).toBe(true)
    mine.undo()
    net.settle()
    for (const l of [la, lb]) {
      expect([l.cellAt(0, 0), l.cellAt(1, 0), l.cellAt(0, 1)]).toEqual(['', 'theirs', 'theirs too'])
    }
    expect(mine.canRedo).toBe(true)
    mine.redo()
    net.settle()
    expect(lb.cellAt(0, 0)).toBe('mine')
  })

  it('one undo step per committed cell edit and per structural operation, across documents', () => {
    const wb = new Y.Doc()
    initWorkbook(wb, 'wb', 's1')
    const sheet = new Y.Doc()
    initSheet(sheet, { rows: 5, cols: 2 })
    const history = new UndoHistory({})
    history.track(wb)
    history.track(sheet)
    const layout = new SheetLayout(sheet)
    setCell(sheet, layout.rowId(0)!, layout.colId(0)!, 'one', history.origin)
    setCell(sheet, layout.rowId(0)!, layout.colId(0)!, 'two', history.origin)
    insertAxis(sheet, 'rows', 0, 3, history.origin)
    const added = addSheet(wb, { id: 's2', name: 'Extra' }, history.origin)
    expect(layout.cellAt(3, 0)).toBe('two')

    // The app shows the document an undo is about to change.
    expect(history.nextDoc('undo')).toBe(wb)
    expect(history.nextDoc('redo')).toBeNull()
    history.undo() // the sheet added last, in the other document
    expect(history.nextDoc('undo')).toBe(sheet)
    expect(history.nextDoc('redo')).toBe(wb)
    expect(listSheets(wb).map((s) => s.id)).not.toContain(added.id)
    history.undo() // the row insert
    expect(layout.rowCount).toBe(5)
    expect(layout.cellAt(0, 0)).toBe('two')
    history.undo()
    expect(layout.cellAt(0, 0)).toBe('one')
    history.redo()
    expect(layout.cellAt(0, 0)).toBe('two')
    // A new edit ends the redo chain everywhere.
    setCell(sheet, layout.rowId(1)!, layout.colId(1)!, 'new', history.origin)
    expect(history.canRedo).toBe(false)
  })

  it('undoing a row delete brings back the row and its cells for everyone', () => {
    const a = new Y.Doc()
    initSheet(a, { rows: 4, cols: 2 })
    const b = new Y.Doc()
    const net = new Network([a, b])
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const h = new UndoHistory({})
    h.track(a)
    const la = new SheetLayout(a)
    setCell(a, la.rowId(2)!, la.colId(1)!, 'keep me', h.origin)
    deleteAxis(a, 'rows', 2, 1, h.origin)
    net.settle()
    const lb = new SheetLayout(b)
    expect(lb.rowCount).toBe(3)
    h.undo()
    net.settle()
    expect(lb.rowCount).toBe(4)
    expect(lb.cellAt(2, 1)).toBe('keep me')
  })
})
