import { isFormula, shiftFormula, toStoredFormula } from '@cellmate/formula'
import type { CellPosition } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { SheetSession } from '../sync/sheetSession'
import { sheetOnlyContext, shiftStoredFormula } from './formulaShift'
import { selectionFillEdits } from './selectionFill'
import type { SelectionWalk } from './selectionWalk'
import { writeFill } from './useFillCopy'

/**
 * Ctrl+Enter over a selected block (`selectionFillEdits`), written as a fill: one block, one
 * undo step, held to the validation rules, a refusal becoming a notice (`writeFill`).
 */
export function useSelectionFill() {
  const notices = useNoticeStore()

  /**
   * Typed `input` (what the editor holds, formulas in A1 form for the active cell) into every
   * cell of the block; `written` runs once it is in. Text of several lines turns on Wrap text
   * in the same step, as a commit of it does (`SheetSession.writeLines`).
   */
  function fillTyped(
    sheet: SheetSession,
    walk: SelectionWalk,
    active: CellPosition,
    input: string,
    written?: () => void,
  ): void {
    const ctx = sheet.formulaContext ?? sheetOnlyContext(sheet)
    const formula = isFormula(input)
    const edits = selectionFillEdits(walk, active, (cell, dRows, dCols) =>
      formula ? toStoredFormula(shiftFormula(input, dRows, dCols), ctx, cell) : input,
    )
    if (!formula && input.includes('\n')) {
      for (const edit of edits) edit.format = { ...sheet.format(edit.row, edit.col), wrap: true }
    }
    writeFill(sheet, edits, notices, written)
  }

  /** The active cell's content into every cell of the block (Sheets' Fill range); none: nothing. */
  function fillFromActive(sheet: SheetSession, walk: SelectionWalk, active: CellPosition): void {
    const raw = sheet.layout.cellAt(active.row, active.col)
    if (raw === '') return
    const ctx = sheet.formulaContext ?? sheetOnlyContext(sheet)
    const edits = selectionFillEdits(walk, active, (_, dRows, dCols) =>
      shiftStoredFormula(raw, dRows, dCols, ctx),
    )
    writeFill(sheet, edits, notices)
  }

  return { fillTyped, fillFromActive }
}
