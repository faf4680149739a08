import type { CellPosition } from '@cellmate/model'

/** A cell that matches, in reading order (row by row). */
export type Match = CellPosition

/** The find bar's options, as Google Sheets' Find and replace dialog has them. */
export interface FindOptions {
  /** `Apple` does not find `apple`. */
  matchCase: boolean
  /** The query must be the cell's whole text, not part of it. */
  wholeCell: boolean
  /** Formula cells also match by their formula text (`=SUM(A1:A3)`), and Replace rewrites it. */
  inFormulas: boolean
}

export const DEFAULT_FIND_OPTIONS: FindOptions = {
  matchCase: false,
  wholeCell: false,
  inFormulas: false,
}

/** What a cell offers to Find: its shown text, and a formula cell's formula text (A1 form). */
export interface FindTexts {
  shown: string
  formula: string | null
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The query as a pattern: literal, any case unless `matchCase`, anchored to the whole text
 * when `wholeCell`. Find and Replace share it, so they agree on what matches. `global` for
 * replacing every occurrence.
 */
export function findPattern(query: string, options: FindOptions, global = false): RegExp {
  const body = escapeRegExp(query)
  const flags = `u${options.matchCase ? '' : 'i'}${global ? 'g' : ''}`
  return new RegExp(options.wholeCell ? `^${body}$` : body, flags)
}

/** True when a cell's texts match: its shown text, or (`inFormulas`) its formula text. */
export function cellMatches(texts: FindTexts, pattern: RegExp, options: FindOptions): boolean {
  if (pattern.test(texts.shown)) return true
  return options.inFormulas && texts.formula !== null && pattern.test(texts.formula)
}

/**
 * The cells that match `query` (any case and part of the cell by default, as Ctrl+F in Google
 * Sheets), in reading order. `cells` lists the non-empty cells only — a sheet's cells are
 * sparse, so a million-row sheet with a hundred values costs a hundred comparisons.
 */
export function findMatches(
  query: string,
  cells: Iterable<CellPosition>,
  texts: (row: number, col: number) => FindTexts,
  options: FindOptions = DEFAULT_FIND_OPTIONS,
): Match[] {
  if (query === '') return []
  const pattern = findPattern(query, options)
  const out: Match[] = []
  for (const { row, col } of cells) {
    if (cellMatches(texts(row, col), pattern, options)) out.push({ row, col })
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
