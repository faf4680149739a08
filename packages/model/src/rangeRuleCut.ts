import type * as Y from 'yjs'
import { sameRange, type CellPosition, type RangePosition } from './a1.js'
import type { AxisPositions } from './axisPositions.js'
import { RULE_ID_RE, idRangeOf, rangeOfIds, type WithIdRange } from './idRange.js'

/**
 * Cut and paste moves the rules on the cut cells (data validation, conditional formats) with
 * them, as Sheets does: a rule lying wholly in the cut cells goes where they went; a rule
 * covering more than them is split, the cut part carried to the destination as a rule of its
 * own and the rest staying where it was (as up to four rectangles, a rule being one). A rule's
 * formula is for its top-left cell, so each part's is shifted to its own top-left, as a copy
 * of the rule would be (`shiftFormula`: the formula package's `shiftRuleFormula`).
 */

/** A cut's cells (display positions on the sheet cut from) and where their top-left went. */
export interface RangeCut {
  range: RangePosition
  to: CellPosition
  /** `formula` as seen from a cell `dRows` down and `dCols` right (Excel's copy shift). */
  shiftFormula: (formula: string, dRows: number, dCols: number) => string
}

/** One write to a rules map: a stored rule, or null to remove it. */
export interface RuleWrite {
  map: Y.Map<unknown>
  id: string
  value: string | null
}

/** A sheet's rules map and where its ids are. */
export interface RuleSheet {
  map: Y.Map<unknown>
  pos: AxisPositions & { rowIds: readonly string[]; colIds: readonly string[] }
}

/** A stored rule: its range by ids and maybe a formula for its top-left cell. */
export interface StoredRangeRule extends WithIdRange {
  formula?: string
}

/** How one kind of rule is read and named when cut. */
export interface RuleKind<T extends StoredRangeRule> {
  parse: (value: unknown) => T | null
  /** The id of a rule's part carried to the destination (`id`: the rule's own). */
  carriedId: (id: string, whole: boolean) => string
  /** The stored form of a carried part (e.g. its priority on another sheet). */
  carried?: (rule: T) => T
}

function intersect(a: RangePosition, b: RangePosition): RangePosition | null {
  const start = { row: Math.max(a.start.row, b.start.row), col: Math.max(a.start.col, b.start.col) }
  const end = { row: Math.min(a.end.row, b.end.row), col: Math.min(a.end.col, b.end.col) }
  return start.row <= end.row && start.col <= end.col ? { start, end } : null
}

/** `outer` without `inner` (which lies in it): bands above and below, then left and right. */
function subtract(outer: RangePosition, inner: RangePosition): RangePosition[] {
  const out: RangePosition[] = []
  const { start, end } = outer
  if (inner.start.row > start.row) {
    out.push({ start, end: { row: inner.start.row - 1, col: end.col } })
  }
  if (inner.end.row < end.row) {
    out.push({ start: { row: inner.end.row + 1, col: start.col }, end })
  }
  if (inner.start.col > start.col) {
    out.push({
      start: { row: inner.start.row, col: start.col },
      end: { row: inner.end.row, col: inner.start.col - 1 },
    })
  }
  if (inner.end.col < end.col) {
    out.push({
      start: { row: inner.start.row, col: inner.end.col + 1 },
      end: { row: inner.end.row, col: end.col },
    })
  }
  return out
}

/** A part of a rule on `part` (ids from `pos`), its formula shifted from the rule's top-left. */
function partOf<T extends StoredRangeRule>(
  rule: T,
  range: RangePosition,
  part: RangePosition,
  pos: RuleSheet['pos'],
  cut: RangeCut,
): T {
  const out: T = { ...rule, at: idRangeOf(pos, part, 'pasted range') }
  if (rule.formula !== undefined) {
    const dRows = part.start.row - range.start.row
    const dCols = part.start.col - range.start.col
    if (dRows !== 0 || dCols !== 0) out.formula = cut.shiftFormula(rule.formula, dRows, dCols)
  }
  return out
}

/**
 * The writes that move the rules of `from` on the cut cells to `to` (the same sheet, or the
 * one pasted on), read before they are made. A part keeping the rule's place keeps its id;
 * the other parts take ids that sort right after it (validation: the last rule by id applies).
 */
export function planRangeRuleCut<T extends StoredRangeRule>(
  from: RuleSheet,
  to: RuleSheet,
  cut: RangeCut,
  kind: RuleKind<T>,
): RuleWrite[] {
  const writes: RuleWrite[] = []
  if (from.map.size === 0) return writes
  const taken = new Set<string>()
  const dRows = cut.to.row - cut.range.start.row
  const dCols = cut.to.col - cut.range.start.col
  const moved = (r: RangePosition): RangePosition => ({
    start: { row: r.start.row + dRows, col: r.start.col + dCols },
    end: { row: r.end.row + dRows, col: r.end.col + dCols },
  })
  for (const [id, value] of [...from.map.entries()]) {
    const rule = RULE_ID_RE.test(id) ? kind.parse(value) : null
    const range = rule && rangeOfIds(from.pos, rule.at)
    const cutPart = range && intersect(range, cut.range)
    if (!rule || !range || !cutPart) continue
    const whole = cutPart === range || sameRange(cutPart, range)
    const carried = partOf(rule, range, moved(cutPart), to.pos, cut)
    const carriedId = kind.carriedId(id, whole)
    if (whole && (from.map !== to.map || carriedId !== id)) {
      writes.push({ map: from.map, id, value: null })
    }
    if (!whole) {
      subtract(range, cutPart).forEach((part, i) => {
        const piece = partOf(rule, range, part, from.pos, cut)
        const pieceId = i === 0 ? id : freeId(from.map, id, taken)
        writes.push({ map: from.map, id: pieceId, value: stored(piece) })
      })
    }
    writes.push({ map: to.map, id: carriedId, value: stored(kind.carried?.(carried) ?? carried) })
  }
  return writes
}

const stored = (rule: StoredRangeRule): string => JSON.stringify(rule)

/** An id for another part of a split rule: `id-n`, free in `map`, sorting right after `id`. */
function freeId(map: Y.Map<unknown>, id: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const suffix = `-${n}`
    const candidate = id.slice(0, 40 - suffix.length) + suffix
    if (!map.has(candidate) && !taken.has(candidate)) {
      taken.add(candidate)
      return candidate
    }
  }
}

/** Makes the writes of `planRangeRuleCut` (inside the caller's transaction). */
export function applyRuleWrites(writes: readonly RuleWrite[]): void {
  for (const { map, id, value } of writes) {
    if (value === null) map.delete(id)
    else if (map.get(id) !== value) map.set(id, value)
  }
}
