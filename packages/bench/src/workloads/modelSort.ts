import * as Y from 'yjs'
import { SheetLayout, initSheet, setCells, sortRange, type CellEdit } from '@cellmate/model'
import type { BenchContext } from './benchContext.js'

const SECTION = 'Sort (Node, @cellmate/model)'

/** What one sort of a big sheet costs in the model, in-process. */
export interface SortBenchResult {
  rows: number
  /** Sort by a column of numbers, descending (the rows were in ascending order). */
  numberSortMs: number
  /** Sort by a column of words in random order (Intl.Collator comparisons). */
  textSortMs: number
  /** A second replica applying the sort's update. */
  applyRemoteMs: number
  updateKB: number
}

/** A `rows` x 3 sheet: a number, a pseudo-random word and a label per row. */
function seededSheet(rows: number): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols: 3 })
  const layout = new SheetLayout(doc)
  const edits: CellEdit[] = []
  let x = 12345
  for (let r = 0; r < rows; r++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    const rowId = layout.rowId(r) as string
    edits.push({ rowId, colId: layout.colId(0) as string, value: String(r) })
    edits.push({ rowId, colId: layout.colId(1) as string, value: `item ${x.toString(36)}` })
    edits.push({ rowId, colId: layout.colId(2) as string, value: `row ${r}` })
  }
  setCells(doc, edits)
  layout.destroy()
  return doc
}

/** Sorts a `rows`-row sheet by numbers and by text and times each step. */
export function runSortBenchmark(rows = 100_000, now = () => performance.now()): SortBenchResult {
  const doc = seededSheet(rows)
  const range = { start: { row: 0, col: 0 }, end: { row: rows - 1, col: 2 } }
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
  let update: Uint8Array = new Uint8Array()
  const capture = (u: Uint8Array): void => {
    update = u
  }
  doc.on('update', capture)
  let t = now()
  sortRange(doc, range, { keys: [{ col: 0, desc: true }] })
  const numberSortMs = now() - t
  t = now()
  Y.applyUpdate(replica, update)
  const applyRemoteMs = now() - t
  const updateKB = update.length / 1024
  t = now()
  sortRange(doc, range, { keys: [{ col: 1 }] })
  const textSortMs = now() - t
  doc.off('update', capture)
  return { rows, numberSortMs, textSortMs, applyRemoteMs, updateKB }
}

/** The bench rows: one sort of 100,000 rows (the target: under 1 s). */
export async function runModelSort(ctx: BenchContext): Promise<void> {
  const result = runSortBenchmark(100_000)
  const only = (value: number) => ({ cellmate: { value } })
  const n = result.rows.toLocaleString('en-US')
  ctx.addRow(SECTION, `sort ${n} rows by a number column`, 'ms', 'lower', only(result.numberSortMs))
  ctx.addRow(SECTION, `sort ${n} rows by a text column`, 'ms', 'lower', only(result.textSortMs))
  ctx.addRow(
    SECTION,
    `another replica applies that sort`,
    'ms',
    'lower',
    only(result.applyRemoteMs),
  )
  ctx.details.modelSort = result
  await Promise.resolve()
}
