import { getFrozen } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { SheetSession } from '../sync/sheetSession'
import { sheetSortRange } from './sortCommands'

/**
 * "Sort sheet by column X": every row below the frozen header rows, by one column, as one
 * undo step. A refusal becomes a notice, never an exception.
 */
export function useSortCommands(sheet: () => SheetSession | null | undefined) {
  const notices = useNoticeStore()

  function sortSheet(col: number, desc: boolean): void {
    const target = sheet()
    if (!target) return
    const range = sheetSortRange({
      rows: target.layout.rowCount,
      cols: target.layout.colCount,
      frozenRows: getFrozen(target.doc).rows,
    })
    if (!range) return
    try {
      target.sortRows(range, [{ col, desc }], false)
    } catch (err) {
      notices.showError(err)
    }
  }

  return { sortSheet }
}
