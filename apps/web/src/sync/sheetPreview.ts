import * as Y from 'yjs'
import type { SheetPreview } from '@cellmate/protocol'
import {
  ensureSheetSize,
  isFormatAttr,
  isValidFormatValue,
  liveIds,
  setCells,
  setColWidths,
  setFormat,
  setFrozen,
  setRowHeights,
  sheetTypes,
  type CellEdit,
} from '@cellmate/model'

/**
 * A throwaway sheet document holding a preview's block (`sheetPreview` in the protocol), for
 * the grid to paint while the real document loads. It is never synced, stored or written to
 * by the user (the preview's session is read-only), and is dropped once the real one is in.
 */
export function previewDoc(preview: SheetPreview): Y.Doc {
  const doc = new Y.Doc()
  const rows = preview.rowHeights.length
  const cols = preview.colWidths.length
  doc.transact(() => {
    ensureSheetSize(doc, { rows: Math.max(1, rows), cols: Math.max(1, cols) })
    const t = sheetTypes(doc)
    const rowIds = liveIds(t.rows, t.removedRows)
    const colIds = liveIds(t.cols, t.removedCols)
    const edits: CellEdit[] = []
    preview.cells.forEach((line, r) => {
      line.forEach((value, c) => {
        const rowId = rowIds[r]
        const colId = colIds[c]
        if (value !== '' && rowId && colId) edits.push({ rowId, colId, value })
      })
    })
    setCells(doc, edits)
    for (const [row, col, format] of preview.formats) {
      const rowId = rowIds[row]
      const colId = colIds[col]
      if (!rowId || !colId) continue
      for (const [attr, value] of Object.entries(format)) {
        if (!isFormatAttr(attr) || !isValidFormatValue(attr, value)) continue
        setFormat(doc, [{ rowId, colId }], attr, value as never)
      }
    }
    sizes(preview.colWidths, colIds, (ids, px) => setColWidths(doc, ids, px))
    sizes(preview.rowHeights, rowIds, (ids, px) => setRowHeights(doc, ids, px))
    setFrozen(doc, {
      rows: Math.min(preview.frozen.rows, rows),
      cols: Math.min(preview.frozen.cols, cols),
    })
  })
  return doc
}

function sizes(
  stored: ReadonlyArray<number | null>,
  ids: readonly string[],
  set: (ids: string[], px: number) => void,
): void {
  stored.forEach((px, i) => {
    const id = ids[i]
    if (px !== null && id) set([id], px)
  })
}
