import type { Ref } from 'vue'
import { useCommentStore } from '../comments/commentStore'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import type { GridMetrics } from './gridGeometry'
import { hitUnder } from './useGridViewport'

/**
 * The grid's ways into comments: the card on the active cell (context menu "Comment" and
 * Ctrl+Alt+M) and the hover card of the commented cell under the pointer.
 */
export function useGridComments(options: {
  scroller: Ref<HTMLElement | null>
  sheet: () => SheetSession
  metrics: () => GridMetrics
  /** Ends a cell edit first; false when the draft is refused (the card then stays shut). */
  commitEdit: () => boolean
}) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const comments = useCommentStore()

  /** Context menu "Comment" and Ctrl+Alt+M: the comment card on the active cell. */
  function openAtActive(): void {
    const { layout } = options.sheet()
    const rowId = layout.rowId(selection.row)
    const colId = layout.colId(selection.col)
    if (!rowId || !colId || !access.canComment) return
    if (selection.editing && !options.commitEdit()) return
    comments.openCard({ rowId, colId }, 'new')
  }

  /** Ctrl+Alt+M; true when it was that key (and the card was asked for). */
  function onShortcut(e: KeyboardEvent): boolean {
    const shortcut =
      (e.ctrlKey || e.metaKey) && e.altKey && (e.key === 'm' || e.key === 'M' || e.code === 'KeyM')
    if (!shortcut) return false
    e.preventDefault()
    openAtActive()
    return true
  }

  /** The hover card of a commented cell under the pointer (once per cell entered). */
  let hovered = ''
  function hover(e: MouseEvent): void {
    const el = options.scroller.value
    const hit = el ? hitUnder(el, e, options.metrics()) : null
    const { layout } = options.sheet()
    const rowId = hit?.kind === 'cell' ? layout.rowId(hit.row) : undefined
    const colId = hit?.kind === 'cell' ? layout.colId(hit.col) : undefined
    const key = rowId && colId ? `${rowId}:${colId}` : ''
    if (key === hovered) return
    hovered = key
    if (rowId && colId) comments.hover({ rowId, colId })
    else comments.hover(null)
  }

  return { openAtActive, onShortcut, hover }
}
