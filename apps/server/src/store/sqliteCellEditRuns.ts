import type Database from 'better-sqlite3'
import {
  RUN_ROW_MIN_CELLS,
  cellHistory,
  cellNeedle,
  cellsOf,
  runLines,
  type StoredEditRow,
} from './cellEditRuns.js'
import type { CellEditRow } from './historyRows.js'
import { cellEditRun, type CellEditRun } from './cellEditBatches.js'
import type { CellEditBatch } from './historyRecords.js'

/*
 * `SqliteStore`'s side of the cell edit log's runs (`cellEditRuns.ts`): a run of
 * `RUN_ROW_MIN_CELLS` cells or more is one row of `cell_edits`, found by its `cell_edit_lines`.
 * The commit thread writes them; the main connection reads them.
 */

/** Run rows: `cells` holds them (null on a row of one cell); the lines that find them. */
export const SQLITE_CELL_EDIT_RUNS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS cell_edit_lines (
    workbook_id TEXT NOT NULL,
    sheet_id TEXT NOT NULL,
    line TEXT NOT NULL,
    edit INTEGER NOT NULL,
    PRIMARY KEY (workbook_id, sheet_id, line, edit)
  ) WITHOUT ROWID;
`

/** Adds `cells` to a `cell_edits` made before runs were stored as rows (no data changes). */
export function addCellEditRunColumn(db: Database.Database): void {
  const columns = db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all('cell_edits')
  if (!columns.some((c) => c.name === 'cells'))
    db.exec('ALTER TABLE cell_edits ADD COLUMN cells TEXT')
  db.exec(SQLITE_CELL_EDIT_RUNS_SCHEMA)
}

/**
 * The statement a run below `RUN_ROW_MIN_CELLS` is inserted with, a row per cell: the fields the
 * rows share, then the cells as a JSON array unpacked by SQLite in array order. One statement
 * per run instead of one per row: a 25,000-cell paste's rows took 280–300 ms to insert one
 * `run()` each, 100–130 ms this way (the values stored are the same, NULs included; a lone
 * surrogate reads back as U+FFFDs either way: a row holds UTF-8 text, a run keeps it, below).
 */
const INSERT_CELL_ROWS = `INSERT INTO cell_edits
  (workbook_id, sheet_id, at, link_id, name, source, row_id, col_id, value)
  SELECT ?, ?, ?, ?, ?, ?, cell.value ->> 0, cell.value ->> 1, cell.value ->> 2
  FROM json_each(?) AS cell ORDER BY cell.key`

const INSERT_RUN_ROW = `INSERT INTO cell_edits
  (workbook_id, sheet_id, at, link_id, name, source, row_id, col_id, value, cells)
  VALUES (?, ?, ?, ?, ?, ?, '', '', NULL, ?)`

const INSERT_LINES = `INSERT OR IGNORE INTO cell_edit_lines (workbook_id, sheet_id, line, edit)
  SELECT ?, ?, line.value, ? FROM json_each(?) AS line`

/**
 * Writes cell edit log batches on `db` in one transaction (each cut into its run,
 * `cellEditRun`): the commit thread's connection, and the event loop's for an idle room's few
 * rows (`InlineWriter.writeRows`).
 */
export function cellEditLogWriter(
  db: Database.Database,
): (edits: readonly CellEditBatch[]) => void {
  const cellRows = db.prepare(INSERT_CELL_ROWS)
  const runRow = db.prepare(INSERT_RUN_ROW)
  const lines = db.prepare(INSERT_LINES)
  const insertRun = ({ fields, cells }: CellEditRun): void => {
    const { workbookId, sheetId, at, linkId, name, source } = fields
    const json = JSON.stringify(cells)
    if (cells.length < RUN_ROW_MIN_CELLS) {
      cellRows.run(workbookId, sheetId, at, linkId, name, source, json)
      return
    }
    const edit = runRow.run(workbookId, sheetId, at, linkId, name, source, json).lastInsertRowid
    lines.run(workbookId, sheetId, edit, JSON.stringify(runLines(cells)))
  }
  return db.transaction((edits: readonly CellEditBatch[]) => {
    for (const batch of edits) insertRun(cellEditRun(batch))
  })
}

/**
 * The cells that `where` selects (a condition on `workbook_id`, `at`, `source`: columns a
 * run's cells share, unqualified — `json_each` has none of those names) as `sheet_id`,
 * `row_id`, `col_id`, one-cell rows and the cells of runs alike: the version summary's
 * distinct cells (`cellEditSummarySql`).
 */
export function sqliteEditCells(where: string): string {
  return `SELECT sheet_id, row_id, col_id FROM cell_edits WHERE ${where} AND cells IS NULL
    UNION ALL
    SELECT e.sheet_id, c.value ->> 0, c.value ->> 1 FROM cell_edits AS e, json_each(e.cells) AS c
    WHERE ${where} AND e.cells IS NOT NULL`
}

/**
 * One cell's edits, newest first, at most `limit`: its own rows, and its cells in the runs
 * found by its row's or column's line whose JSON holds its `["rowId","colId"` (`cellNeedle`),
 * merged (`cellHistory`). A run's value is read as the JSON text it is stored as (`-> 2`) and
 * parsed here: SQLite's `->>` turns a lone surrogate's `\ud800` into U+FFFDs.
 */
export function sqliteCellEdits(
  db: Database.Database,
): (
  workbookId: string,
  sheetId: string,
  rowId: string,
  colId: string,
  limit: number,
) => CellEditRow[] {
  const rows = db.prepare<[string, string, string, string, number], StoredEditRow>(
    `SELECT *, rowid AS seq FROM cell_edits
     WHERE workbook_id = ? AND sheet_id = ? AND row_id = ? AND col_id = ? AND cells IS NULL
     ORDER BY at DESC, rowid DESC LIMIT ?`,
  )
  const runs = db.prepare<
    [string, string, string, string, string, string, string, number],
    StoredEditRow & { value_json: string }
  >(
    `SELECT e.workbook_id, e.sheet_id, e.at, e.link_id, e.name, e.source, e.rowid AS seq,
       c.value ->> 0 AS row_id, c.value ->> 1 AS col_id, c.value -> 2 AS value_json
     FROM cell_edit_lines AS l JOIN cell_edits AS e ON e.rowid = l.edit, json_each(e.cells) AS c
     WHERE l.workbook_id = ? AND l.sheet_id = ? AND l.line IN (?, ?) AND instr(e.cells, ?) > 0
       AND c.value ->> 0 = ? AND c.value ->> 1 = ?
     ORDER BY e.at DESC, e.rowid DESC, c.key DESC LIMIT ?`,
  )
  return (workbookId, sheetId, rowId, colId, limit) => {
    const needle = cellNeedle(rowId, colId)
    const lines = [`r:${rowId}`, `c:${colId}`] as const
    const fromRuns = runs
      .all(workbookId, sheetId, ...lines, needle, rowId, colId, limit)
      .map(({ value_json, ...cell }) => ({
        ...cell,
        cells: null,
        value: JSON.parse(value_json) as string | null,
      }))
    return cellHistory(rows.all(workbookId, sheetId, rowId, colId, limit), fromRuns, limit)
  }
}

/**
 * A workbook's edits after a time, oldest first, at most `limit`: the one-cell rows and the
 * runs, each in the order written, merged as they are read, and a run unpacked only when it is
 * reached. Unpacking every run since the time in SQL and sorting them made 100,000 edits of a
 * 1,000,000-cell log take ~1.6 s (~0.6 s as rows), this reads what it returns.
 */
export function sqliteCellEditsSince(
  db: Database.Database,
): (workbookId: string, since: number, limit: number) => CellEditRow[] {
  const ordered = db.prepare<[string, number], StoredEditRow>(
    'SELECT *, rowid AS seq FROM cell_edits WHERE workbook_id = ? AND at > ? ORDER BY at, rowid',
  )
  return (workbookId, since, limit) => {
    const out: CellEditRow[] = []
    if (limit <= 0) return out
    for (const row of ordered.iterate(workbookId, since)) {
      for (const cell of cellsOf(row)) {
        out.push(cell)
        if (out.length >= limit) return out
      }
    }
    return out
  }
}

/**
 * When the edit at `offset` (cells counted, runs unpacked) after `since` was made, or
 * undefined when there are not that many: `Store.summarizeCellEdits`'s cap.
 */
export function sqliteCellEditAt(
  db: Database.Database,
): (workbookId: string, since: number, offset: number) => number | undefined {
  const ordered = db.prepare<[string, number], { at: number; n: number }>(
    `SELECT at, CASE WHEN cells IS NULL THEN 1 ELSE json_array_length(cells) END AS n
     FROM cell_edits WHERE workbook_id = ? AND at > ? ORDER BY at, rowid`,
  )
  return (workbookId, since, offset) => {
    let seen = 0
    for (const { at, n } of ordered.iterate(workbookId, since)) {
      seen += n
      // Ends the statement's iteration (better-sqlite3 resets it on return).
      if (seen > offset) return at
    }
    return undefined
  }
}
