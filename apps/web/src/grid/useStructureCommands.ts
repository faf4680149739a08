import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { rangeBetween } from './selectionRange'
import {
  STRUCTURE_ACTIONS,
  actionBlock,
  planStructure,
  type StructureAction,
} from './structureActions'

/**
 * Runs row and column commands on the active cell's row or column — read when the command
 * runs, so a menu opened before someone inserted rows above still acts on the row it was
 * opened on (the selection follows row ids, see `useSelectionAnchor`). A refusal from the
 * model (the last row, the sheet's size limit) becomes a notice, never an exception.
 */
export function useStructureCommands(sheet: () => SheetSession) {
  const selection = useSelectionStore()
  const notices = useNoticeStore()

  /** Returns true when the sheet changed. */
  function run(action: StructureAction): boolean {
    const target = sheet()
    const at = selection.active
    const { axis } = STRUCTURE_ACTIONS[action]
    const length = axis === 'rows' ? target.layout.rowCount : target.layout.colCount
    // The selected rows (or columns) all: three selected rows insert, delete or move three.
    const { index, count } = actionBlock(action, rangeBetween(selection.anchor, selection.extent))
    const plan = planStructure(action, index, length, count)
    if (!plan) return false
    try {
      target.apply(plan.op)
    } catch (err) {
      notices.showError(err)
      return false
    }
    // The block the action made or moved stays selected; after a delete, the row or column
    // that took the first deleted one's place.
    const deleting = action === 'deleteRow' || action === 'deleteCol'
    const last = plan.select + (deleting ? 0 : count - 1)
    const offset = (position: number): number => plan.select + (deleting ? 0 : position - index)
    if (axis === 'rows') {
      if (selection.span === 'row') {
        selection.selectRow(plan.select)
        if (last > plan.select) selection.extendTo({ row: last, col: 0 })
      } else selection.moveTo({ row: offset(at.row), col: at.col })
    } else if (selection.span === 'col') {
      selection.selectCol(plan.select)
      if (last > plan.select) selection.extendTo({ row: 0, col: last })
    } else {
      selection.moveTo({ row: at.row, col: offset(at.col) })
    }
    return true
  }

  return { run }
}
