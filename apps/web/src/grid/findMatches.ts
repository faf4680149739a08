import type { CellPosition } from '@cellmate/model'

/** A cell that matches, in reading order (row by row). */
export type Match = CellPosition

/**
 * The cells whose displayed text contains `query`, ignoring case (as Ctrl+F in Google Sheets),
 * in reading order. `cells` lists the non-empty cells only — a sheet's cells are sparse, so a
 * million-row sheet with a hundred values costs a hundred comparisons.
 */
export function findMatches(
  query: string,
  cells: Iterable<CellPosition>,
  display: (row: number, col: number) => string,
): Match[] {
  const needle = query.toLocaleLowerCase()
  if (needle === '') return []
  const out: Match[] = []
  for (const { row, col } of cells) {
    if (display(row, col).toLocaleLowerCase().includes(needle)) out.push({ row, col })
  }
  return out.sort((a, b) => a.row - b.row || a.col - b.col)
}

/**
 * The match Enter (or Shift+Enter, `backwards`) goes to from the active cell: the next one
 * after it in reading order, wrapping around; -1 when there are none.
 */
export function nextMatch(
  matches: readonly Match[],
  from: CellPosition,
  backwards: boolean,
): number {
  if (matches.length === 0) return -1
  const after = (m: Match): boolean => m.row > from.row || (m.row === from.row && m.col > from.col)
  const before = (m: Match): boolean => m.row < from.row || (m.row === from.row && m.col < from.col)
  if (backwards) {
    for (let i = matches.length - 1; i >= 0; i--) if (before(matches[i]!)) return i
    return matches.length - 1
  }
  const i = matches.findIndex(after)
  return i >= 0 ? i : 0
}
