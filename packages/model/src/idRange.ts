import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, isValidId } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import type { AxisPositions } from './axisPositions.js'

/**
 * A range stored by the ids of its first and last row and column, never by positions: it grows
 * with rows inserted inside it and moves with rows inserted before it, like a merge. Rules that
 * apply to a range (data validation, conditional formats) keep one in their stored JSON as
 * `at`, and share the helpers here for reading it back, keeping it whole when rows go, and
 * copying it with a sheet.
 */

/**
 * Longest stored formula or list source of a rule. Typed formulas are shorter (the REST
 * schemas' limits); stored, their references are anchored to ids, which takes more text.
 */
export const MAX_STORED_RULE_FORMULA = 4000

/**
 * A list source as the formula package stores it: a range anchored to ids, `{r:$ID,c:$ID}` or
 * two such points joined by `:`, after `{s:ID}!` when it is on another sheet (see
 * `ruleTexts.ts`).
 */
export const ANCHORED_RANGE_RE = /^(?:\{s:[^{}]+\}!)?\{[^{}]+\}(?::\{[^{}]+\})?$/

/** `[topRowId, leftColId, bottomRowId, rightColId]` */
export type IdRange = [string, string, string, string]

/** A stored entry that carries an id range. */
export interface WithIdRange {
  at: IdRange
}

/** True for four real ids. */
export function isIdRange(value: unknown): value is IdRange {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((id) => typeof id === 'string' && isValidId(id))
  )
}

/**
 * The ids of a range of display positions. Throws BAD_REQUEST when it runs past the sheet
 * (`what` names the range in the message).
 */
export function idRangeOf(
  pos: { rowIds: readonly string[]; colIds: readonly string[] },
  range: RangePosition,
  what = 'range',
): IdRange {
  const top = pos.rowIds[Math.min(range.start.row, range.end.row)]
  const bottom = pos.rowIds[Math.max(range.start.row, range.end.row)]
  const left = pos.colIds[Math.min(range.start.col, range.end.col)]
  const right = pos.colIds[Math.max(range.start.col, range.end.col)]
  if (!top || !bottom || !left || !right) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `the ${what} runs past the sheet`)
  }
  return [top, left, bottom, right]
}

/** Where an id range is now; null when its first or last row or column was deleted. */
export function rangeOfIds(pos: AxisPositions, at: IdRange): RangePosition | null {
  const [top, left, bottom, right] = at
  const r1 = pos.rowIndexOf(top)
  const c1 = pos.colIndexOf(left)
  const r2 = pos.rowIndexOf(bottom)
  const c2 = pos.colIndexOf(right)
  if (r1 < 0 || c1 < 0 || r2 < 0 || c2 < 0) return null
  return {
    start: { row: Math.min(r1, r2), col: Math.min(c1, c2) },
    end: { row: Math.max(r1, r2), col: Math.max(c1, c2) },
  }
}

/**
 * Keeps the ranges of a rules map whole when rows or columns are deleted (inside the delete's
 * transaction, before the ids go): a range whose first or last row (column) goes is
 * re-anchored on the first and last of its rows that stay; an entry left with none is
 * removed. `parse` reads an entry (null: skip it).
 */
export function shrinkIdRangesForDelete<T extends WithIdRange>(
  map: Y.Map<unknown>,
  parse: (value: unknown) => T | null,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  if (map.size === 0) return
  const index = new Map(live.map((id, i) => [id, i]))
  const [first, last] = axis === 'rows' ? [0, 2] : [1, 3]
  for (const [id, value] of [...map.entries()]) {
    const stored = parse(value)
    if (!stored) continue
    const a = stored.at[first]!
    const b = stored.at[last]!
    if (!gone.has(a) && !gone.has(b)) continue
    const i1 = index.get(a)
    const i2 = index.get(b)
    if (i1 === undefined || i2 === undefined) continue
    const kept = live.slice(Math.min(i1, i2), Math.max(i1, i2) + 1).filter((x) => !gone.has(x))
    if (kept.length === 0) {
      map.delete(id)
      continue
    }
    const at: IdRange = [...stored.at]
    at[first] = kept[0]!
    at[last] = kept[kept.length - 1]!
    map.set(id, JSON.stringify({ ...stored, at }))
  }
}

/** Copies the entries of `from` whose range ids are all in `rows`/`cols` (a sheet copy). */
export function copyIdRangeEntries<T extends WithIdRange>(
  from: Y.Map<unknown>,
  to: Y.Map<unknown>,
  parse: (value: unknown) => T | null,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
): void {
  for (const [id, value] of from.entries()) {
    const stored = parse(value)
    if (!stored) continue
    const [top, left, bottom, right] = stored.at
    if (rows.has(top) && rows.has(bottom) && cols.has(left) && cols.has(right)) {
      to.set(id, value as string)
    }
  }
}

/**
 * A stored entry's JSON object (a rule, a table), or null for anything a reader must skip:
 * not text, longer than `maxChars`, not JSON, or not an object.
 */
export function parseStoredObject(value: unknown, maxChars: number): object | null {
  if (typeof value !== 'string' || value.length > maxChars) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return null
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null
}

/** A new rule id (random, so two people adding rules at once never collide). */
export function newRuleId(): string {
  let id = ''
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'
  for (let i = 0; i < 12; i++) id += chars[Math.floor(Math.random() * chars.length)]
  return id
}

/** Rule ids: what `newRuleId` makes, or a caller's own short name. */
export const RULE_ID_RE = /^[A-Za-z0-9_-]{1,40}$/
