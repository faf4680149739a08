import type { Ref } from 'vue'
import type { CellPosition, RangePosition } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import { useTableDialogStore } from '../table/tableDialogStore'
import type { SheetSession } from '../sync/sheetSession'
import { shortcutCommand, type ShortcutCommand } from './commandShortcuts'
import { pageRows, type GridMetrics, type GridSize } from './gridGeometry'
import { arrowDelta, gridKeyCommand, isImeKey, isPrintableKey, type GridCommand } from './gridKeys'
import { moveOrigin, type BlockLookup } from './mergedCells'
import type { SelectionWalk } from './selectionWalk'

const sameCell = (a: CellPosition, b: CellPosition): boolean => a.row === b.row && a.col === b.col
import type { StructureAction } from './structureActions'
import { readViewport } from './useGridViewport'

/** What a viewer's keys must not do (see `access.canEdit`); moving and selecting still work. */
const EDITING_SHORTCUTS: ReadonlySet<ShortcutCommand['kind']> = new Set([
  'structure',
  'undo',
  'redo',
  'openMenu',
  'fill',
])
const EDITING_KEYS: ReadonlySet<GridCommand['kind']> = new Set(['edit', 'clear', 'fillSelection'])

export interface GridKeyboardOptions {
  scroller: Ref<HTMLElement | null>
  sheet: () => SheetSession
  size: () => GridSize
  metrics: () => GridMetrics
  range: () => RangePosition
  /** The active cell's stored input (F2 and Enter edit it). */
  activeInput: () => string
  runStructure: (action: StructureAction) => void
  undo: () => void
  redo: () => void
  openFind: () => void
  /** Ctrl+H: Find with its Replace row. */
  openReplace: () => void
  /** Ctrl+/: the list of shortcuts. */
  showShortcuts: () => void
  /** Escape on the grid: stop outlining the copied range; true when there was one. */
  escape: () => boolean
  /** Ctrl+D / Ctrl+R over the selection. */
  fill: (direction: 'down' | 'right') => void
  /** Ctrl+Enter on a selected block: the active cell's content into all of it. */
  fillSelection: () => void
  /** Shift+F10 / the ContextMenu key: the menu of what is selected. */
  openMenu: () => void
  /** Scrolls a cell into view. */
  reveal: (cell: CellPosition) => void
  /** Merged blocks: Shift+arrows from a block start at its far edge. */
  blocks?: () => BlockLookup
  /** The selected block Tab and Shift+Enter walk inside (`selectionWalk`); null for one cell. */
  walk?: () => SelectionWalk | null
}

/**
 * The grid's keys while no cell is being edited: moving and extending the selection, starting
 * an edit, clearing, and the command shortcuts (structure, undo, menus, find).
 */
export function useGridKeyboard(options: GridKeyboardOptions) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const tableDialogs = useTableDialogStore()

  function runShortcut(shortcut: ShortcutCommand): void {
    switch (shortcut.kind) {
      case 'structure':
        options.runStructure(shortcut.action)
        break
      case 'undo':
        options.undo()
        break
      case 'redo':
        options.redo()
        break
      case 'openMenu':
        options.openMenu()
        break
      case 'selectRow':
        selectWhole('row')
        break
      case 'selectCol':
        selectWhole('col')
        break
      case 'fill':
        options.fill(shortcut.direction)
        break
    }
  }

  /** Every row of whole columns (or column of whole rows) is the whole sheet, as in Excel. */
  function selectWhole(kind: 'row' | 'col'): void {
    if (selection.span === 'cell' || selection.span === kind) selection.selectWhole(kind)
    else selectAll()
  }

  function selectAll(): void {
    const size = options.size()
    selection.selectRange(
      { row: 0, col: 0 },
      { row: size.rows - 1, col: size.cols - 1 },
      selection.active,
    )
  }

  function runGridCommand(command: GridCommand): void {
    switch (command.kind) {
      case 'move':
        selection.select(command.to)
        // Brought into view even when it was already the active cell (Ctrl+Home on A1 after
        // scrolling away): the grid's own reveal follows changes of the active cell only.
        options.reveal(command.to)
        break
      case 'step':
        selection.stepTo(command.to)
        options.reveal(command.to)
        break
      case 'extend':
        selection.extendTo(command.to)
        // Shift+arrows move the range's free corner: keep that corner in view.
        options.reveal(command.to)
        break
      case 'selectAll':
        selectAll()
        break
      case 'edit':
        if (command.draft === null) selection.startEdit(options.activeInput(), 'edit', 'cell')
        else selection.startEdit(command.draft, 'enter', 'cell')
        break
      case 'clear':
        options.sheet().clear(options.range())
        break
      case 'fillSelection':
        options.fillSelection()
        break
    }
  }

  function onKeydown(e: KeyboardEvent): void {
    const el = options.scroller.value
    if (!el || e.target !== el || isImeKey(e)) return
    if (selection.editing) {
      // Fast typing can outrun the editor taking focus; keep those characters.
      if (isPrintableKey(e)) {
        e.preventDefault()
        selection.setDraft(selection.draft + e.key)
      }
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault()
      options.openFind()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'h') {
      e.preventDefault()
      if (access.canEdit) options.openReplace()
      else options.openFind()
      return
    }
    // Excel's Format as table. Ctrl+T reaches a page only where the browser leaves it (an
    // installed app's window); Ctrl+L, Excel's other key for it, reaches it everywhere.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && /^[lt]$/i.test(e.key)) {
      e.preventDefault()
      if (access.canEdit) tableDialogs.askFormat()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === '/' || e.code === 'Slash')) {
      e.preventDefault()
      options.showShortcuts()
      return
    }
    if (e.key === 'Escape' && options.escape()) {
      e.preventDefault()
      return
    }
    const shortcut = shortcutCommand(e, selection.span)
    if (shortcut) {
      e.preventDefault()
      // View only: the shortcuts that change the sheet (or open menus of such changes) do nothing.
      // A commenter's undo and redo take back their own comments.
      const ownUndo = access.canComment && (shortcut.kind === 'undo' || shortcut.kind === 'redo')
      if (!access.canEdit && !ownUndo && EDITING_SHORTCUTS.has(shortcut.kind)) return
      runShortcut(shortcut)
      return
    }
    const layout = options.sheet().layout
    const arrow = arrowDelta(e.key)
    const blocks = options.blocks?.()
    const fromBlock =
      arrow && blocks && e.shiftKey && sameCell(selection.extent, selection.active)
        ? moveOrigin(selection.active, arrow.dRow, arrow.dCol, blocks)
        : selection.extent
    const command = gridKeyCommand(
      e,
      selection.active,
      options.size(),
      pageRows(readViewport(el), options.metrics()),
      {
        extent: fromBlock,
        filled: (row, col) => layout.cellAt(row, col) !== '',
        hidden: (axis, index) => options.metrics()[axis].size(index) === 0,
        walk: options.walk?.(),
        lastUsed: () => options.sheet().usedExtent.get(),
      },
    )
    if (!command) return
    e.preventDefault()
    if (!access.canEdit && EDITING_KEYS.has(command.kind)) return
    if (command.kind === 'move' && e.key === 'Tab' && !e.shiftKey) selection.tabTo(command.to)
    else runGridCommand(command)
  }

  return { onKeydown }
}
