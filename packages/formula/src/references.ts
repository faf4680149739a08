import { colToLetters } from '@cellmate/model'

/**
 * References, in two flavours that share one shape: A1 references hold zero-based *indexes*
 * (what a user types and sees), anchored references hold row/column *ids* (what is stored).
 * A reference covers rows, columns or both; a whole column `A:C` has no row span and a whole
 * row `3:5` has no column span.
 */

/** One coordinate: where it points and whether it carries a `$` (absolute) marker. */
export interface Coord<T> {
  at: T
  abs: boolean
}

/** A span along one axis, first and last coordinate as written (not normalised). */
export interface Span<T> {
  start: Coord<T>
  end: Coord<T>
}

/**
 * A referenced area. `isRange` tells `A1:A1` (a range) from `A1` (a cell); whole rows and
 * columns are always ranges.
 */
export interface Area<T> {
  rows?: Span<T>
  cols?: Span<T>
  isRange: boolean
}

/** A reference as typed: `'My sheet'!$A1:B$3`. `sheet` is the unquoted name, if written. */
export interface A1Reference {
  sheet: string | null
  area: Area<number>
}

/** A stored reference: sheet id (null = the formula's own sheet) and row/column ids. */
export interface AnchoredReference {
  sheetId: string | null
  area: Area<string>
}

/** Excel's grid: rows 1..1,048,576, columns A..XFD. */
export const MAX_ROWS = 1_048_576
export const MAX_COLS = 16_384

/** Maps every coordinate of an area, keeping its shape and `$` markers. */
export function mapArea<T, U>(
  area: Area<T>,
  fn: (coord: Coord<T>, axis: 'rows' | 'cols') => U | undefined,
): Area<U> | undefined {
  const out: Area<U> = { isRange: area.isRange }
  for (const axis of ['rows', 'cols'] as const) {
    const span = area[axis]
    if (!span) continue
    const start = fn(span.start, axis)
    const end = fn(span.end, axis)
    if (start === undefined || end === undefined) return undefined
    out[axis] = { start: { at: start, abs: span.start.abs }, end: { at: end, abs: span.end.abs } }
  }
  return out
}

/**
 * Puts each span in ascending order, carrying the `$` marker with its coordinate, as Excel
 * does when a range's corners cross (`A10:A1` reads `A1:A10`).
 */
export function normaliseArea(area: Area<number>): Area<number> {
  const out: Area<number> = { isRange: area.isRange }
  for (const axis of ['rows', 'cols'] as const) {
    const span = area[axis]
    if (!span) continue
    out[axis] = span.start.at <= span.end.at ? span : { start: span.end, end: span.start }
  }
  return out
}

function formatCoord(coord: Coord<number>, axis: 'rows' | 'cols'): string {
  const text = axis === 'rows' ? String(coord.at + 1) : colToLetters(coord.at)
  return coord.abs ? `$${text}` : text
}

/** `{rows: 0..9, cols: 0..0}` -> `A1:A10`; a cell -> `A1`; whole columns -> `A:C`. */
export function formatArea(area: Area<number>): string {
  const { rows, cols } = area
  const corner = (which: 'start' | 'end'): string =>
    (cols ? formatCoord(cols[which], 'cols') : '') + (rows ? formatCoord(rows[which], 'rows') : '')
  return area.isRange ? `${corner('start')}:${corner('end')}` : corner('start')
}

const BARE_SHEET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const LOOKS_LIKE_ADDRESS = /^(?:[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|TRUE|FALSE)$/i

/** `Sheet2` stays bare; `My sheet`, `A1`, `Bob's` are quoted (`'Bob''s'`). */
export function quoteSheetName(name: string): string {
  if (BARE_SHEET_NAME.test(name) && !LOOKS_LIKE_ADDRESS.test(name)) return name
  return `'${name.replace(/'/g, "''")}'`
}

/** An A1 reference as text, with its sheet prefix if it has one. */
export function formatA1Reference(ref: A1Reference): string {
  const prefix = ref.sheet === null ? '' : `${quoteSheetName(ref.sheet)}!`
  return prefix + formatArea(normaliseArea(ref.area))
}

function formatAnchorPoint(area: Area<string>, which: 'start' | 'end'): string {
  const parts: string[] = []
  if (area.rows) parts.push(`r:${area.rows[which].abs ? '$' : ''}${area.rows[which].at}`)
  if (area.cols) parts.push(`c:${area.cols[which].abs ? '$' : ''}${area.cols[which].at}`)
  return `{${parts.join(',')}}`
}

/**
 * The stored text of an anchored reference: `{s:SHEET}!{r:ROW,c:COL}:{r:ROW,c:COL}`, with
 * `$` before an id that was absolute. See README "Stored encoding".
 */
export function formatAnchoredReference(ref: AnchoredReference): string {
  const prefix = ref.sheetId === null ? '' : `{s:${ref.sheetId}}!`
  const start = formatAnchorPoint(ref.area, 'start')
  return prefix + (ref.area.isRange ? `${start}:${formatAnchorPoint(ref.area, 'end')}` : start)
}
