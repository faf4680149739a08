import type { FormulaContext } from '@cellmate/formula'
import type { RangePosition } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { SheetSession } from '../sync/sheetSession'
import { fillCopyEdits, type FillCopyDirection } from './fillCopy'
import { shiftStoredFormula } from './formulaShift'
import { writeUnlessRefused } from '../validation/writeUnlessRefused'

/** Ctrl+D / Ctrl+R on the selected range (`fillCopyEdits`); a refusal becomes a notice. */
export function useFillCopy(options: {
  sheet: () => SheetSession
  range: () => RangePosition
  formulas: () => FormulaContext
}) {
  const notices = useNoticeStore()

  /** Ctrl+D / Ctrl+R: one write, so one undo step. */
  function fillCopy(direction: FillCopyDirection): void {
    const sheet = options.sheet()
    const ctx = options.formulas()
    const edits = fillCopyEdits(
      options.range(),
      direction,
      (row, col) => sheet.layout.cellAt(row, col),
      (raw, dRows, dCols) => shiftStoredFormula(raw, dRows, dCols, ctx),
      // Rows a filter hides are skipped, as in Sheets and Excel.
    ).filter((e) => !sheet.filters.filtered(e.row))
    if (edits.length === 0) return
    writeUnlessRefused(
      sheet.validations,
      edits,
      'filled',
      () => {
        try {
          sheet.writeBlock(edits, undefined, { growTables: true })
        } catch (err) {
          notices.showError(err)
        }
      },
      (message) => notices.show(message, 'error'),
    )
  }

  return fillCopy
}
