/**
 * A1 notation <-> zero-based positions. Positions are only ever a view of the current
 * layout: the document stores row and column ids, never indexes.
 */

/** A zero-based cell position. */
export interface CellPosition {
  row: number
  col: number
}

/** An inclusive rectangle of zero-based positions, `start` top-left, `end` bottom-right. */
export interface RangePosition {
  start: CellPosition
  end: CellPosition
}

/** Whether two ranges cover the same cells. */
export function sameRange(a: RangePosition, b: RangePosition): boolean {
  return (
    a.start.row === b.start.row &&
    a.start.col === b.start.col &&
    a.end.row === b.end.row &&
    a.end.col === b.end.col
  )
}

const A1_RE = /^\$?([A-Za-z]{1,4})\$?([1-9][0-9]{0,8})$/

/** `0 -> "A"`, `25 -> "Z"`, `26 -> "AA"`. */
export function colToLetters(col: number): string {
  if (!Number.isInteger(col) || col < 0) throw new RangeError(`invalid column index ${col}`)
  let n = col + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

/** `"A" -> 0`, `"AA" -> 26`; case-insensitive. Returns -1 for anything that is not letters. */
export function lettersToCol(letters: string): number {
  if (!/^[A-Za-z]+$/.test(letters)) return -1
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/** `"B3" -> {row: 2, col: 1}`; `$` markers are accepted and ignored. Null when not an address. */
export function parseA1(address: string): CellPosition | null {
  const m = A1_RE.exec(address.trim())
  if (!m) return null
  return { row: Number(m[2]) - 1, col: lettersToCol(m[1] as string) }
}

/** `{row: 2, col: 1} -> "B3"`. */
export function formatA1(pos: CellPosition): string {
  return `${colToLetters(pos.col)}${pos.row + 1}`
}

/**
 * `"A1:D20"` (or a single `"B2"`) -> normalised rectangle, corners in any order.
 * Null when either corner is not an address.
 */
export function parseRange(range: string): RangePosition | null {
  const parts = range.split(':')
  if (parts.length > 2) return null
  const a = parseA1(parts[0] ?? '')
  const b = parts.length === 2 ? parseA1(parts[1] ?? '') : a
  if (!a || !b) return null
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  }
}

/** Rectangle -> `"A1:D20"`, or `"B2"` for a single cell. */
export function formatRange(range: RangePosition): string {
  const a = formatA1(range.start)
  const b = formatA1(range.end)
  return a === b ? a : `${a}:${b}`
}
