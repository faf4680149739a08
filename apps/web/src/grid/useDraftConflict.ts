import { watch, type ShallowRef } from 'vue'
import type * as Y from 'yjs'
import { cellKey, formatA1, getCell, sheetTypes } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { useFormulaPointStore } from '../stores/formulaPointStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import { cellWriter } from '../sync/cellConflicts'
import type { SheetSession } from '../sync/sheetSession'
import type { WorkbookSession } from '../sync/workbookSession'
import { overwroteText } from '../workbook/conflictText'

/** The cell an edit is open on, by ids (rows may move under it while the user types). */
interface EditTarget {
  rowId: string
  colId: string
  key: string
}

/**
 * Same-cell edits never vanish silently. While this user's editor is open on a cell, a change
 * someone else makes there shows on the editor at once (who, and the new value: see
 * `selection.changedUnderEdit`), so committing is a choice: Enter replaces theirs, Escape keeps
 * it. Committing over it then leaves a notice with their value and "Restore theirs" (one undo
 * step). The other person is told by their own tab (`CellConflictWatch`: this user's editor
 * was open when their value landed).
 */
export function useDraftConflict(
  session: WorkbookSession,
  sheet: ShallowRef<SheetSession | null>,
): void {
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  const access = useAccessStore()
  const point = useFormulaPointStore()
  let target: EditTarget | null = null

  // Synchronous: a change can arrive between the first keystroke and the next render.
  watch(
    [() => selection.editing, sheet],
    ([editing, open]) => {
      target = null
      // A formula pointed on another sheet: its cell is not on the sheet open now.
      if (!editing || !open || (point.home && point.home.sheet.id !== open.id)) return
      const rowId = open.layout.rowId(selection.row)
      const colId = open.layout.colId(selection.col)
      if (rowId !== undefined && colId !== undefined) {
        target = { rowId, colId, key: cellKey(rowId, colId) }
      }
    },
    { flush: 'sync', immediate: true },
  )

  function changedByOthers(open: SheetSession, at: EditTarget): void {
    const stored = getCell(open.doc, at.rowId, at.colId)
    const writer = stored === '' ? null : session.writerOn(open.id, cellWriter(open.doc, at.key))
    selection.noteChangedUnderEdit({
      who: writer?.name ?? null,
      color: writer?.color ?? null,
      text: open.inputText(stored),
      stored,
    })
  }

  /** This user's commit landed over a value the editor showed as someone else's. */
  function committedOver(open: SheetSession, at: EditTarget): void {
    const theirs = selection.changedUnderEdit
    if (!theirs) return
    const mine = open.inputText(getCell(open.doc, at.rowId, at.colId))
    const where = formatA1(selection.active)
    const { rowId, colId } = at
    const sheetId = open.id
    notices.show(overwroteText(theirs.who, { where, mine, theirs: theirs.text }), 'info', {
      action: access.canEdit
        ? {
            label: 'Restore theirs',
            run: () => session.restoreCells(sheetId, [{ rowId, colId, value: theirs.stored }]),
          }
        : undefined,
    })
  }

  function onCells(keys: ReadonlySet<string>, transaction: Y.Transaction): void {
    const open = sheet.value
    const at = target
    if (!open || !at || !selection.editing || !keys.has(at.key)) return
    if (session.isOwnOrigin(transaction.origin)) committedOver(open, at)
    else changedByOthers(open, at)
  }

  watch(
    sheet,
    (open, _previous, onCleanup) => {
      if (!open) return
      onCleanup(sheetTypes(open.doc).cells.observe(onCells))
    },
    { immediate: true },
  )
}
