#!/usr/bin/env node
/**
 * What editing inside a big run of cell entries costs Yjs (as patched here: `deleteRanges`,
 * `maxRunLength`; model README, "Deleting entries" and "Runs of at most 2,048 entries"), in
 * this process, on a sheet of `--cells` cells pasted in 40 pastes by one writer:
 *   - a tab overwriting 1,000 of them (`setCells`), the first time and the median of 19 more;
 *   - a server applying an update that deletes `--deletes` scattered entries (a 4 KB update
 *     for 1,000), as a column cleared or a hostile editor would send;
 *   - a server applying an update of `--inserts` one-entry items whose origins lie ever
 *     further into the run (20 KB for 1,000), as only a crafted update would;
 *   - reading the sheet's whole state into a new document with its cell index (an open).
 * `--cap <n>` sets `maxRunLength` (1000000000: runs kept whole, Yjs's own way).
 *
 *   node packages/bench/scripts/bigRunEdits.mjs [--cells 1000000] [--cap 2048]
 */
import { parseArgs } from 'node:util'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { SheetCells, SheetLayout, ensureSheetSize, setCells } from '@cellmate/model'

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '1000000' },
    deletes: { type: 'string', default: '1000' },
    inserts: { type: 'string', default: '1000' },
    cap: { type: 'string' },
  },
})
if (values.cap !== undefined) Y.setMaxRunLength(Number(values.cap))
const CELLS = Number(values.cells)
const COLS = 25
const ms = (t) => `${(performance.now() - t).toFixed(0)} ms`

/** The sheet, pasted in by one writer in 40 pastes. */
function pastedSheet() {
  const doc = new Y.Doc()
  const rows = Math.ceil(CELLS / COLS)
  ensureSheetSize(doc, { rows, cols: COLS })
  const layout = new SheetLayout(doc)
  const rowIds = Array.from({ length: rows }, (_, r) => layout.rowId(r))
  const colIds = Array.from({ length: COLS }, (_, c) => layout.colId(c))
  const paste = Math.ceil(CELLS / 40)
  for (let first = 0; first < CELLS; first += paste) {
    const edits = []
    for (let i = first; i < Math.min(CELLS, first + paste); i++) {
      edits.push({ rowId: rowIds[Math.floor(i / COLS)], colId: colIds[i % COLS], value: `b${i}` })
    }
    setCells(doc, edits)
  }
  layout.destroy()
  return { doc, rowIds, colIds }
}

const { doc, rowIds, colIds } = pastedSheet()
const entries = doc.getArray('cellEntries')
let items = 0
for (let item = entries._start; item !== null; item = item.right) items++
const state = Y.encodeStateAsUpdate(doc)
console.log(
  `${CELLS.toLocaleString('en-US')} cells in ${items} items; state ${(state.length / 1e6).toFixed(1)} MB`,
)

// A server's copy, and the entries of the writer's first paste: the first run in the array.
const serverCopy = () => {
  const d = new Y.Doc()
  Y.applyUpdate(d, state)
  return d
}
const first = entries._start
const { client, clock } = first.id

{
  const n = Number(values.deletes)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // no structs
  encoding.writeVarUint(e, 1) // one client in the delete set
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, n)
  const step = Math.max(1, Math.floor(CELLS / n))
  for (let i = 0; i < n; i++) {
    encoding.writeVarUint(e, clock + i * step)
    encoding.writeVarUint(e, 1)
  }
  const update = encoding.toUint8Array(e)
  const d = serverCopy()
  const t = performance.now()
  Y.applyUpdate(d, update)
  console.log(`apply: delete ${n} scattered entries (${update.length} bytes): ${ms(t)}`)
}

{
  const n = Number(values.inserts)
  const d = serverCopy()
  const crafted = new Y.Doc()
  Y.applyUpdate(crafted, state)
  const arr = crafted.getArray('cellEntries')
  const step = Math.max(1, Math.floor(CELLS / n))
  crafted.transact(() => {
    for (let i = 0; i < n; i++) arr.insert(i * step + i + 1, [`x${i}:${colIds[0]}:z`])
  })
  const update = Y.encodeStateAsUpdate(crafted, Y.encodeStateVector(d))
  const t = performance.now()
  Y.applyUpdate(d, update)
  console.log(
    `apply: ${n} items with origins ascending in the run (${update.length} bytes): ${ms(t)}`,
  )
}

{
  const times = []
  for (let p = 0; p < 20; p++) {
    const edits = []
    for (let k = 0; k < 1000; k++) {
      edits.push({ rowId: rowIds[Math.floor(k / COLS)], colId: colIds[k % COLS], value: `v${p}` })
    }
    const t = performance.now()
    setCells(doc, edits)
    times.push(performance.now() - t)
  }
  const rest = times.slice(1).sort((a, b) => a - b)
  console.log(
    `tab: overwrite 1,000 cells, first ${times[0].toFixed(0)} ms, then median ${rest[9].toFixed(1)} ms`,
  )
}

{
  const d = new Y.Doc()
  const cells = SheetCells.of(d)
  const t = performance.now()
  Y.applyUpdate(d, state)
  console.log(
    `open: read the state and index ${cells.size.toLocaleString('en-US')} cells: ${ms(t)}`,
  )
}
