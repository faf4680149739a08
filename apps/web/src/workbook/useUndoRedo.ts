import { onScopeDispose, type ShallowRef } from 'vue'
import type { KeptLines } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import type { WorkbookSession } from '../sync/workbookSession'

/**
 * Undo and redo of this user's own steps (a committed cell edit, a row or sheet operation),
 * leaving everyone else's edits alone. The active cell moves to the cell a step changed, as in
 * Google Sheets and Excel; a step that removed the active cell's row is handled by the grid's
 * selection anchor. Steps made on other sheets stay undoable after switching tabs. Undoing an
 * insert leaves the rows or columns others have written in since, and says so.
 */
export function useUndoRedo(
  session: WorkbookSession,
  sheet: ShallowRef<SheetSession | null>,
  showSheet: (sheetId: string) => void,
) {
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  onScopeDispose(session.history.onKept((kept) => notices.show(keptNotice(kept), 'info')))

  function replay(stack: 'undo' | 'redo', step: () => boolean): void {
    // While editing, the editor's own undo applies; a toolbar click commits first (focusout).
    if (selection.editing) return
    const open = sheet.value
    // A step made on another sheet is undone there, and that sheet is shown (as in Google
    // Sheets), so nothing changes out of sight.
    const target = session.sheetOfNextStep(stack)
    if (!open || (target !== null && target !== open.id)) {
      step()
      if (target !== null && target !== open?.id) showSheet(target)
      return
    }
    const changed = open.cellChangedBy(() => void step())
    if (changed) selection.select(changed)
  }

  return {
    undo: () => replay('undo', () => session.history.undo()),
    redo: () => replay('redo', () => session.history.redo()),
  }
}

/** "Kept 1 row others have written in", "Kept 2 rows and 1 column others have written in". */
export function keptNotice(kept: readonly KeptLines[]): string {
  const count = (axis: KeptLines['axis']) =>
    kept.filter((k) => k.axis === axis).reduce((n, k) => n + k.ids.length, 0)
  const lines = [
    [count('rows'), 'row'],
    [count('cols'), 'column'],
  ] as const
  const what = lines
    .filter(([n]) => n > 0)
    .map(([n, noun]) => `${n} ${noun}${n === 1 ? '' : 's'}`)
    .join(' and ')
  return `Kept ${what} others have written in`
}
