import { inferValue, isFormula } from '@cellmate/formula'
import type { CellPosition, RangePosition } from '@cellmate/model'
import { linearTrend } from './linearTrend'
import { nameSeries } from './nameSeries'
import { typedNumberSeries } from './typedSeries'

/**
 * What the fill handle writes, as Excel and Google Sheets do it. The source is the selected
 * cells along the fill direction (raw inputs); the result continues it:
 * - numbers, however typed (`2.5`, `$19.99`, `15%`): one number is copied; two or more
 *   continue their linear trend (1, 3 -> 5, 7), each typed like its source cell;
 * - dates (`2026-01-31`, `1/31/2026`): one date steps by a day, several by their step, whole
 *   months or years when they step so, in the style they were typed;
 * - month and weekday names (`Jan`, `Monday`): the next names, wrapping around;
 * - text ending in a number (`Item 1`, `Q1`): the number counts on (`Item 2`), by the step of
 *   the source when it has several with the same prefix;
 * - anything else, and mixed sources, repeat; formulas are shifted by how far they moved
 *   (relative references move, `$` references stay) through `shift`.
 */
export function fillSeries(
  source: readonly string[],
  count: number,
  shift: (raw: string, distance: number) => string = (raw) => raw,
): string[] {
  return continueSeries(source, count, shift, 1)
}

/**
 * `fillSeries` towards the start (dragging up or left): the source read backwards, so a
 * series runs backwards (`Item 3` above `Item 4`, the day before a single date).
 */
export function fillSeriesBackwards(
  source: readonly string[],
  count: number,
  shift: (raw: string, distance: number) => string = (raw) => raw,
): string[] {
  const reversed = [...source].reverse()
  return continueSeries(reversed, count, (raw, distance) => shift(raw, -distance), -1)
}

/** `unit` is the step of a series one cell starts (+1 day, the next month, `Item 2`). */
function continueSeries(
  source: readonly string[],
  count: number,
  shift: (raw: string, distance: number) => string,
  unit: 1 | -1,
): string[] {
  const n = source.length
  if (n === 0 || count <= 0) return []
  const series =
    typedNumberSeries(source, unit) ?? nameSeries(source, unit) ?? suffixSeries(source, unit)
  const out: string[] = []
  for (let t = 0; t < count; t++) {
    if (series) {
      out.push(series(n + t))
      continue
    }
    const s = t % n
    const raw = source[s] ?? ''
    out.push(isFormula(raw) ? shift(raw, n + t - s) : raw)
  }
  return out
}

const SUFFIX = /^(.*?)(\d+)$/

function suffixSeries(source: readonly string[], unit: 1 | -1): ((i: number) => string) | null {
  // Only text: a number (`2.5`, `$19.99`), a date or a formula is never a counted suffix.
  if (source.some((s) => isFormula(s) || typeof inferValue(s).value !== 'string')) return null
  const parts = source.map((s) => SUFFIX.exec(s))
  if (!parts.every((m): m is RegExpExecArray => m !== null)) return null
  const prefix = parts[0]![1]!
  if (parts.some((m) => m[1] !== prefix)) return null
  const numbers = parts.map((m) => Number(m[2]))
  const width = parts[0]![2]!.startsWith('0') ? parts[0]![2]!.length : 0
  const first = numbers[0]!
  const line = numbers.length === 1 ? (i: number) => first + unit * i : linearTrend(numbers)
  return (i) => {
    const value = Math.round(line(i))
    const digits = String(Math.abs(value)).padStart(width, '0')
    return `${prefix}${value < 0 ? '-' : ''}${digits}`
  }
}

export type FillDirection = 'down' | 'up' | 'right' | 'left'

/** A fill-handle drag: which way, how many rows/columns, and the selection it leaves. */
export interface FillPlan {
  direction: FillDirection
  count: number
  /** The source and the filled cells together. */
  extended: RangePosition
}

/**
 * Where dragging the fill handle of `range` to the cell `to` fills: along the axis the
 * pointer left the range furthest on, as Excel does; null while it is still inside.
 */
export function planFill(range: RangePosition, to: CellPosition): FillPlan | null {
  const below = to.row - range.end.row
  const above = range.start.row - to.row
  const right = to.col - range.end.col
  const left = range.start.col - to.col
  const vertical = Math.max(below, above)
  const horizontal = Math.max(right, left)
  if (vertical <= 0 && horizontal <= 0) return null
  const { start, end } = range
  if (vertical >= horizontal) {
    return below > 0
      ? { direction: 'down', count: below, extended: { start, end: { row: to.row, col: end.col } } }
      : { direction: 'up', count: above, extended: { start: { row: to.row, col: start.col }, end } }
  }
  return right > 0
    ? { direction: 'right', count: right, extended: { start, end: { row: end.row, col: to.col } } }
    : { direction: 'left', count: left, extended: { start: { row: start.row, col: to.col }, end } }
}

/**
 * The cell edits of a fill: each row (filling left/right) or column (up/down) of the source
 * continues on its own, as in Excel. `read` gives a cell's raw input; `shift` moves a
 * formula by rows and columns.
 */
export function fillEdits(
  range: RangePosition,
  plan: FillPlan,
  read: (row: number, col: number) => string,
  shift: (raw: string, dRows: number, dCols: number) => string,
): Array<{ row: number; col: number; value: string }> {
  const edits: Array<{ row: number; col: number; value: string }> = []
  const vertical = plan.direction === 'down' || plan.direction === 'up'
  const back = plan.direction === 'up' || plan.direction === 'left'
  const [laneFrom, laneTo] = vertical
    ? [range.start.col, range.end.col]
    : [range.start.row, range.end.row]
  const [from, to] = vertical ? [range.start.row, range.end.row] : [range.start.col, range.end.col]
  for (let lane = laneFrom; lane <= laneTo; lane++) {
    const source: string[] = []
    for (let i = from; i <= to; i++) source.push(vertical ? read(i, lane) : read(lane, i))
    const along = (raw: string, distance: number): string =>
      vertical ? shift(raw, distance, 0) : shift(raw, 0, distance)
    const values = back
      ? fillSeriesBackwards(source, plan.count, along)
      : fillSeries(source, plan.count, along)
    values.forEach((value, k) => {
      const at = back ? from - 1 - k : to + 1 + k
      edits.push(vertical ? { row: at, col: lane, value } : { row: lane, col: at, value })
    })
  }
  return edits
}
