import type ExcelJS from 'exceljs'
import type { Row, Worksheet } from 'exceljs'
import type { FrozenPanes, RangePosition } from '@cellmate/model'
import type { ImportLimits } from './parsedSheet.js'
import { pxToWidth } from './xlsxStyle.js'

/**
 * Frozen panes and rows and columns hidden by hand, both ways. Excel freezes panes with the
 * first `<sheetView>`'s `<pane state="frozen" xSplit ySplit>` (the first N columns and rows),
 * and hides with `hidden="1"` on a `<row>` or `<col>` — the same flag it writes on the rows an
 * autofilter hides, which Cellmate does not import as a filter (`xlsxSanitize.ts`): rows under
 * an autofilter with criteria are left showing, as the import's notice says.
 */

/** The file's frozen panes, at most the sheet limits; undefined when nothing is frozen. */
export function frozenPanesOf(ws: Worksheet, limits: ImportLimits): FrozenPanes | undefined {
  const view = ws.views?.[0]
  if (view?.state !== 'frozen') return undefined
  const count = (n: unknown, max: number): number =>
    typeof n === 'number' && Number.isInteger(n) && n > 0 ? Math.min(n, max) : 0
  const panes = {
    rows: count(view.ySplit, limits.maxRows),
    cols: count(view.xSplit, limits.maxCols),
  }
  return panes.rows > 0 || panes.cols > 0 ? panes : undefined
}

/**
 * The 0-based rows and columns the file hides, ascending, within the sheet limits. A row
 * under an active filter (below its header, inside `filtered`) is the filter's, not hidden.
 */
export function hiddenAxesOf(
  ws: Worksheet,
  limits: ImportLimits,
  filtered: readonly RangePosition[],
): { rows: number[]; cols: number[] } {
  const rows: number[] = []
  // exceljs's own `eachRow` skips rows without values, which is what a hidden row often is.
  for (const row of (ws as unknown as { _rows?: Array<Row | undefined> })._rows ?? []) {
    if (!row?.hidden) continue
    const r = row.number - 1
    if (r >= limits.maxRows) break
    const byFilter = filtered.some((f) => r > f.start.row && r <= f.end.row)
    if (!byFilter) rows.push(r)
  }
  const cols: number[] = []
  ;(ws.columns ?? []).forEach((column, i) => {
    if (i < limits.maxCols && column?.hidden) cols.push(i)
  })
  return { rows, cols }
}

/** The `views` option of a streamed worksheet freezing `panes`; undefined when none are. */
export function frozenViews(panes: FrozenPanes): Array<Partial<ExcelJS.WorksheetView>> | undefined {
  if (panes.rows === 0 && panes.cols === 0) return undefined
  return [{ state: 'frozen', xSplit: panes.cols, ySplit: panes.rows }]
}

/**
 * Writes the sheet's `<cols>`: widths (px) and hidden columns, adjacent equal columns in one
 * `<col>`. Replaces the streamed worksheet's own step, which gives every listed column a
 * width (its default, 9, where none is set), so a hidden column would come back with a width
 * it never had; `width` is optional in the schema and a reader then uses the default.
 */
export function writeColumns(
  ws: ExcelJS.Worksheet,
  widths: ReadonlyArray<{ col: number; px: number }>,
  hidden: readonly number[],
): void {
  const internals = ws as unknown as {
    _writeColumns?: () => void
    stream?: { write(text: string): void }
  }
  if (typeof internals._writeColumns !== 'function') {
    throw new Error('exceljs changed: its streamed worksheet has no _writeColumns step')
  }
  const byCol = new Map<number, { width?: number; hidden: boolean }>()
  for (const { col, px } of widths) byCol.set(col, { width: pxToWidth(px), hidden: false })
  for (const col of hidden) byCol.set(col, { ...byCol.get(col), hidden: true })
  const runs: Array<{ min: number; max: number; width?: number; hidden: boolean }> = []
  for (const col of [...byCol.keys()].sort((a, b) => a - b)) {
    const c = byCol.get(col) as { width?: number; hidden: boolean }
    const last = runs[runs.length - 1]
    if (last && last.max === col && last.width === c.width && last.hidden === c.hidden) {
      last.max = col + 1
    } else runs.push({ min: col + 1, max: col + 1, ...c })
  }
  if (runs.length === 0) return
  const xml = runs
    .map((r) => {
      const width = r.width === undefined ? '' : ` width="${r.width}" customWidth="1"`
      return `<col min="${r.min}" max="${r.max}"${width}${r.hidden ? ' hidden="1"' : ''}/>`
    })
    .join('')
  internals._writeColumns = () => internals.stream?.write(`<cols>${xml}</cols>`)
}

/**
 * Makes the streamed worksheet write a hidden row that has no values and no height (the
 * rows a sheet hides are often empty), which its own step skips as an empty row.
 */
export function writeEmptyHiddenRows(ws: ExcelJS.Worksheet): void {
  const internals = ws as unknown as {
    _writeRow?: (row: Row) => void
    stream?: { write(text: string): void }
  }
  const own = internals._writeRow
  if (typeof own !== 'function') {
    throw new Error('exceljs changed: its streamed worksheet has no _writeRow step')
  }
  internals._writeRow = (row) => {
    // Always through its own step first: the first row opens `<sheetData>` there.
    own.call(ws, row)
    if (row.hidden && !row.hasValues && !row.height) {
      internals.stream?.write(`<row r="${row.number}" hidden="1"/>`)
    }
  }
}
