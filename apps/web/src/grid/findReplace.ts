import { formulaSyntaxError, isFormula } from '@cellmate/formula'
import type { CellPosition } from '@cellmate/model'
import { closeParens } from '../formula/formulaCompletion'
import { cellInputError } from './cellInputLimits'
import { findPattern, type FindOptions } from './findMatches'

/** A matched cell as Replace reads it. */
export interface ReplaceCell extends CellPosition {
  /**
   * Its input as the formula bar shows it (`editableInput`: formulas in A1 form, a date as a
   * date): what Replace edits, as if the user retyped it.
   */
  input: string
}

/** What Replace all would do, and why the matches it leaves alone are left. */
export interface ReplacePlan {
  /** The new inputs, as typed (formulas in A1 form: the caller stores them). */
  edits: Array<{ row: number; col: number; value: string }>
  /** Matches only in a value's shown form (`$1,000.00` for `1000`): nothing to rewrite. */
  formatted: number
  /** Formula cells that matched by their result, not by their formula text. */
  results: number
  /** Rewrites refused because the formula would no longer read (`=SUM(A1` and such). */
  malformed: number
  /** Rewrites refused because the text would be too long for a cell. */
  tooLong: number
}

/**
 * `text` with every occurrence of `query` replaced by `replacement` taken literally (the
 * whole text when `wholeCell`); null when the query is not in it.
 */
export function replaceInText(
  text: string,
  query: string,
  replacement: string,
  options: FindOptions,
): string | null {
  if (query === '' || !findPattern(query, options).test(text)) return null
  return text.replace(findPattern(query, options, true), () => replacement)
}

/**
 * What replacing in the matched `cells` does: a formula's text is rewritten only when
 * `inFormulas` is on, and as a typed formula is (unclosed parentheses closed); a rewrite that
 * would not read as a formula, where the original did, is refused rather than stored broken.
 * Cells that match only as shown are counted, not changed.
 */
export function planReplace(
  cells: Iterable<ReplaceCell>,
  query: string,
  replacement: string,
  options: FindOptions,
): ReplacePlan {
  const plan: ReplacePlan = { edits: [], formatted: 0, results: 0, malformed: 0, tooLong: 0 }
  for (const { row, col, input } of cells) {
    const formula = isFormula(input)
    const replaced =
      formula && !options.inFormulas ? null : replaceInText(input, query, replacement, options)
    if (replaced === null) {
      if (formula) plan.results++
      else plan.formatted++
      continue
    }
    const value = closeParens(replaced)
    if (value === input) continue
    if (formulaSyntaxError(value) !== null && (!formula || formulaSyntaxError(input) === null)) {
      plan.malformed++
    } else if (cellInputError(value) !== null) {
      plan.tooLong++
    } else {
      plan.edits.push({ row, col, value })
    }
  }
  return plan
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Why the matches a replace left alone were left, as sentences; "" when none were. */
export function replaceNote(plan: ReplacePlan, options: FindOptions): string {
  const parts: string[] = []
  if (plan.formatted > 0) {
    parts.push(
      `${count(plan.formatted, 'match is', 'matches are')} only in how a value is shown (its number format), which can't be replaced as shown`,
    )
  }
  if (plan.results > 0) {
    parts.push(
      options.inFormulas
        ? `${count(plan.results, 'match is', 'matches are')} only in a formula's result, which can't be replaced`
        : `${count(plan.results, 'match is', 'matches are')} in formula results: turn on “Also search within formulas” (fx) to replace in formulas`,
    )
  }
  if (plan.malformed > 0) {
    parts.push(
      `${count(plan.malformed, 'formula', 'formulas')} skipped: the replaced formula would not be valid`,
    )
  }
  if (plan.tooLong > 0) {
    parts.push(`${count(plan.tooLong, 'cell', 'cells')} skipped: the text would be too long`)
  }
  return parts.map((p) => `${p}.`).join(' ')
}
