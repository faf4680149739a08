import { onBeforeUnmount, watch } from 'vue'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { clampPosition } from './gridKeys'

/**
 * Keeps the active cell on the same row and column *ids* when rows or columns are inserted,
 * deleted or moved — by this user or anyone else — as Google Sheets does. So someone typing
 * in row 40 while another user inserts 3 rows above commits into what is now row 43, not into
 * whatever row slid into position 40.
 *
 * When the active cell's row or column is deleted, the selection stays at the same position
 * (clamped to the sheet) and an edit in progress there is discarded with a notice: writing it
 * would only make an invisible orphan cell.
 */
export function useSelectionAnchor(sheet: () => SheetSession): void {
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  let rowId: string | undefined
  let colId: string | undefined

  function remember(): void {
    const { layout } = sheet()
    rowId = layout.rowId(selection.row)
    colId = layout.colId(selection.col)
  }
  // Synchronous: an insert can arrive between a click and the next render.
  watch([sheet, () => selection.row, () => selection.col], remember, {
    immediate: true,
    flush: 'sync',
  })

  function follow(): void {
    const { layout } = sheet()
    const row = rowId === undefined ? -1 : layout.rowIndexOf(rowId)
    const col = colId === undefined ? -1 : layout.colIndexOf(colId)
    if (row >= 0 && col >= 0) {
      if (row !== selection.row || col !== selection.col) selection.moveTo({ row, col })
      return
    }
    if (selection.editing) {
      selection.endEdit()
      notices.show(
        `${row < 0 ? 'The row' : 'The column'} you were editing was deleted; your edit was discarded.`,
        'info',
      )
    }
    const size = { rows: layout.rowCount, cols: layout.colCount }
    selection.moveTo(
      clampPosition(
        { row: row >= 0 ? row : selection.row, col: col >= 0 ? col : selection.col },
        size,
      ),
    )
    remember()
  }

  let stop: (() => void) | null = null
  watch(
    sheet,
    (current) => {
      stop?.()
      stop = current.onStructureChange(follow)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stop?.())
}
