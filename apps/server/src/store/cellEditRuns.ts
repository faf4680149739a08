import type { CellEditRow } from './historyRows.js'
import type { CellEditRun } from './cellEditBatches.js'

/**
 * The cell edit log of both stores (`sqliteCellEditRuns.ts`, `postgresCellEdits.ts`) keeps a
 * big run of edits — a paste, a fill, a sort: the cells one transaction changed,
 * `RUN_ROW_MIN_CELLS` or more — as **one row** of `cell_edits`
 * whose `cells` column holds them as JSON (`[[rowId, colId, value], …]`, its `row_id` and
 * `col_id` empty), instead of one row per cell. What a cell's history needs to find it is
 * `cell_edit_lines`: the rows the run touched, or its columns when its rows are many (each
 * prefixed `r:` or `c:`; `runLines`).
 *
 * Why: a row per cell cost its insert into the per-cell index `cell_edits_by_cell` (five text
 * columns): 1,000,000 pasted cells took the commit thread ~4.4 s, competing with the clients
 * and the event loop for two cores, and 228 MB of file. A microbenchmark of 1,000,000 log rows
 * in 5,000-row commits: 7.4 s and 228 MB as rows, 0.34 s and 38 MB as JSON runs (server
 * README, "The cell edit log's big runs"). Small edits (typing) stay a row each: looking one
 * up is an index seek, and what they cost is the commit, not the row.
 *
 * Every read unpacks the runs it reaches, so the log reads as before: a run's cells are
 * ordered after the rows written before it, in the order of its array.
 */
export const RUN_ROW_MIN_CELLS = 64

/**
 * Cells per row a run must average to be found by its rows: a run of whole rows (a paste 25
 * columns wide) is found by them, so a cell's history unpacks only the runs of its own row; a
 * run of a few columns down many rows is found by its columns, lines far fewer than its cells.
 */
const CELLS_PER_ROW_LINE = 8

/** The lines that find a run: its rows (see `CELLS_PER_ROW_LINE`), else its columns. */
export function runLines(cells: CellEditRun['cells']): string[] {
  const rows = new Set<string>()
  const cols = new Set<string>()
  // A paste's cells come row by row: a row's id is added once, not once per cell.
  let lastRow: string | undefined
  for (const [rowId, colId] of cells) {
    if (rowId !== lastRow) rows.add((lastRow = rowId))
    cols.add(colId)
  }
  return rows.size * CELLS_PER_ROW_LINE <= cells.length || rows.size <= cols.size
    ? [...rows].map((id) => `r:${id}`)
    : [...cols].map((id) => `c:${id}`)
}

/**
 * What a run's JSON holds for a cell: the start of its `[rowId, colId, …]`, up to the column
 * id's closing quote (ids are JSON-plain), so `"c1"` does not match `"c10"`.
 */
export function cellNeedle(rowId: string, colId: string): string {
  return JSON.stringify([rowId, colId]).slice(0, -1)
}

/**
 * A row of `cell_edits` as the reads take it: one cell, or a run's (`cells`), with `seq`, its
 * place in the log (SQLite's `rowid`, Postgres's `id`). SQLite's `cells` are
 * `[rowId, colId, value]`; Postgres keeps the values apart (`cell_values`, see
 * `postgresCellEdits.ts`), its `cells` `[rowId, colId]`.
 */
export interface StoredEditRow extends CellEditRow {
  cells: string | null
  cell_values?: string | null
  seq: number | string
}

/** A stored row's cells: itself, or the run's, unpacked. */
export function cellsOf(row: StoredEditRow): StoredEditRow[] {
  if (row.cells === null) return [row]
  const cells = JSON.parse(row.cells) as Array<[string, string, (string | null)?]>
  const values =
    typeof row.cell_values === 'string'
      ? (JSON.parse(row.cell_values) as Array<string | null>)
      : null
  return cells.map(([rowId, colId, value], i) => ({
    ...row,
    row_id: rowId,
    col_id: colId,
    value: (values ? values[i] : value) ?? null,
  }))
}

/** A run's cells that are the cell (`rowId`, `colId`), newest first. */
export function cellInRuns(
  runs: readonly StoredEditRow[],
  rowId: string,
  colId: string,
): StoredEditRow[] {
  return runs.flatMap((run) =>
    cellsOf(run)
      .filter((c) => c.row_id === rowId && c.col_id === colId)
      .reverse(),
  )
}

/**
 * One cell's edits, newest first, at most `limit`: its own rows and its cells from runs, each
 * newest first, merged.
 */
export function cellHistory(
  rows: readonly StoredEditRow[],
  fromRuns: readonly StoredEditRow[],
  limit: number,
): StoredEditRow[] {
  const merged: StoredEditRow[] = []
  let i = 0
  let j = 0
  while (merged.length < limit && (i < rows.length || j < fromRuns.length)) {
    const row = rows[i]
    const cell = fromRuns[j]
    if (cell === undefined || (row !== undefined && writtenAfter(row, cell))) {
      merged.push(row as StoredEditRow)
      i++
    } else {
      merged.push(cell)
      j++
    }
  }
  return merged
}

/** Whether `a` was written after `b` (by time, then by its place in the log). */
function writtenAfter(a: StoredEditRow, b: StoredEditRow): boolean {
  const at = Number(a.at) - Number(b.at)
  return at !== 0 ? at > 0 : Number(a.seq) > Number(b.seq)
}
