import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import {
  STRUCTURE_ACTIONS,
  actionIndex,
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
    const plan = planStructure(action, actionIndex(action, at), length)
    if (!plan) return false
    try {
      target.apply(plan.op)
    } catch (err) {
      notices.showError(err)
      return false
    }
    if (axis === 'rows') {
      if (selection.span === 'row') selection.selectRow(plan.select)
      else selection.moveTo({ row: plan.select, col: at.col })
    } else if (selection.span === 'col') {
      selection.selectCol(plan.select)
    } else {
      selection.moveTo({ row: at.row, col: plan.select })
    }
    return true
  }

  return { run }
}
