import { isCellError } from './cellValue.js'
import { tokenize } from './formulaTokens.js'
import { inferValue } from './inputValue.js'
import { shiftFormula } from './shiftFormula.js'

/** A cell by 0-based row and column. */
interface At {
  row: number
  col: number
}

/** The value typed into a cell as a formula literal: `12`, `TRUE`, `"text"`, `#N/A`. */
function literalOf(input: string): string {
  const { value } = inferValue(input)
  if (value === null) return '""'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (isCellError(value)) return value.error
  return `"${value.replace(/"/g, '""')}"`
}

/**
 * The formula a custom validation rule evaluates for one cell of its range, in A1 form:
 * the rule's formula is written for the range's top-left cell `origin`, so its relative
 * references move with the cell as a fill would move them (Excel's rule). References to the
 * cell itself read the value being checked (`input`, not yet written) instead of the cell's
 * current one; a range that covers the cell still reads what is stored there.
 */
export function customRuleFormula(formula: string, origin: At, cell: At, input: string): string {
  const shifted = shiftFormula(formula, cell.row - origin.row, cell.col - origin.col)
  if (!shifted.startsWith('=')) return shifted
  const literal = literalOf(input)
  const out = tokenize(shifted.slice(1), 'a1').map((token) => {
    if (token.type !== 'ref' || token.ref.sheet !== null || token.ref.area.isRange) {
      return token.text
    }
    const { rows, cols } = token.ref.area
    return rows?.start.at === cell.row && cols?.start.at === cell.col ? literal : token.text
  })
  return `=${out.join('')}`
}

/** Whether a custom rule's result lets a value through: TRUE, or a non-zero number (Excel). */
export function customRulePasses(result: unknown): boolean {
  if (typeof result === 'boolean') return result
  if (typeof result === 'number') return result !== 0
  return false
}
