/**
 * What checking an update against its document costs, against the alternative of applying it
 * to a scratch copy: `npx tsx scripts/checkCost.ts` (from apps/server). Prints µs per update.
 */
import * as Y from 'yjs'
import { initSheet, sheetTypes } from '@cellmate/model'
import { checkSheetUpdate } from '../src/sync/sheetUpdateCheck.js'

const LIMITS = { maxRows: 1_048_576, maxCols: 16_384 }
let applyTotal = 0

function sheetWith(rows: number, cols: number): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  const t = sheetTypes(doc)
  const r = t.rows.toArray()
  const c = t.cols.toArray()
  doc.transact(() => {
    t.cells.setMany(r.flatMap((row) => c.map((col) => [`${row}:${col}`, 'v'] as const)))
  })
  return doc
}

function updateOf(server: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
  const sv = Y.encodeStateVector(replica)
  fn(replica)
  return Y.encodeStateAsUpdate(replica, sv)
}

function time(label: string, runs: number, fn: () => void): void {
  for (let i = 0; i < Math.min(runs, 5); i++) fn()
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  console.log(`${label.padEnd(58)} ${(((performance.now() - start) / runs) * 1000).toFixed(1)} µs`)
}

const server = sheetWith(10_000, 10)
const t = sheetTypes(server)
const r0 = t.rows.get(5000)
const c0 = t.cols.get(3)
const cases: Array<[string, Uint8Array]> = [
  ['overwrite one cell', updateOf(server, (d) => sheetTypes(d).cells.set(`${r0}:${c0}`, 'x'))],
  [
    'paste 1,000 cells (overwrites)',
    updateOf(server, (d) => {
      const s = sheetTypes(d)
      d.transact(() => {
        for (let i = 0; i < 100; i++)
          s.cells.setMany(
            Array.from(
              { length: 10 },
              (_, j) => [`${s.rows.get(i)}:${s.cols.get(j)}`, `p${i}`] as const,
            ),
          )
      })
    }),
  ],
  [
    'insert 10,000 rows mid-sheet',
    updateOf(server, (d) =>
      sheetTypes(d).rows.insert(
        5000,
        Array.from({ length: 10_000 }, (_, i) => `n${i}.1`),
      ),
    ),
  ],
]
console.log(
  `sheet of ${t.cells.size} cells; update sizes: ${cases.map(([, u]) => u.length).join(', ')} bytes`,
)
for (const [label, update] of cases) {
  time(`check against the document: ${label}`, 200, () => checkSheetUpdate(server, update, LIMITS))
  time(`scratch copy + apply: ${label}`, 5, () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
    Y.applyUpdate(copy, update)
    copy.destroy()
  })
  time(`apply to a copy (what the apply itself costs): ${label}`, 5, () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
    const start = performance.now()
    Y.applyUpdate(copy, update)
    applyTotal += performance.now() - start
    copy.destroy()
  })
  console.log(`  of which Y.applyUpdate alone: ${((applyTotal / 10) * 1000).toFixed(1)} µs`)
  applyTotal = 0
}
