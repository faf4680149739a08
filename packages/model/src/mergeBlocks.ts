import type { RangePosition } from './a1.js'

/**
 * Merged blocks in display positions, and the geometry over them: whether two ranges share a
 * cell, which block covers a cell, and growing a selection over the blocks it touches.
 */

/** A merged block as it is now: positions (0-based, inclusive) and its stored ids. */
export interface MergeBlock extends RangePosition {
  /** The stored key (`anchorRowId:anchorColId`). */
  key: string
  anchorRowId: string
  anchorColId: string
  cornerRowId: string
  cornerColId: string
}

/** True when the two ranges share a cell. */
export function overlaps(a: RangePosition, b: RangePosition): boolean {
  return (
    a.start.row <= b.end.row &&
    b.start.row <= a.end.row &&
    a.start.col <= b.end.col &&
    b.start.col <= a.end.col
  )
}

/** Rows per bucket of `BlockIndex`. */
const BUCKET_ROWS = 64

/** Blocks by row bucket: which block covers a cell, without scanning every block. */
export class BlockIndex {
  private readonly buckets = new Map<number, MergeBlock[]>()
  readonly all: MergeBlock[] = []

  constructor(blocks: readonly MergeBlock[] = []) {
    for (const b of blocks) this.add(b)
  }

  add(block: MergeBlock): void {
    this.all.push(block)
    const first = Math.floor(block.start.row / BUCKET_ROWS)
    const last = Math.floor(block.end.row / BUCKET_ROWS)
    for (let k = first; k <= last; k++) {
      let list = this.buckets.get(k)
      if (!list) this.buckets.set(k, (list = []))
      list.push(block)
    }
  }

  /** The block covering a cell, or null. */
  at(row: number, col: number): MergeBlock | null {
    const list = this.buckets.get(Math.floor(row / BUCKET_ROWS))
    if (!list) return null
    for (const b of list) {
      if (row >= b.start.row && row <= b.end.row && col >= b.start.col && col <= b.end.col) {
        return b
      }
    }
    return null
  }

  /** Blocks that share a cell with `range`. */
  overlapping(range: RangePosition): MergeBlock[] {
    const seen = new Set<MergeBlock>()
    const first = Math.floor(range.start.row / BUCKET_ROWS)
    const last = Math.floor(range.end.row / BUCKET_ROWS)
    // A huge range (whole columns): fewer blocks than buckets, so look at every block.
    if (last - first > this.all.length) return this.all.filter((b) => overlaps(b, range))
    for (let k = first; k <= last; k++) {
      for (const b of this.buckets.get(k) ?? []) if (overlaps(b, range)) seen.add(b)
    }
    return [...seen]
  }

  anyOverlapping(range: RangePosition): boolean {
    return this.overlapping(range).length > 0
  }

  /** `range` grown until every block it touches lies wholly inside it (Excel's selection). */
  expand(range: RangePosition): RangePosition {
    const r = { start: { ...range.start }, end: { ...range.end } }
    for (;;) {
      let grown = false
      for (const b of this.overlapping(r)) {
        const next = {
          start: {
            row: Math.min(r.start.row, b.start.row),
            col: Math.min(r.start.col, b.start.col),
          },
          end: { row: Math.max(r.end.row, b.end.row), col: Math.max(r.end.col, b.end.col) },
        }
        if (
          next.start.row !== r.start.row ||
          next.start.col !== r.start.col ||
          next.end.row !== r.end.row ||
          next.end.col !== r.end.col
        ) {
          grown = true
          r.start = next.start
          r.end = next.end
        }
      }
      if (!grown) return r
    }
  }
}
