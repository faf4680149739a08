import { formatA1, validationMessage, type CellPosition } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { useFormulaPointStore } from '../stores/formulaPointStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { closeParens } from '../formula/formulaCompletion'
import { cellInputError } from './cellInputLimits'
import { editableInput } from './editableInput'
import type { SelectionWalk } from './selectionWalk'
import { useSelectionFill } from './useSelectionFill'

/**
 * Commit, cancel and clear for the active cell, shared by the grid's cell editor and the
 * formula bar so both write the same way.
 */
export function useCellEditing(sheet: () => SheetSession | null) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const point = useFormulaPointStore()
  const selectionFill = useSelectionFill()

  /**
   * Writes the draft to the active cell, ends the edit, moves to `to` if given and calls
   * `after`. Returns false (and keeps editing, with the reason in `selection.error`) when the
   * draft is refused. A formula being pointed on another sheet is committed on its own sheet,
   * once back there. A value that a "reject input" custom rule must check while the formula
   * engine is still loading stays in the editor until the rule can say: then it is written (and
   * `after` called) or refused, unless the edit has moved on meanwhile.
   */
  function commit(to?: CellPosition, after?: () => void): boolean {
    return commitDraft(to, after, false)
  }

  function commitDraft(to: CellPosition | undefined, after?: () => void, waited = false): boolean {
    const target = sheet()
    if (!selection.editing || !target) return true
    if (point.away()) {
      point.returnHome({ kind: 'commit', to })
      return true
    }
    if (!access.canEdit) {
      // View only (or access just lost): the draft could never be saved.
      selection.endEdit()
      return true
    }
    // `=SUM(A1:A3` means `=SUM(A1:A3)`, as in every spreadsheet.
    const input = closeParens(selection.draft)
    const problem = cellInputError(input)
    if (problem) {
      selection.reject(problem)
      return false
    }
    // A "reject input" validation rule refuses the value, with its message; a warning rule
    // keeps it (the cell shows a red corner).
    const refused = input.startsWith('=')
      ? null
      : target.validations.problem(selection.row, selection.col, input)
    if (refused?.strict) {
      selection.reject(validationMessage(refused, formatA1(selection.active), input))
      return false
    }
    if (
      !waited &&
      !input.startsWith('=') &&
      target.validations.undecided(selection.row, selection.col, input)
    ) {
      const { row, col } = selection
      void target.validations.whenDecidable().then(() => {
        const same =
          selection.editing && sheet() === target && selection.row === row && selection.col === col
        if (same && closeParens(selection.draft) === input) commitDraft(to, after, true)
      })
      return false
    }
    if (!input.startsWith('=') && input.includes('\n')) {
      target.writeLines(selection.row, selection.col, input)
    } else {
      target.write(selection.row, selection.col, input)
    }
    selection.endEdit()
    if (to) selection.select(to)
    after?.()
    return true
  }

  /**
   * Ctrl+Enter in a selected block (`walk`): the draft into every cell of it, a formula's
   * relative references moved for each, as Excel enters it (`useSelectionFill`); one undo
   * step. The edit ends (then `after` runs) and the block stays selected, the active cell where
   * it was. Refused (too long, a validation rule): the edit stays open.
   */
  function commitFill(walk: SelectionWalk, after?: () => void): void {
    const target = sheet()
    if (!selection.editing || !target) return
    if (!access.canEdit) {
      selection.endEdit()
      return
    }
    const draft = selection.draft
    const input = closeParens(draft)
    const problem = cellInputError(input)
    if (problem) {
      selection.reject(problem)
      return
    }
    selectionFill.fillTyped(target, walk, selection.active, input, () => {
      // A rule the engine had to decide first held the write: end only the edit it came from.
      if (!selection.editing || selection.draft !== draft) return
      selection.endEdit()
      after?.()
    })
  }

  function cancel(): void {
    if (point.away()) point.returnHome({ kind: 'cancel' })
    else selection.endEdit()
  }

  function clearActive(): void {
    if (!access.canEdit) return
    sheet()?.write(selection.row, selection.col, '')
  }

  /** The active cell's input as the editor shows it (`editableInput`: a date as a date). */
  function activeInput(): string {
    const target = sheet()
    if (!target) return ''
    const { row, col } = selection
    return editableInput(target.read(row, col), target.format(row, col))
  }

  return { commit, commitFill, cancel, clearActive, activeInput }
}
