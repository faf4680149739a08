import { isFormula } from '@cellmate/formula'
import type { CellPosition } from '@cellmate/model'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A cell's content with every occurrence of `query` (any case, as Find matches) replaced;
 * null when nothing changes. Formulas are left alone: Find reads the values they show, and
 * rewriting their text from a value match could break them.
 */
export function replaceInInput(input: string, query: string, replacement: string): string | null {
  if (query === '' || isFormula(input)) return null
  const next = input.replace(new RegExp(escapeRegExp(query), 'gi'), () => replacement)
  return next === input ? null : next
}

/** The edits of Replace all over the matched cells (written together: one undo step). */
export function replaceAllEdits(
  matches: readonly CellPosition[],
  read: (row: number, col: number) => string,
  query: string,
  replacement: string,
): Array<{ row: number; col: number; value: string }> {
  const edits: Array<{ row: number; col: number; value: string }> = []
  for (const { row, col } of matches) {
    const value = replaceInInput(read(row, col), query, replacement)
    if (value !== null) edits.push({ row, col, value })
  }
  return edits
}
