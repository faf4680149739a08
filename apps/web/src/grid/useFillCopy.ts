import type { FormulaContext } from '@cellmate/formula'
import type { RangePosition } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { PositionedEdit, SheetSession } from '../sync/sheetSession'
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
    writeFill(sheet, edits, notices)
  }

  return fillCopy
}

/**
 * A fill's write (Ctrl+D / Ctrl+R, the fill handle): one block, one undo step, held to the
 * validation rules as typing is (`writeUnlessRefused`); a refusal or a failed write becomes a
 * notice. `written` runs once the block is in.
 */
export function writeFill(
  sheet: SheetSession,
  edits: readonly PositionedEdit[],
  notices: ReturnType<typeof useNoticeStore>,
  written?: () => void,
): void {
  writeUnlessRefused(
    sheet.validations,
    edits,
    'filled',
    () => {
      try {
        sheet.writeBlock(edits, undefined, { growTables: true })
      } catch (err) {
        notices.showError(err)
        return
      }
      written?.()
    },
    (message) => notices.show(message, 'error'),
  )
}
