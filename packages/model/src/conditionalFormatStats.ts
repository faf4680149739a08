import type { RangePosition } from './a1.js'

/**
 * What a conditional format needs from its whole range (the numbers in order, how often each
 * value occurs), kept up to date cell by cell. Reading a range is the expensive part of rules
 * such as colour scales and duplicates (a 100,000-cell range is read, sorted and counted), so
 * it is read once, with each cell's contribution remembered; an edited cell then costs a
 * binary search and a splice of the ordered numbers and one count, not a new read of the range.
 */
export class RangeStats {
  /** The numbers of the range, ascending. */
  readonly numbers: number[] = []
  /** How often each value occurs, by `textKey` (empty cells and errors left out). */
  readonly counts: Map<string, number> | null
  /** The sum of the numbers (for averages). */
  sum = 0
  /** Each cell's number (NaN when it holds none), row by row. */
  private readonly cellNumbers: Float64Array
  /** Each cell's `textKey`, row by row, when `counts` is kept. */
  private readonly cellTexts: Array<string | null> | null
  private readonly width: number

  private constructor(
    private readonly range: RangePosition,
    counting: boolean,
  ) {
    this.width = range.end.col - range.start.col + 1
    const size = this.width * (range.end.row - range.start.row + 1)
    this.cellNumbers = new Float64Array(size).fill(NaN)
    this.counts = counting ? new Map() : null
    this.cellTexts = counting ? new Array<string | null>(size).fill(null) : null
  }

  /** Reads a range; `counting` keeps how often each value occurs too. */
  static read(
    range: RangePosition,
    counting: boolean,
    value: (row: number, col: number) => unknown,
  ): RangeStats {
    const stats = new RangeStats(range, counting)
    const { start, end } = range
    let i = 0
    for (let r = start.row; r <= end.row; r++) {
      for (let c = start.col; c <= end.col; c++, i++) {
        const v = value(r, c)
        if (typeof v === 'number') {
          stats.cellNumbers[i] = v
          stats.numbers.push(v)
          stats.sum += v
        }
        if (stats.cellTexts) {
          const key = textKey(v)
          stats.cellTexts[i] = key
          if (key !== null) stats.counts!.set(key, (stats.counts!.get(key) ?? 0) + 1)
        }
      }
    }
    stats.numbers.sort((a, b) => a - b)
    return stats
  }

  /** How many cells the range holds. */
  get size(): number {
    return this.cellNumbers.length
  }

  /** Takes a cell's new value into account (a cell outside the range is ignored). */
  update(row: number, col: number, value: unknown): void {
    const { start, end } = this.range
    if (row < start.row || row > end.row || col < start.col || col > end.col) return
    const i = (row - start.row) * this.width + (col - start.col)
    const was = this.cellNumbers[i]!
    const now = typeof value === 'number' ? value : NaN
    if (!Object.is(was, now)) {
      if (!Number.isNaN(was)) {
        this.numbers.splice(lowerBound(this.numbers, was), 1)
        this.sum -= was
      }
      if (!Number.isNaN(now)) {
        this.numbers.splice(lowerBound(this.numbers, now), 0, now)
        this.sum += now
      }
      this.cellNumbers[i] = now
    }
    if (this.cellTexts && this.counts) {
      const before = this.cellTexts[i]!
      const after = textKey(value)
      if (before === after) return
      if (before !== null) {
        const n = (this.counts.get(before) ?? 1) - 1
        if (n > 0) this.counts.set(before, n)
        else this.counts.delete(before)
      }
      if (after !== null) this.counts.set(after, (this.counts.get(after) ?? 0) + 1)
      this.cellTexts[i] = after
    }
  }

  /** The lowest and highest number; undefined when the range holds none. */
  get min(): number | undefined {
    return this.numbers[0]
  }

  get max(): number | undefined {
    return this.numbers[this.numbers.length - 1]
  }

  /** The mean of the numbers (NaN when there are none). */
  get mean(): number {
    return this.numbers.length === 0 ? NaN : this.sum / this.numbers.length
  }

  /**
   * The value a cell must reach to be among the top (or bottom) `count` numbers, or `count`
   * percent of them; NaN when the range holds no number.
   */
  threshold(bottom: boolean, count: number, percent: boolean): number {
    const { numbers } = this
    if (numbers.length === 0) return NaN
    const want = percent ? Math.max(1, Math.floor((numbers.length * count) / 100)) : count
    const n = Math.min(want, numbers.length)
    return bottom ? numbers[n - 1]! : numbers[numbers.length - n]!
  }
}

/**
 * A value as duplicates/unique compare it: text without case, numbers as written, booleans
 * as TRUE/FALSE; null for an empty cell or an error (never counted).
 */
export function textKey(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'string') return v.toLowerCase()
  if (typeof v === 'number') return String(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return null
}

/** The first index whose number is not below `x` (ascending `sorted`). */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
