import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { initSheet, liveIds, setCell, sheetTypes } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteAxis, insertAxis } from './structure.js'
import { sortRange } from './sortRows.js'
import { UndoHistory } from './undoHistory.js'

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
    batch.sort((a, b) => ((a.length * 31 + pick) % 17) - ((b.length * 31 + pick) % 17))
    for (const u of batch) Y.applyUpdate(this.docs[to]!, u, this)
  }

  settle(): void {
    while (this.inboxes.some((b) => b.length > 0)) {
      this.inboxes.forEach((box, i) => {
        for (const u of box.splice(0).reverse()) Y.applyUpdate(this.docs[i]!, u, this)
      })
    }
  }
}

const step = fc.record({
  replica: fc.nat(3),
  kind: fc.constantFrom('set', 'set', 'set', 'insert', 'delete', 'sort', 'sort', 'undo', 'deliver'),
  a: fc.nat(30),
  b: fc.nat(30),
  desc: fc.boolean(),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function grid(doc: Y.Doc): string[][] {
  const layout = new SheetLayout(doc)
  const out = layout.rowIds.map((_, r) => layout.colIds.map((_, c) => layout.cellAt(r, c)))
  layout.destroy()
  return out
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
  const created = new Set(users[0]!.layout.rowIds)
  const typedOn = new Map<string, string>()
  // Rows whose insert its author undid: they may be gone, or kept by a concurrent move.
  const undone = new Set<string>()
  steps.forEach((s, n) => {
    const { doc, history, layout } = users[s.replica % replicaCount]!
    const rows = layout.rowCount
    try {
      switch (s.kind) {
        case 'set': {
          const rowId = layout.rowId(s.a % rows)!
          const colId = layout.colId(s.b % 3)!
          // Numbers and words, so sorts compare both kinds.
          const value = s.b % 2 === 0 ? `${(s.a * 7919 + n) % 97}.${n}` : `w${n}`
          typedOn.set(value, `${rowId}:${colId}`)
          setCell(doc, rowId, colId, value, history.origin)
          break
        }
        case 'insert':
          insertAxis(doc, 'rows', s.a % (rows + 1), 1 + (s.b % 2), history.origin).forEach((id) =>
            created.add(id),
          )
          break
        case 'delete':
          if (rows > 2) deleteAxis(doc, 'rows', s.a % (rows - 1), 1, history.origin)
          break
        case 'sort': {
          const top = s.a % rows
          const bottom = Math.min(rows - 1, top + 2 + (s.b % rows))
          sortRange(
            doc,
            { start: { row: top, col: 0 }, end: { row: bottom, col: 2 } },
            { keys: [{ col: s.b % 3, desc: s.desc }], header: s.a % 4 === 0 },
            history.origin,
          )
          break
        }
        case 'undo': {
          const before = new Set(layout.rowIds)
          history.undo()
          for (const id of layout.rowIds) before.delete(id)
          before.forEach((id) => undone.add(id))
          break
        }
        case 'deliver':
          net.deliverSome(s.replica % replicaCount, s.a + s.b * 31)
          break
      }
    } catch (err) {
      if (!(err instanceof Error && err.name === 'CellmateError')) throw err
    }
  })
  net.settle()

  const views = docs.map((doc) => ({
    rows: liveIds(sheetTypes(doc).rows, sheetTypes(doc).removedRows),
    grid: grid(doc),
  }))
  for (const v of views.slice(1)) expect(v).toEqual(views[0])
  const final = views[0]!
  const cols = users[0]!.layout.colIds
  // Every value sits on the row it was typed on, whatever sorts moved it.
  final.grid.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value !== '') expect(typedOn.get(value)).toBe(`${final.rows[r]}:${cols[c]}`)
    }),
  )
  // No row lost, none doubled: every row created and not deleted is there exactly once.
  const removed = sheetTypes(docs[0]!).removedRows
  for (const id of created) {
    if (!removed.has(id) && !undone.has(id)) expect(final.rows).toContain(id)
  }
  for (const id of final.rows) expect(created.has(id) && !removed.has(id)).toBe(true)

  // One more sort, once everyone has everything, orders every replica alike.
  const { doc, layout } = users[0]!
  sortRange(
    doc,
    { start: { row: 0, col: 0 }, end: { row: layout.rowCount - 1, col: 2 } },
    { keys: [{ col: 0 }] },
  )
  net.settle()
  for (const d of docs) expect(grid(d)).toEqual(grid(doc))
  const keys = grid(doc).map((row) => row[0]!)
  const numbers = keys.filter((k) => k !== '' && !k.startsWith('w')).map(Number)
  expect(numbers).toEqual([...numbers].sort((x, y) => x - y))
  expect(
    keys
      .slice(keys.findIndex((k) => k === '') === -1 ? keys.length : keys.findIndex((k) => k === ''))
      .every((k) => k === ''),
  ).toBe(true)
  for (const u of users) {
    u.layout.destroy()
    u.history.destroy()
  }
}

const RUNS = Number(process.env.FC_RUNS ?? 150)

describe('sorts concurrent with edits, inserts, deletes and other sorts', () => {
  it(`converge on 2-4 replicas, every edit stays on its row, no row is lost (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 4 }), fc.array(step, { maxLength: 40 }), run), {
      numRuns: RUNS,
      verbose: true,
    })
  })
})
