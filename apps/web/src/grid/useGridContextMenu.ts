import type { Ref } from 'vue'
import { getFrozen, hiddenIndexes, type RangePosition } from '@cellmate/model'
import { useSortCommands } from '../dataTools/useSortCommands'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import type { ClipboardAction } from './clipboardMenu'
import type { GridMetrics, GridSize } from './gridGeometry'
import { rangeContains } from './selectionRange'
import type { GridMenuKind, StructureAction } from './structureActions'
import { useGridMenu } from './useGridMenu'
import { hitUnder } from './useGridViewport'

export interface GridContextMenuOptions {
  scroller: Ref<HTMLElement | null>
  sheet: () => SheetSession
  size: () => GridSize
  metrics: () => GridMetrics
  range: () => RangePosition
  /** The active cell's box in viewport pixels (the keyboard opens the menu under it). */
  activeRect: () => DOMRect
  runStructure: (action: StructureAction) => void
  /** Ends an edit in progress; false when the draft was refused. */
  commitEdit: () => boolean
  focus: () => void
  clipboard: (action: ClipboardAction) => void
  /** Opens the comment card on the active cell (the menus' "Comment"). */
  comment: () => void
}

/**
 * Right-click and Shift+F10 on the grid: select what the click is on (unless it is already
 * selected) and open the row, column or cell menu there, as Google Sheets does.
 */
export function useGridContextMenu(options: GridContextMenuOptions) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const notices = useNoticeStore()

  const { sortSheet } = useSortCommands(options.sheet)
  const gridMenu = useGridMenu({
    sortSheet,
    anyHidden: (axis, from, to) =>
      hiddenIndexes(options.sheet().doc, axis).some((i) => i >= from && i <= to),
    hide: ({ axis, hidden }) => {
      const r = options.range()
      const [from, to] = axis === 'rows' ? [r.start.row, r.end.row] : [r.start.col, r.end.col]
      try {
        options.sheet().setHidden(axis, from, to - from + 1, hidden)
      } catch (err) {
        notices.showError(err)
      }
    },
    size: options.size,
    run: options.runStructure,
    focus: options.focus,
    clipboard: options.clipboard,
    comment: options.comment,
    canEdit: () => access.canEdit,
    canComment: () => access.canComment,
    frozen: () => getFrozen(options.sheet().doc),
    freeze: (panes) => {
      try {
        options.sheet().freeze(panes)
      } catch (err) {
        notices.showError(err)
      }
    },
  })

  /** Shift+F10 / ContextMenu key: the menu of what is selected, under the active cell. */
  function openAtActive(): void {
    const el = options.scroller.value
    if (!el) return
    const rect = el.getBoundingClientRect()
    const cell = options.activeRect()
    gridMenu.openForSelection(Math.max(rect.left, cell.left), Math.max(rect.top, cell.bottom))
  }

  /**
   * Selects what a right-click is on and says what it was; null when nothing is there or the
   * edit in progress was refused. A right-click inside the selection keeps it selected.
   */
  function selectForMenu(e: MouseEvent): GridMenuKind | null {
    const el = options.scroller.value
    const hit = el ? hitUnder(el, e, options.metrics()) : null
    if (!hit) return null
    if (selection.editing && !options.commitEdit()) {
      e.preventDefault()
      return null
    }
    const range = options.range()
    if (hit.kind === 'cell') {
      if (!rangeContains(range, hit.row, hit.col)) selection.select(hit)
    } else if (hit.kind === 'row') {
      const whole = selection.span === 'row'
      if (!whole || hit.index < range.start.row || hit.index > range.end.row) {
        selection.selectRow(hit.index)
      }
    } else {
      const whole = selection.span === 'col'
      if (!whole || hit.index < range.start.col || hit.index > range.end.col) {
        selection.selectCol(hit.index)
      }
    }
    return hit.kind
  }

  function onContextmenu(e: MouseEvent): void {
    // Shift+F10 and the ContextMenu key also fire this, after the keydown opened our menu.
    if (gridMenu.menu.value) {
      e.preventDefault()
      return
    }
    if (selection.editing) return // the editor's own menu (spelling, paste)
    const kind = selectForMenu(e)
    if (!kind) return
    // View only: the row and column menus hold only edits; a cell's holds "Comment" for
    // commenters and "Show edit history". The click still selects.
    if (!access.canEdit && kind !== 'cell') return
    e.preventDefault()
    options.focus()
    gridMenu.open(kind, e.clientX, e.clientY)
  }

  return { ...gridMenu, openAtActive, onContextmenu }
}
