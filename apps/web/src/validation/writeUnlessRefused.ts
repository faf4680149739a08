import { formatA1, validationMessage } from '@cellmate/model'
import type { PositionedEdit } from '../sync/sheetBlockWrite'
import type { SheetValidations } from './sheetValidations'

/** Values a rule checks: formulas are not, as when typed; emptying a cell never breaks one. */
function checked(edit: PositionedEdit): boolean {
  return edit.value !== '' && !edit.value.startsWith('=')
}

/**
 * Runs `write` (a paste's or a fill's block of `edits`) unless a "reject input" validation
 * rule refuses one of their values, as it refuses the same value typed (and as the REST API
 * refuses it): then nothing is written and `refuse` hears why, for the first refused cell.
 * A custom rule that cannot be checked while the formula engine loads holds the write until
 * it can. A "show a warning" rule lets the value in; its cell shows the red corner.
 */
export function writeUnlessRefused(
  validations: SheetValidations,
  edits: readonly PositionedEdit[],
  verb: 'pasted' | 'filled',
  write: () => void,
  refuse: (message: string) => void,
): void {
  const decide = (): void => {
    for (const edit of edits) {
      if (!checked(edit)) continue
      const rule = validations.problem(edit.row, edit.col, edit.value)
      if (!rule?.strict) continue
      const address = formatA1(edit)
      const why = rule.message
        ? `${address}: ${rule.message}`
        : validationMessage(rule, address, edit.value)
      refuse(`Nothing was ${verb}. ${why}`)
      return
    }
    write()
  }
  if (edits.some((e) => checked(e) && validations.undecided(e.row, e.col, e.value))) {
    void validations.whenDecidable().then(decide)
  } else decide()
}
