import { computed, shallowRef } from 'vue'
import { colToLetters, type FrozenPanes } from '@cellmate/model'
import { useSelectionStore } from '../stores/selectionStore'
import { clipboardAction, clipboardMenuItems, type ClipboardAction } from './clipboardMenu'
import { sortCommand, sortSheetItems } from '../dataTools/sortCommands'
import { COMMENT_ITEM, commentMenuItems } from '../comments/commentMenu'
import { freezeMenuItems, freezeTarget } from './freezeActions'
import { CELL_HISTORY_ACTION, cellHistoryMenuItems } from '../history/cellHistoryMenu'
import { useHistoryStore } from '../history/historyStore'
import {
  CONDITIONAL_FORMAT_ACTION,
  conditionalFormatMenuItems,
} from '../conditionalFormat/conditionalFormatMenu'
import { useConditionalFormatStore } from '../conditionalFormat/conditionalFormatStore'
import { VALIDATION_ITEM, validationMenuItems } from '../validation/validationMenu'
import { useValidationStore } from '../validation/validationStore'
import { hideCommand, hideMenuItems, type HideCommand } from './hideActions'
import { rangeBetween } from './selectionRange'
import type { GridSize } from './gridGeometry'
import {
  GRID_MENUS,
  gridMenuItems,
  isStructureAction,
  type GridMenuKind,
  type StructureAction,
} from './structureActions'

/**
 * The grid's context menu: which one is open (row, column or cell) and where. Its items are
 * computed from the live selection, which follows its row when others insert rows above it,
 * so the menu acts on the row it was opened on.
 */
export function useGridMenu(options: {
  size: () => GridSize
  run: (action: StructureAction) => void
  /** The sheet's freeze panes now, and how to change them (the menus' freeze items). */
  frozen: () => FrozenPanes
  freeze: (panes: FrozenPanes) => void
  /** Gives the grid its focus back after the menu closed from the keyboard. */
  focus: () => void
  /** Cut, copy, paste, paste values only, clear. */
  clipboard: (action: ClipboardAction) => void
  /** Sorts the whole sheet by a column (the column menu's sort items). */
  sortSheet: (col: number, desc: boolean) => void
  /** "Comment" on the active cell; a commenter's menu holds only that. */
  comment: () => void
  canEdit: () => boolean
  canComment: () => boolean
  /** Whether any row (column) `from`..`to` is hidden, and how to hide or show the selection's. */
  anyHidden: (axis: 'rows' | 'cols', from: number, to: number) => boolean
  hide: (command: HideCommand) => void
}) {
  const selection = useSelectionStore()
  const menu = shallowRef<{ kind: GridMenuKind; x: number; y: number } | null>(null)

  const items = computed(() => {
    if (!menu.value) return []
    const comment = options.canComment() ? commentMenuItems(menu.value.kind) : []
    // A viewer's or commenter's cell menu: Comment (commenters) and Show edit history (the
    // server answers whether the owner shares the history with them).
    if (!options.canEdit()) {
      const [history, ...none] = cellHistoryMenuItems(menu.value.kind)
      if (!history) return comment
      return [...comment, { ...history, separatorBefore: comment.length > 0 }, ...none]
    }
    const rest = [
      ...gridMenuItems(
        menu.value.kind,
        rangeBetween(selection.anchor, selection.extent),
        options.size(),
      ),
      ...freezeMenuItems(menu.value.kind, selection.active, options.frozen()),
      ...hideMenuItems(
        menu.value.kind,
        rangeBetween(selection.anchor, selection.extent),
        options.anyHidden,
      ),
      ...(menu.value.kind === 'col' ? sortSheetItems(selection.col, true) : []),
      ...conditionalFormatMenuItems(menu.value.kind),
      ...validationMenuItems(menu.value.kind),
      ...cellHistoryMenuItems(menu.value.kind),
    ]
    const [first, ...others] = rest
    return [
      ...clipboardMenuItems(),
      ...comment.map((item) => ({ ...item, separatorBefore: true })),
      ...(first ? [{ ...first, separatorBefore: true }, ...others] : []),
    ]
  })
  const label = computed(() =>
    menu.value
      ? GRID_MENUS[menu.value.kind].label(selection.active, colToLetters(selection.col))
      : '',
  )
  const testId = computed(() => (menu.value ? GRID_MENUS[menu.value.kind].testId : ''))

  function open(kind: GridMenuKind, x: number, y: number): void {
    menu.value = { kind, x, y }
  }

  /** The menu of what is selected: a whole row, a whole column, or the active cell. */
  function openForSelection(x: number, y: number): void {
    open(selection.span === 'cell' ? 'cell' : selection.span, x, y)
  }

  function select(id: string): void {
    if (id === COMMENT_ITEM) {
      options.comment()
      return
    }
    const clip = clipboardAction(id)
    if (clip) {
      options.clipboard(clip)
      return
    }
    if (isStructureAction(id)) {
      options.run(id)
      return
    }
    const hide = hideCommand(id)
    if (hide) {
      options.hide(hide)
      return
    }
    const sort = sortCommand(id)
    if (sort?.kind === 'sheet') {
      options.sortSheet(sort.col, sort.desc)
      return
    }
    if (id === CONDITIONAL_FORMAT_ACTION) {
      useConditionalFormatStore().openPanel()
      return
    }
    if (id === VALIDATION_ITEM) {
      useValidationStore().open()
      return
    }
    if (id === CELL_HISTORY_ACTION) {
      useHistoryStore().showCellHistory(selection.address)
      return
    }
    const panes = freezeTarget(id)
    if (panes) options.freeze(panes)
  }

  function close(restoreFocus: boolean): void {
    menu.value = null
    if (restoreFocus) options.focus()
  }

  return { menu, items, label, testId, open, openForSelection, select, close }
}
