import * as Y from 'yjs'
import {
  deleteRows,
  initSheet,
  initWorkbook,
  insertRows,
  setCell,
  setCells,
  sheetTypes,
  type CellEdit,
} from '@cellmate/model'
import { WorkbookEngine } from './workbookEngine.js'

/** Timings of one benchmark run, in milliseconds. */
export interface RecalcBenchmarkResult {
  formulas: number
  /** Feeding the whole sheet to a new engine, first evaluation included. */
  loadMs: number
  /**
   * The work the load put off (`WorkbookEngine.catchUp` until done: indexing the formulas for
   * structural edits), which the web app does while the page is idle after the sheet shows.
   */
  catchUpMs: number
  /** One input edited, until the engine has recalculated (median of `edits` edits). */
  editMs: number
  /** One row inserted at the top — every reference shifts — until the engine is in step. */
  insertRowMs: number
  /** That row deleted again. */
  deleteRowMs: number
  /** Cells the engine reported changed by the last edit (its formula and the total). */
  changedCells: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/**
 * Builds a sheet of `formulas` formulas — `B{n}: =A{n}*2+1` over inputs in column A, and
 * `C1: =SUM(B:B)` over all of them — feeds it to a `WorkbookEngine` through its Yjs documents,
 * and times the load, the work it put off (done before the edits, as the web app does it while
 * idle), single-input edits (each recalculates one formula and the total) and a row insert and
 * delete at the top. For `pnpm bench`: `now` is the clock (`performance.now`
 * where there is one). Pure: no I/O, no timers.
 */
export function runRecalcBenchmark(
  formulas = 100_000,
  now: () => number = Date.now,
  edits = 5,
): RecalcBenchmarkResult {
  const workbook = new Y.Doc()
  const { id: sheetId } = initWorkbook(workbook, 'bench', 'bench-sheet')
  const doc = new Y.Doc()
  initSheet(doc, { rows: formulas, cols: 3 })
  const t = sheetTypes(doc)
  const rows = t.rows.toArray()
  const [colA, colB, colC] = t.cols.toArray() as [string, string, string]
  // Written directly in the stored form, as toStoredFormula would write it.
  const cells: CellEdit[] = [
    { rowId: rows[0] as string, colId: colC, value: `=SUM({c:${colB}}:{c:${colB}})` },
  ]
  rows.forEach((rowId, i) => {
    cells.push({ rowId, colId: colA, value: String(i) })
    cells.push({ rowId, colId: colB, value: `={r:${rowId},c:${colA}}*2+1` })
  })
  setCells(doc, cells)

  let start = now()
  const engine = new WorkbookEngine(workbook)
  engine.addSheet(sheetId, doc)
  const loadMs = now() - start
  start = now()
  while (engine.catchUp()) {
    // a slice at a time, as the web app runs it when idle
  }
  const catchUpMs = now() - start

  let changedCells = 0
  engine.onChange((changes) => (changedCells = changes.length))
  const times: number[] = []
  for (let k = 0; k < edits; k++) {
    const rowId = rows[Math.floor(((k + 1) * formulas) / (edits + 1))] as string
    start = now()
    setCell(doc, rowId, colA, String(-k))
    times.push(now() - start)
  }

  start = now()
  insertRows(doc, 0, 1)
  const insertRowMs = now() - start
  start = now()
  deleteRows(doc, 0, 1)
  const deleteRowMs = now() - start

  engine.destroy()
  return {
    formulas,
    loadMs,
    catchUpMs,
    editMs: median(times),
    insertRowMs,
    deleteRowMs,
    changedCells,
  }
}
