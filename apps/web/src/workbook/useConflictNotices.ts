import { onScopeDispose, type Ref } from 'vue'
import type { CellEdit, SheetInfo } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore, type NoticeAction } from '../stores/noticeStore'
import type { SheetCellConflict } from '../sync/workbookConflicts'
import type { WorkbookSession } from '../sync/workbookSession'
import { keptText, lostText, sheetAddress, type ConflictCell } from './conflictText'

/**
 * Turns cell conflicts (see `CellConflictWatch`) into one unobtrusive notice with the other
 * value and a one-click way back: "Restore mine" when someone else's value replaced this
 * user's, "Use theirs" when this user's stood over theirs. Either writes through the model's
 * `setCells` with this user's origin, so Ctrl+Z undoes it. Conflicts that arrive together (a
 * pasted block, an offline session syncing) make one notice and one restore.
 */
export function useConflictNotices(
  session: WorkbookSession,
  sheets: Ref<readonly SheetInfo[]>,
  activeSheetId: Ref<string | undefined>,
): void {
  const notices = useNoticeStore()
  const access = useAccessStore()
  let batch: SheetCellConflict[] = []

  function placed(c: SheetCellConflict): (ConflictCell & { conflict: SheetCellConflict }) | null {
    const mine = session.describeCell(c.sheetId, c.rowId, c.colId, c.mine)
    if (!mine) return null // its row or column is gone: nothing to restore into
    const theirs =
      c.theirs === null
        ? null
        : (session.describeCell(c.sheetId, c.rowId, c.colId, c.theirs)?.text ?? c.theirs)
    const sheetName = sheets.value.find((s) => s.id === c.sheetId)?.name
    const where =
      c.sheetId === activeSheetId.value || !sheetName
        ? mine.address
        : sheetAddress(sheetName, mine.address)
    return { where, mine: mine.text, theirs, conflict: c }
  }

  function restore(sheetId: string, edits: CellEdit[], label: string): NoticeAction | undefined {
    if (!access.canEdit) return undefined
    return { label, run: () => session.restoreCells(sheetId, edits) }
  }

  function flush(): void {
    const all = batch
    batch = []
    // One notice at a time: values of this user's that were replaced matter most.
    const first = all.find((c) => c.outcome === 'lost') ?? all[0]
    if (!first) return
    const group = all
      .filter((c) => c.outcome === first.outcome && c.sheetId === first.sheetId)
      .map(placed)
      .filter((c) => c !== null)
    if (group.length === 0) return
    const names = new Set(group.map((c) => c.conflict.writer?.name ?? null))
    const who = names.size === 1 ? ([...names][0] ?? null) : 'Others'
    const byIds = (value: (c: SheetCellConflict) => string | null): CellEdit[] | null => {
      const edits: CellEdit[] = []
      for (const { conflict } of group) {
        const v = value(conflict)
        if (v === null) return null
        edits.push({ rowId: conflict.rowId, colId: conflict.colId, value: v })
      }
      return edits
    }
    if (first.outcome === 'lost') {
      const edits = byIds((c) => c.mine)
      notices.show(lostText(who, group), 'info', {
        action: edits ? restore(first.sheetId, edits, 'Restore mine') : undefined,
      })
    } else {
      const edits = byIds((c) => c.theirs)
      notices.show(keptText(who, group), 'info', {
        action: edits ? restore(first.sheetId, edits, 'Use theirs') : undefined,
      })
    }
  }

  onScopeDispose(
    session.watchConflicts((conflict) => {
      if (batch.length === 0) queueMicrotask(flush)
      batch.push(conflict)
    }),
  )
}
