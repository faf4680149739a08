/**
 * Sizes along one axis (row heights or column widths): a default size plus a few resized
 * rows or columns. Offsets come from the sorted list of resized indexes and their running
 * difference from the default, so a million rows with three resized cost three entries, not
 * a million-entry prefix sum, and `offset` is a binary search.
 */
export class AxisSizes {
  /** Resized indexes, ascending. */
  private readonly indexes: number[]
  /** `deltas[k]`: total difference from the default of `indexes[0..k)`. */
  private readonly deltas: number[]
  private readonly overrides: ReadonlyMap<number, number>

  constructor(
    readonly count: number,
    readonly defaultSize: number,
    overrides: ReadonlyMap<number, number> = new Map(),
  ) {
    const valid = new Map<number, number>()
    for (const [i, px] of overrides) {
      if (Number.isInteger(i) && i >= 0 && i < count && Number.isFinite(px) && px >= 0) {
        valid.set(i, px)
      }
    }
    this.overrides = valid
    this.indexes = [...valid.keys()].sort((a, b) => a - b)
    this.deltas = [0]
    let sum = 0
    for (const i of this.indexes) {
      sum += (valid.get(i) ?? defaultSize) - defaultSize
      this.deltas.push(sum)
    }
  }

  size(index: number): number {
    return this.overrides.get(index) ?? this.defaultSize
  }

  /** Number of resized indexes below `index`. */
  private resizedBefore(index: number): number {
    let lo = 0
    let hi = this.indexes.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.indexes[mid]! < index) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Where `index` starts, from the start of the axis; `offset(count)` is the total. */
  offset(index: number): number {
    return index * this.defaultSize + this.deltas[this.resizedBefore(index)]!
  }

  get total(): number {
    return this.offset(this.count)
  }

  /** The index whose span holds `px` (clamped to the axis: 0 before it, the last after it). */
  indexAt(px: number): number {
    if (this.count === 0 || px <= 0) return 0
    let lo = 0
    let hi = this.count - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.offset(mid) <= px) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}
