import {
  RUN_ROW_MIN_CELLS,
  cellHistory,
  cellInRuns,
  cellNeedle,
  cellsOf,
  runLines,
  type StoredEditRow,
} from './cellEditRuns.js'
import type { CellEditBatch, CellEditRecord, CellEditSummary } from './historyRecords.js'
import {
  CELL_EDIT_COLUMNS,
  cellEditFromRow,
  cellEditSummaryFromRows,
  cellEditSummarySql,
  type CellEditSummaryRows,
} from './historyRows.js'
import { cellEditRun, type CellEditRun } from './cellEditBatches.js'
import type { PgRunner } from './postgresHistory.js'

/**
 * Rows of the log `listSince` reads at a time: a run row holds a whole change's cells (a
 * paste: thousands), so reading `limit` rows at once could fetch and unpack thousands of times
 * what it returns.
 */
const SINCE_PAGE_ROWS = 500

const MAX_BIGINT = '9223372036854775807'

/**
 * `PostgresStore`'s cell edit log: a run of `RUN_ROW_MIN_CELLS` cells or more is one row of
 * `cell_edits`, found by its `cell_edit_lines` (`cellEditRuns.ts`); smaller ones are a row per
 * cell. A run's cells are two JSON texts: `cells`, `[[rowId, colId], …]`, which Postgres
 * reads (the summary's distinct cells), and `cell_values`, read only here: Postgres's JSON
 * functions refuse a document holding `\u0000` (what JSON.stringify writes for a NUL a value
 * may hold), ids never do.
 */
export class PostgresCellEdits {
  constructor(private readonly pg: PgRunner) {}

  /**
   * Writes the edits in order: runs below `RUN_ROW_MIN_CELLS` a row per cell, in one statement
   * when that is all there is (typing: no transaction's round trips), big ones a row each, all
   * in one transaction.
   */
  async record(edits: readonly CellEditBatch[]): Promise<void> {
    const runs = edits.filter((b) => b.cells.length > 0).map(cellEditRun)
    if (runs.length === 0) return
    if (runs.every((r) => r.cells.length < RUN_ROW_MIN_CELLS)) {
      await insertRows(this.pg, runs)
      return
    }
    await this.pg.transaction(async (client) => {
      let small: CellEditRun[] = []
      for (const run of runs) {
        if (run.cells.length < RUN_ROW_MIN_CELLS) {
          small.push(run)
          continue
        }
        await insertRows(client, small)
        small = []
        const { fields, cells } = run
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO cell_edits (${CELL_EDIT_COLUMNS}, cells, cell_values)
           VALUES ($1, $2, '', '', NULL, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            fields.workbookId,
            fields.sheetId,
            fields.at,
            fields.linkId,
            fields.name,
            fields.source,
            JSON.stringify(cells.map(([rowId, colId]) => [rowId, colId])),
            JSON.stringify(cells.map(([, , value]) => value)),
          ],
        )
        await client.query(
          `INSERT INTO cell_edit_lines (workbook_id, sheet_id, line, edit)
           SELECT $1, $2, line, $4 FROM unnest($3::text[]) AS line ON CONFLICT DO NOTHING`,
          [fields.workbookId, fields.sheetId, runLines(cells), rows[0]?.id],
        )
      }
      await insertRows(client, small)
    })
  }

  async list(
    workbookId: string,
    sheetId: string,
    rowId: string,
    colId: string,
    limit: number,
  ): Promise<CellEditRecord[]> {
    const [rows, runs] = await Promise.all([
      this.pg.query<StoredEditRow>(
        `SELECT *, id AS seq FROM cell_edits
         WHERE workbook_id = $1 AND sheet_id = $2 AND row_id = $3 AND col_id = $4
         ORDER BY at DESC, id DESC LIMIT $5`,
        [workbookId, sheetId, rowId, colId, limit],
      ),
      // Each run that holds the cell's JSON holds the cell: `limit` of them are enough.
      this.pg.query<StoredEditRow>(
        `SELECT e.*, e.id AS seq FROM cell_edit_lines AS l JOIN cell_edits AS e ON e.id = l.edit
         WHERE l.workbook_id = $1 AND l.sheet_id = $2 AND l.line IN ($3, $4)
           AND strpos(e.cells, $5) > 0
         ORDER BY e.at DESC, e.id DESC LIMIT $6`,
        [workbookId, sheetId, `r:${rowId}`, `c:${colId}`, cellNeedle(rowId, colId), limit],
      ),
    ])
    return cellHistory(rows.rows, cellInRuns(runs.rows, rowId, colId), limit).map(cellEditFromRow)
  }

  /**
   * A workbook's edits after a time, oldest first, at most `limit`: the stored rows read in
   * pages of at most `SINCE_PAGE_ROWS` (never more than the cells still wanted: every row
   * yields one or more), runs unpacked as they are reached, until `limit` cells are read.
   */
  async listSince(workbookId: string, since: number, limit: number): Promise<CellEditRecord[]> {
    const out: CellEditRecord[] = []
    // Where the last page ended, as (at, id): first just after `since` (no id is larger).
    const after: { at: number | string; seq: number | string } = { at: since, seq: MAX_BIGINT }
    while (out.length < limit) {
      const page = Math.min(SINCE_PAGE_ROWS, limit - out.length)
      const { rows } = await this.pg.query<StoredEditRow>(
        `SELECT *, id AS seq FROM cell_edits
         WHERE workbook_id = $1 AND (at, id) > ($2::bigint, $3::bigint)
         ORDER BY at, id LIMIT $4`,
        [workbookId, after.at, after.seq, page],
      )
      for (const row of rows) {
        for (const cell of cellsOf(row)) {
          if (out.length >= limit) return out
          out.push(cellEditFromRow(cell))
        }
        after.at = row.at
        after.seq = row.seq
      }
      if (rows.length < page) break
    }
    return out
  }

  async summarize(
    workbookId: string,
    since: number,
    until: number,
    limit: number,
  ): Promise<CellEditSummary> {
    // The cap counts cells, a run's all of them: the running total over the first `limit`
    // rows (each one cell or more) reaches it there if anywhere.
    const { rows: capped } = await this.pg.query<{ at: string }>(
      `SELECT at FROM (
         SELECT at, id, SUM(CASE WHEN cells IS NULL THEN 1 ELSE json_array_length(cells::json) END)
           OVER (ORDER BY at, id) AS upto
         FROM (SELECT at, id, cells FROM cell_edits WHERE workbook_id = $1 AND at > $2
               ORDER BY at, id LIMIT $3) AS first
       ) AS running WHERE upto >= $3 ORDER BY at, id LIMIT 1`,
      [workbookId, since, limit],
    )
    const last = capped[0] ? Number(capped[0].at) : undefined
    const sql = cellEditSummarySql(
      ['$1', '$2', '$3'],
      (where) => `SELECT sheet_id, row_id, col_id FROM cell_edits WHERE ${where} AND cells IS NULL
        UNION ALL
        SELECT sheet_id, cell ->> 0, cell ->> 1
        FROM cell_edits, json_array_elements(cells::json) AS cell
        WHERE ${where} AND cells IS NOT NULL`,
      (where) => `SELECT *, id AS seq FROM cell_edits WHERE ${where}`,
    )
    const args = [workbookId, since, Math.min(until, last ?? until)]
    const [cells, editors] = await Promise.all([
      this.pg.query<CellEditSummaryRows['cells'][number]>(sql.cells, args),
      this.pg.query<CellEditSummaryRows['editors'][number]>(sql.editors, args),
    ])
    return cellEditSummaryFromRows({ cells: cells.rows, editors: editors.rows })
  }
}

/** Inserts the cells of `runs` a row each, in order, in one statement. */
async function insertRows(
  db: { query(text: string, values: unknown[]): Promise<unknown> },
  runs: readonly CellEditRun[],
): Promise<void> {
  const columns = {
    workbookId: [] as string[],
    sheetId: [] as string[],
    rowId: [] as string[],
    colId: [] as string[],
    value: [] as Array<string | null>,
    at: [] as number[],
    linkId: [] as Array<string | null>,
    name: [] as Array<string | null>,
    source: [] as string[],
  }
  for (const { fields, cells } of runs) {
    for (const [rowId, colId, value] of cells) {
      columns.workbookId.push(fields.workbookId)
      columns.sheetId.push(fields.sheetId)
      columns.rowId.push(rowId)
      columns.colId.push(colId)
      columns.value.push(value)
      columns.at.push(fields.at)
      columns.linkId.push(fields.linkId)
      columns.name.push(fields.name)
      columns.source.push(fields.source)
    }
  }
  if (columns.rowId.length === 0) return
  await db.query(
    `INSERT INTO cell_edits (${CELL_EDIT_COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                          $6::bigint[], $7::text[], $8::text[], $9::text[])`,
    [
      columns.workbookId,
      columns.sheetId,
      columns.rowId,
      columns.colId,
      columns.value,
      columns.at,
      columns.linkId,
      columns.name,
      columns.source,
    ],
  )
}
