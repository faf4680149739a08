import { dateToSerial, isFormula, serialToDate } from '@cellmate/formula'
import type { CellPosition, RangePosition } from '@cellmate/model'

/**
 * What the fill handle writes, as Excel and Google Sheets do it. The source is the selected
 * cells along the fill direction (raw inputs); the result continues it:
 * - numbers: one number is copied; two or more continue their linear trend (1, 2 -> 3, 4);
 * - dates (`2026-01-31`, `1/31/2026`): one date steps by a day, several by their step, in the
 *   style they were typed;
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
  const n = source.length
  if (n === 0 || count <= 0) return []
  const series = numericSeries(source) ?? dateSeries(source) ?? suffixSeries(source)
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

/** `fillSeries` towards the start (dragging up or left): the source read backwards. */
export function fillSeriesBackwards(
  source: readonly string[],
  count: number,
  shift: (raw: string, distance: number) => string = (raw) => raw,
): string[] {
  const reversed = [...source].reverse()
  return fillSeries(reversed, count, (raw, distance) => shift(raw, -distance))
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

/** A clean decimal for a computed step (0.1 + 0.2 shows as 0.3). */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(15)))
}

/** Least-squares line through (i, values[i]), as Excel's fill continues a trend. */
function linearTrend(values: readonly number[]): (i: number) => number {
  const n = values.length
  const meanX = (n - 1) / 2
  const meanY = values.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  values.forEach((y, i) => {
    sxy += (i - meanX) * (y - meanY)
    sxx += (i - meanX) * (i - meanX)
  })
  const slope = sxx === 0 ? 0 : sxy / sxx
  return (i) => meanY + slope * (i - meanX)
}

function numericSeries(source: readonly string[]): ((i: number) => string) | null {
  if (source.length < 2 || !source.every((s) => NUMBER.test(s.trim()))) return null
  const line = linearTrend(source.map((s) => Number(s)))
  return (i) => formatNumber(line(i))
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

interface TypedDate {
  serial: number
  style: 'iso' | 'us'
}

function parseDate(text: string): TypedDate | null {
  const iso = ISO_DATE.exec(text.trim())
  if (iso) {
    const serial = dateToSerial(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    return serial === null ? null : { serial, style: 'iso' }
  }
  const us = US_DATE.exec(text.trim())
  if (us) {
    const serial = dateToSerial(Number(us[3]), Number(us[1]), Number(us[2]))
    return serial === null ? null : { serial, style: 'us' }
  }
  return null
}

function formatDate(serial: number, style: TypedDate['style']): string {
  const { year, month, day } = serialToDate(serial)
  if (style === 'us') return `${month}/${day}/${year}`
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function dateSeries(source: readonly string[]): ((i: number) => string) | null {
  const dates = source.map(parseDate)
  if (!dates.every((d): d is TypedDate => d !== null)) return null
  const style = dates[dates.length - 1]?.style ?? 'iso'
  if (dates.length === 1) {
    const first = dates[0]!.serial
    return (i) => formatDate(first + i, style)
  }
  const line = linearTrend(dates.map((d) => d.serial))
  return (i) => formatDate(Math.round(line(i)), style)
}

const SUFFIX = /^(.*?)(\d+)$/

function suffixSeries(source: readonly string[]): ((i: number) => string) | null {
  const parts = source.map((s) => SUFFIX.exec(s))
  if (!parts.every((m): m is RegExpExecArray => m !== null)) return null
  const prefix = parts[0]![1]!
  // A bare number is a number, not text with a suffix; a formula is never a series.
  if (prefix === '' || isFormula(source[0]!) || parts.some((m) => m[1] !== prefix)) return null
  const numbers = parts.map((m) => Number(m[2]))
  const width = parts[0]![2]!.startsWith('0') ? parts[0]![2]!.length : 0
  const first = numbers[0]!
  const line = numbers.length === 1 ? (i: number) => first + i : linearTrend(numbers)
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
