import type * as Y from 'yjs'
import {
  cellInputAt,
  filteredRowIds,
  getFormat,
  hiddenMap,
  liveIds,
  readFilter,
  sheetTypes,
  type AxisPositions,
  type CellFormat,
  type FilterCell,
  type SheetFilter,
} from '@cellmate/model'
import { isCellError, type CellValue } from './cellValue.js'
import { describeCell } from './cellView.js'
import type { HiddenRows } from './engineCore.js'
import { withShownFormat, type ShownFormat } from './resultFormat.js'

/**
 * Which rows of a sheet are hidden, as `WorkbookEngine.setHiddenRows` wants them (SUBTOTAL,
 * AGGREGATE): by hand (`hiddenRows`) and by the shared filter, whose criteria are tested on
 * computed values and on the text the grid shows. One rule for every reader — the browser's
 * engine and the server's (REST reads, exports) — so both leave out the same rows.
 */

/** A cell as a filter reads it: computed value, the text the grid shows, fill colour. */
export function filterCellOf(raw: string, value: CellValue, format: CellFormat): FilterCell {
  const text = describeCell(raw, value, format).text
  return { value: isCellError(value) ? value.error : value, text, fill: format.fill }
}

/**
 * The rows hidden by hand and by the shared filter (`filter`, by default the sheet's own),
 * as row ids. `cellOf` reads a cell as a filter does (see `filterCellOf`); `layout` is the
 * sheet's current order of rows (read from the document when not given).
 */
export function sheetHiddenRows(
  doc: Y.Doc,
  cellOf: (rowId: string, colId: string) => FilterCell,
  layout?: AxisPositions & { readonly rowIds: readonly string[] },
  filter: SheetFilter | null = readFilter(doc, layout),
): HiddenRows {
  const hidden = new Set<string>()
  const marks = hiddenMap(doc, 'rows')
  if (marks.size === 0 && !filter) return { hidden, filtered: new Set() }
  const t = sheetTypes(doc)
  const rowIds = layout?.rowIds ?? liveIds(t.rows, t.removedRows)
  if (marks.size > 0) {
    for (const id of rowIds) if (marks.get(id) === true) hidden.add(id)
  }
  const filtered = filter ? filteredRowIds(filter, rowIds, cellOf) : new Set<string>()
  return { hidden, filtered }
}

/**
 * `sheetHiddenRows` for a sheet evaluated by `valueById` (an engine's computed values), the
 * cells' inputs and formats read from the document. `shownFormat` gives the number format a
 * formula's number inherits (`shownFormat`), so a filter reads the text the grid shows.
 */
export function evaluatedHiddenRows(
  doc: Y.Doc,
  valueById: (rowId: string, colId: string) => CellValue,
  layout?: AxisPositions & { readonly rowIds: readonly string[] },
  shownFormat: (rowId: string, colId: string) => ShownFormat | null = () => null,
): HiddenRows {
  const cells = sheetTypes(doc).cells
  return sheetHiddenRows(
    doc,
    (rowId, colId) => {
      const raw = cellInputAt(cells, `${rowId}:${colId}`) ?? ''
      const value = valueById(rowId, colId)
      const format = withShownFormat(raw, value, getFormat(doc, rowId, colId), () =>
        shownFormat(rowId, colId),
      )
      return filterCellOf(raw, value, format)
    },
    layout,
  )
}
