import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { getCell, initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteAxis, insertAxis } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import {
  filterMap,
  filteredRowIds,
  isValidFilterEntry,
  readFilter,
  readFilterSpec,
  removeFilter,
  setFilter,
  setFilterCriteria,
} from './filter.js'
import type { FilterCell, FilterCriteria } from './filterCriteria.js'

/** Replicas of one sheet; updates queue per replica and are delivered in random order. */
class Network {
  readonly inboxes: Uint8Array[][]
  constructor(readonly docs: Y.Doc[]) {
    this.inboxes = docs.map(() => [])
    docs.forEach((doc, i) =>
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== this) this.inboxes.forEach((box, j) => j !== i && box.push(update))
      }),
    )
  }

  deliverSome(to: number, pick: number): void {
    const box = this.inboxes[to]!
    const batch = box.splice(0, 1 + (pick % Math.max(1, box.length)))
    for (const u of batch.reverse()) Y.applyUpdate(this.docs[to]!, u, this)
  }

  settle(): void {
    while (this.inboxes.some((b) => b.length > 0)) {
      this.inboxes.forEach((box, i) => {
        for (const u of box.splice(0)) Y.applyUpdate(this.docs[i]!, u, this)
      })
    }
  }
}

const WORDS = ['a', 'b', 'c', '1', '5', '9', '']

const step = fc.record({
  replica: fc.nat(2),
  kind: fc.constantFrom(
    'set',
    'set',
    'set',
    'insert',
    'delete',
    'filter',
    'criteria',
    'criteria',
    'remove',
    'undo',
    'deliver',
  ),
  a: fc.nat(30),
  b: fc.nat(30),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function criteriaFor(a: number, b: number): FilterCriteria | null {
  switch (a % 4) {
    case 0:
      return { hiddenValues: WORDS.filter((_, i) => (b >> i) & 1) }
    case 1:
      return { condition: { op: 'gt', value: b % 7 } }
    case 2:
      return { condition: { op: b % 2 ? 'empty' : 'notEmpty' } }
    default:
      return null
  }
}

function cellOf(doc: Y.Doc) {
  return (rowId: string, colId: string): FilterCell => {
    const text = getCell(doc, rowId, colId)
    const n = Number(text)
    return { value: text === '' ? null : Number.isFinite(n) ? n : text, text }
  }
}

function run(replicaCount: number, steps: Step[]): void {
  const seed = new Y.Doc()
  initSheet(seed, { rows: 8, cols: 3 })
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
  for (const s of steps) {
    const { doc, history, layout } = users[s.replica % replicaCount]!
    const rows = layout.rowCount
    try {
      switch (s.kind) {
        case 'set':
          setCell(
            doc,
            layout.rowId(s.a % rows)!,
            layout.colId(s.b % 3)!,
            WORDS[(s.a + s.b) % WORDS.length]!,
            history.origin,
          )
          break
        case 'insert':
          insertAxis(doc, 'rows', s.a % (rows + 1), 1 + (s.b % 2), history.origin)
          break
        case 'delete':
          if (rows > 2) deleteAxis(doc, 'rows', s.a % (rows - 1), 1, history.origin)
          break
        case 'filter': {
          const top = s.a % rows
          const bottom = Math.min(rows - 1, top + 1 + (s.b % rows))
          setFilter(
            doc,
            { start: { row: top, col: 0 }, end: { row: bottom, col: 1 + (s.b % 2) } },
            {},
            history.origin,
          )
          break
        }
        case 'criteria':
          setFilterCriteria(doc, layout.colId(s.b % 3)!, criteriaFor(s.a, s.b), history.origin)
          break
        case 'remove':
          removeFilter(doc, history.origin)
          break
        case 'undo':
          history.undo()
          break
        case 'deliver':
          net.deliverSome(s.replica % replicaCount, s.a + s.b * 31)
          break
      }
    } catch (err) {
      if (!(err instanceof Error && err.name === 'CellmateError')) throw err
    }
  }
  net.settle()

  const views = users.map(({ doc, layout }) => {
    const filter = readFilter(doc, layout)
    const hidden = filter ? [...filteredRowIds(filter, layout.rowIds, cellOf(doc))] : []
    return {
      spec: readFilterSpec(doc),
      range: filter?.range ?? null,
      hidden: hidden.sort(),
      rows: layout.rowIds,
      grid: layout.rowIds.map((_, r) => layout.colIds.map((_, c) => layout.cellAt(r, c))),
    }
  })
  for (const v of views.slice(1)) expect(v).toEqual(views[0])
  // Whatever raced, the stored filter holds only entries a server accepts.
  for (const [key, value] of filterMap(docs[0]!).entries()) {
    expect(isValidFilterEntry(key, value)).toBe(true)
  }
  // A filter hides rows only: every value is still in the document, hidden or not.
  const final = views[0]!
  for (const id of final.hidden) expect(final.rows).toContain(id)
  for (const u of users) {
    u.layout.destroy()
    u.history.destroy()
  }
}

const RUNS = Number(process.env.FC_RUNS ?? 150)

describe('shared filters concurrent with edits, row inserts and deletes', () => {
  it(`converge on 2-3 replicas to one filter and one set of hidden rows (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 3 }), fc.array(step, { maxLength: 40 }), run), {
      numRuns: RUNS,
      verbose: true,
    })
  })

  it('an edit typed into a row while another user filters lands on that row for everyone', () => {
    const seed = new Y.Doc()
    initSheet(seed, { rows: 5, cols: 2 })
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    Y.applyUpdate(a, Y.encodeStateAsUpdate(seed))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(seed))
    const layoutA = new SheetLayout(a)
    const layoutB = new SheetLayout(b)
    setCell(a, layoutA.rowId(2)!, layoutA.colId(0)!, 'old')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    setFilter(
      a,
      { start: { row: 0, col: 0 }, end: { row: 4, col: 1 } },
      {
        [layoutA.colId(0)!]: { hiddenValues: ['old'] },
      },
    )
    insertAxis(b, 'rows', 0, 1)
    setCell(b, layoutB.rowId(3)!, layoutB.colId(0)!, 'typed')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const [doc, layout] of [
      [a, layoutA],
      [b, layoutB],
    ] as const) {
      expect(layout.cellAt(3, 0)).toBe('typed')
      const filter = readFilter(doc, layout)!
      // The value typed in is not one the filter hid: the row shows for everyone.
      expect(filteredRowIds(filter, layout.rowIds, cellOf(doc)).size).toBe(0)
    }
  })
})
