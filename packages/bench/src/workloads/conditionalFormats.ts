import * as Y from 'yjs'
import {
  ConditionalFormatter,
  SheetLayout,
  initSheet,
  setCells,
  type CellEdit,
  type ConditionalRule,
} from '@cellmate/model'
import type { BenchContext } from './benchContext.js'

const SECTION = 'Conditional formatting (Node, @cellmate/model)'

/** What an edit inside a big conditionally formatted range costs the formatter. */
export interface ConditionalBenchResult {
  cells: number
  edits: number
  /** Median pause per edit when the formatter is made again (the range read again). */
  wholeMs: number
  /** Median pause per edit when the formatter is told which cell changed. */
  incrementalMs: number
  /** The first paint: reading the range for both rules. */
  firstPaintMs: number
}

const COLS = 10
/** The cells a screen shows: 40 rows of the range's 10 columns. */
const SCREEN_ROWS = 40

/** A `rows` x 10 sheet of whole numbers with repeats (for the duplicates rule). */
function seededSheet(rows: number): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols: COLS })
  const layout = new SheetLayout(doc)
  const edits: CellEdit[] = []
  let x = 12345
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < COLS; c++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      const value = String(x % (rows * 4))
      edits.push({ rowId: layout.rowId(r)!, colId: layout.colId(c)!, value })
    }
  }
  setCells(doc, edits)
  layout.destroy()
  return doc
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/**
 * A colour scale and a duplicates rule on one range of `cells` cells; `edits` edits of cells on
 * screen, each followed by painting the screen, timed two ways: a new formatter per edit (as
 * the web app did: the range read, sorted and counted again) and one formatter told which
 * cell changed. The model's cell edit itself is outside the timing (the same in both).
 */
export function runConditionalBenchmark(
  cells = 100_000,
  edits = 9,
  now = () => performance.now(),
): ConditionalBenchResult {
  const rows = Math.ceil(cells / COLS)
  const doc = seededSheet(rows)
  const layout = new SheetLayout(doc)
  const source = {
    value: (r: number, c: number): unknown => {
      const raw = layout.cellAt(r, c)
      return raw === '' ? null : Number(raw)
    },
    today: 0,
  }
  const range = { start: { row: 0, col: 0 }, end: { row: rows - 1, col: COLS - 1 } }
  const rules: ConditionalRule[] = [
    { id: 'scale', order: 0, range, kind: 'colorScale', colors: ['#f8696b', '#ffeb84', '#63be7b'] },
    { id: 'dups', order: 1, range, kind: 'duplicates', style: { fill: '#f4cccc' } },
  ]
  const paint = (f: ConditionalFormatter): void => {
    for (let r = 0; r < SCREEN_ROWS; r++) for (let c = 0; c < COLS; c++) f.styleAt(r, c)
  }
  const edit = (i: number): { row: number; col: number } => {
    const row = (i * 7) % SCREEN_ROWS
    const col = i % COLS
    setCells(doc, [{ rowId: layout.rowId(row)!, colId: layout.colId(col)!, value: String(i) }])
    return { row, col }
  }

  let t = now()
  const live = new ConditionalFormatter(rules, source)
  paint(live)
  const firstPaintMs = now() - t

  const whole: number[] = []
  const incremental: number[] = []
  for (let i = 0; i < edits; i++) {
    edit(i)
    t = now()
    paint(new ConditionalFormatter(rules, source))
    whole.push(now() - t)

    const cell = edit(i + edits)
    t = now()
    live.valuesChanged([cell])
    paint(live)
    incremental.push(now() - t)
  }
  layout.destroy()
  return {
    cells: rows * COLS,
    edits,
    wholeMs: median(whole),
    incrementalMs: median(incremental),
    firstPaintMs,
  }
}

/** The bench rows: an edit in a 100,000-cell range with a colour scale and a duplicates rule. */
export async function runConditionalFormats(ctx: BenchContext): Promise<void> {
  const result = runConditionalBenchmark(100_000, ctx.config.mode === 'quick' ? 5 : 9)
  const only = (value: number) => ({ cellmate: { value } })
  const n = result.cells.toLocaleString('en-US')
  const what = `colour scale + duplicates on ${n} cells`
  ctx.addRow(SECTION, `${what}: first paint`, 'ms', 'lower', only(result.firstPaintMs))
  ctx.addRow(
    SECTION,
    `${what}: edit pause, range read again (before)`,
    'ms',
    'lower',
    only(result.wholeMs),
  )
  ctx.addRow(
    SECTION,
    `${what}: edit pause, statistics updated (after)`,
    'ms',
    'lower',
    only(result.incrementalMs),
  )
  ctx.details.conditionalFormats = result
  await Promise.resolve()
}
