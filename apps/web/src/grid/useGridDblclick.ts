import type { Ref } from 'vue'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { gridCell } from '../formula/gridCell'
import { autofitWidth } from './autofit'
import { measureCellText } from './cellOverflow'
import type { GridMetrics, GridSize, HeaderHit } from './gridGeometry'
import { activeSpan, type BlockLookup } from './mergedCells'
import { hitUnder } from './useGridViewport'

/**
 * What a double-click on the grid does: on a header border it autofits that row or column,
 * on a cell it selects it and, for who may edit, opens the editor on it. Anywhere inside a
 * merged block is the block: its top-left cell is selected and edited.
 */
export function useGridDblclick(options: {
  scroller: Ref<HTMLElement | null>
  sheet: () => SheetSession
  size: () => GridSize
  metrics: () => GridMetrics
  /** The merged blocks (`SheetSession.mergedBlocks`). */
  blocks: () => BlockLookup
  /** The header border under the pointer, if any (`useGridPointer`). */
  resizeHandleUnder: (e: MouseEvent) => HeaderHit | null
  /** The active cell's input as the editor opens on it (`useCellEditing`). */
  activeInput: () => string
}) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const notices = useNoticeStore()

  /**
   * Double-click on a header border: a column fits its widest text, a row drops its hand-set
   * height and fits its tallest wrapped cell (`autoRowHeights`), one undo step each.
   */
  function autofit(handle: { kind: 'row' | 'col'; index: number }): void {
    const sheet = options.sheet()
    try {
      if (handle.kind === 'row') {
        sheet.resize('rows', [handle.index], null)
        return
      }
      const col = handle.index
      const width = autofitWidth(options.size().rows, (row) => {
        if (sheet.layout.cellAt(row, col) === '') return 0
        const format = sheet.format(row, col)
        return measureCellText(gridCell(sheet, row, col, format).text, format)
      })
      sheet.resize('cols', [col], width)
    } catch (err) {
      notices.showError(err)
    }
  }

  function onDblclick(e: MouseEvent): void {
    const handle = options.resizeHandleUnder(e)
    if (handle) {
      autofit(handle)
      return
    }
    const el = options.scroller.value
    const hit = el ? hitUnder(el, e, options.metrics()) : null
    if (hit?.kind !== 'cell' || selection.editing) return
    // The editor opens at once, before `useMergedSelection` would move a covered cell to its
    // block's top-left: a double-click low in a block would edit a cell the block hides.
    selection.select(activeSpan(hit, options.blocks()).start)
    if (!access.canEdit) return
    selection.startEdit(options.activeInput(), 'edit', 'cell')
  }

  return onDblclick
}
