/**
 * How the two cell layouts a sheet document can have compare, in-process (no server, no
 * network): the old one, a Y.Map keyed `rowId:colId`, and the cell log (`SheetCells`, a Y.Array
 * of `rowId:colId:input` entries). This measurement chose the layout; rerun it with
 *
 *   pnpm --filter @cellmate/bench build && node --expose-gc packages/bench/dist/layoutCost.js
 *
 * Cases: a pasted sheet of 1,000,000 cells (100,000 rows x 10 columns), and two users who
 * overwrite the same 1,000 cells in turn, 1,000 pastes each way (1,000,000 overwrites), each
 * paste exchanged as a Yjs update as the server would relay it.
 */
import * as Y from 'yjs'
import { SheetCells } from '@cellmate/model'

interface Layout {
  name: string
  write(doc: Y.Doc, cells: ReadonlyArray<readonly [string, string]>): void
  /** What a reader does after loading the state: the cell log builds its index. */
  open(doc: Y.Doc): number
}

const mapLayout: Layout = {
  name: 'Y.Map per cell (before)',
  write: (doc, cells) => {
    const map = doc.getMap<string>('cells')
    doc.transact(() => {
      for (const [k, v] of cells) map.set(k, v)
    })
  },
  open: (doc) => doc.getMap('cells').size,
}

const logLayout: Layout = {
  name: 'cell log (now)',
  write: (doc, cells) => SheetCells.of(doc).setMany(cells),
  open: (doc) => SheetCells.of(doc).size,
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const heapMB = (): number => {
  gc()
  return process.memoryUsage().heapUsed / 1e6
}

function block(rows: number, cols: number, value: (r: number, c: number) => string) {
  const out: Array<[string, string]> = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out.push([`r${r.toString(36)}.x:c${c}.x`, value(r, c)])
  }
  return out
}

function open(layout: Layout, state: Uint8Array): { ms: number; heapMB: number; cells: number } {
  const before = heapMB()
  const t0 = performance.now()
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const cells = layout.open(doc)
  const ms = performance.now() - t0
  const grown = heapMB() - before
  doc.destroy()
  return { ms, heapMB: grown, cells }
}

function bigSheet(layout: Layout) {
  const doc = new Y.Doc()
  const t0 = performance.now()
  layout.write(
    doc,
    block(100_000, 10, (r, c) => `v${r * 10 + c}`),
  )
  const writeMs = performance.now() - t0
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return { writeMs, bytes: state.byteLength, ...open(layout, state) }
}

function overwrites(layout: Layout) {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const t0 = performance.now()
  for (let i = 0; i < 1000; i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a]
    const sv = Y.encodeStateVector(from)
    layout.write(
      from,
      block(100, 10, () => `v${i}`),
    )
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, sv))
  }
  const writeMs = performance.now() - t0
  const state = Y.encodeStateAsUpdate(a)
  a.destroy()
  b.destroy()
  return { writeMs, bytes: state.byteLength, ...open(layout, state) }
}

const rows: string[][] = []
for (const layout of [mapLayout, logLayout]) {
  const big = bigSheet(layout)
  rows.push([
    layout.name,
    '1,000,000 cells pasted',
    (big.bytes / 1e6).toFixed(1) + ' MB',
    big.ms.toFixed(0) + ' ms',
    big.heapMB.toFixed(0) + ' MB',
    big.writeMs.toFixed(0) + ' ms',
  ])
  const over = overwrites(layout)
  rows.push([
    layout.name,
    '1,000,000 overwrites of 1,000 cells',
    (over.bytes / 1e3).toFixed(0) + ' KB',
    over.ms.toFixed(0) + ' ms',
    over.heapMB.toFixed(1) + ' MB',
    over.writeMs.toFixed(0) + ' ms',
  ])
}
const header = ['layout', 'case', 'state size', 'open (apply + index)', 'heap after open', 'write']
console.log(`| ${header.join(' | ')} |`)
console.log(`|${header.map(() => '---').join('|')}|`)
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
