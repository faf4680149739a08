import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import {
  addConditionalFormat,
  deleteConditionalFormat,
  moveConditionalFormat,
  readConditionalFormats,
  updateConditionalFormat,
  type ConditionalSpec,
} from './conditionalFormats.js'
import { initSheet, liveIds, sheetTypes } from './sheet.js'
import { deleteAxis, insertAxis } from './structure.js'
import { UndoHistory } from './undoHistory.js'

const specs: ConditionalSpec[] = [
  { kind: 'cellValue', op: 'gt', value: 5, style: { fill: '#ff0000' } },
  { kind: 'colorScale', colors: ['#ffffff', '#ffff00', '#00ff00'] },
  { kind: 'text', op: 'contains', value: 'x', style: { bold: true } },
]

const step = fc.record({
  replica: fc.nat(3),
  kind: fc.constantFrom('add', 'edit', 'move', 'delete', 'insert', 'remove', 'undo', 'deliver'),
  a: fc.nat(9),
  b: fc.nat(5),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

/** Applies one user's step; edits refused by the model (a range past the sheet) write nothing. */
function apply(doc: Y.Doc, history: UndoHistory, s: Step, inbox: Uint8Array[]): void {
  const rows = liveIds(sheetTypes(doc).rows, sheetTypes(doc).removedRows).length
  const range = { start: { row: s.a % rows, col: s.b % 4 }, end: { row: (s.a + 2) % rows, col: 3 } }
  const id = `r${s.b % 4}`
  const origin = history.origin
  try {
    switch (s.kind) {
      case 'add':
        addConditionalFormat(doc, range, specs[s.a % 3]!, { origin, id, first: s.a % 2 === 0 })
        break
      case 'edit':
        updateConditionalFormat(doc, id, { spec: specs[s.a % 3]!, range }, origin)
        break
      case 'move':
        moveConditionalFormat(doc, id, s.a % 4, origin)
        break
      case 'delete':
        deleteConditionalFormat(doc, id, origin)
        break
      case 'insert':
        insertAxis(doc, 'rows', s.a % rows, 1 + (s.b % 2), origin)
        break
      case 'remove':
        if (rows > 3) deleteAxis(doc, 'rows', s.a % (rows - 1), 1, origin)
        break
      case 'undo':
        history.undo()
        break
      case 'deliver':
        inbox.splice(0).forEach((u) => Y.applyUpdate(doc, u, 'net'))
        break
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'CellmateError')) throw err
  }
}

describe('conditional formats edited concurrently', () => {
  it('rule adds, edits, moves, deletes, undos and row inserts/deletes on 2-4 replicas converge', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(step, { maxLength: 30 }), (n, steps) => {
        const seed = new Y.Doc()
        initSheet(seed, { rows: 8, cols: 4 })
        const docs = Array.from({ length: n }, () => {
          const d = new Y.Doc()
          Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
          return d
        })
        const inbox: Uint8Array[][] = docs.map(() => [])
        docs.forEach((d, i) =>
          d.on('update', (u: Uint8Array, o: unknown) => {
            if (o !== 'net') inbox.forEach((box, j) => j !== i && box.push(u))
          }),
        )
        const histories = docs.map((d) => {
          const h = new UndoHistory({})
          h.track(d)
          return h
        })
        for (const s of steps) {
          const i = s.replica % n
          apply(docs[i]!, histories[i]!, s, inbox[i]!)
        }
        while (inbox.some((box) => box.length > 0)) {
          inbox.forEach((box, i) => box.splice(0).forEach((u) => Y.applyUpdate(docs[i]!, u, 'net')))
        }
        const first = readConditionalFormats(docs[0]!)
        for (const d of docs.slice(1)) expect(readConditionalFormats(d)).toEqual(first)
        // Every rule read back is well-formed: its range lies inside the sheet.
        const rows = liveIds(sheetTypes(docs[0]!).rows, sheetTypes(docs[0]!).removedRows).length
        for (const rule of first) expect(rule.range.end.row).toBeLessThan(rows)
        histories.forEach((h) => h.destroy())
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150), verbose: true },
    )
  })
})
