import type * as Y from 'yjs'
import {
  SHEET_ROOTS,
  SheetLayout,
  formatsMap,
  getFormat,
  parseFormatKey,
  sheetTypes,
  type CellFormat,
} from '@cellmate/model'

/** One cell of a sheet at its current position: raw input (stored form) and format. */
export interface SheetCell {
  row: number
  col: number
  rowId: string
  colId: string
  raw: string
  format: CellFormat
}

/** What an export needs from a sheet document, in current positions. */
export interface SheetContent {
  /** Cells with input (and, with `withFormats`, formatted empty cells), row-major. */
  cells: SheetCell[]
  /** The used range: rows and columns up to the last cell with content. */
  rowCount: number
  colCount: number
  /** Column widths and row heights in px by 0-based position, where set. */
  colWidths: Array<{ col: number; px: number }>
  rowHeights: Array<{ row: number; px: number }>
}

/**
 * Reads the cells of a sheet document as a reader sees them: cells on deleted rows or
 * columns (orphans) are skipped. Without `withFormats` only cells with input count (a CSV
 * has no formats); with it, formatted empty cells are included and extend the used range.
 */
export function readSheetContent(doc: Y.Doc, withFormats: boolean): SheetContent {
  const layout = new SheetLayout(doc)
  try {
    const found = new Map<string, SheetCell>()
    const add = (rowId: string, colId: string, raw: string): void => {
      const row = layout.rowIndexOf(rowId)
      const col = layout.colIndexOf(colId)
      if (row < 0 || col < 0) return
      found.set(`${rowId}:${colId}`, {
        row,
        col,
        rowId,
        colId,
        raw,
        format: getFormat(doc, rowId, colId),
      })
    }
    for (const [key, raw] of sheetTypes(doc).cells.entries()) {
      const sep = key.indexOf(':')
      if (sep > 0 && raw !== '') add(key.slice(0, sep), key.slice(sep + 1), raw)
    }
    if (withFormats) {
      for (const key of formatsMap(doc).keys()) {
        const parsed = parseFormatKey(key)
        if (parsed && !found.has(`${parsed.rowId}:${parsed.colId}`))
          add(parsed.rowId, parsed.colId, '')
      }
    }
    const cells = [...found.values()].filter(
      (c) => c.raw !== '' || Object.keys(c.format).length > 0,
    )
    cells.sort((a, b) => a.row - b.row || a.col - b.col)
    let rowCount = 0
    let colCount = 0
    for (const c of cells) {
      rowCount = Math.max(rowCount, c.row + 1)
      colCount = Math.max(colCount, c.col + 1)
    }
    return { cells, rowCount, colCount, ...sizes(doc, layout) }
  } finally {
    layout.destroy()
  }
}

function sizes(doc: Y.Doc, layout: SheetLayout): Pick<SheetContent, 'colWidths' | 'rowHeights'> {
  const colWidths: SheetContent['colWidths'] = []
  for (const [colId, px] of doc.getMap<unknown>(SHEET_ROOTS.colWidths).entries()) {
    const col = layout.colIndexOf(colId)
    if (col >= 0 && typeof px === 'number' && Number.isFinite(px)) colWidths.push({ col, px })
  }
  const rowHeights: SheetContent['rowHeights'] = []
  for (const [rowId, px] of doc.getMap<unknown>(SHEET_ROOTS.rowHeights).entries()) {
    const row = layout.rowIndexOf(rowId)
    if (row >= 0 && typeof px === 'number' && Number.isFinite(px)) rowHeights.push({ row, px })
  }
  return { colWidths, rowHeights }
}
