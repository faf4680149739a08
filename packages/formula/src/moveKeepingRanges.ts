import type * as Y from 'yjs'
import {
  cellInputs,
  listNames,
  moveAxis,
  setCells,
  setRuleTexts,
  SheetLayout,
  sheetTypes,
  type Axis,
  type CellEdit,
  type DefinedName,
  type RuleText,
} from '@cellmate/model'
import type { AxisLookup } from './anchoredFormula.js'
import type { Span } from './references.js'
import {
  rewriteRangeSpans,
  rewrittenNames,
  setNameFormulas,
  type NameFormulaEdit,
} from './rangeSnapping.js'
import { rewrittenRuleTexts } from './ruleFormulas.js'
import { splitCellKey } from './sheetMirror.js'

/**
 * A move is a delete and an insert of the same ids, and references are anchored to ids: a
 * reference to one cell follows it (`=C1` reads `=B1` once column C moved left), which is
 * right. A range is a pair of endpoint ids, though, so left alone `SUM(A1:C1)` would shrink to
 * `SUM(A1:B1)` when column C moves left, and grow over its own cell when row 1 of
 * `SUM(A1:A3)` moves below the total. The rule kept here, Google Sheets' and Excel's
 * (cut and insert): **a range keeps covering the same cells, except those moved out of it,
 * plus those moved into it.**
 * - A block moved within a range (it was inside, and lands inside or against what is left of
 *   the range) stays in it: the range covers the same positions as before.
 * - A block moved out of a range (it lands away from what is left) leaves it: the range
 *   shrinks to its other rows (`SUM(A1:A3)` with row 1 moved below row 4 is `SUM(A1:A2)`).
 * - A block landing strictly between two rows of a range joins it; one landing against either
 *   end of a range it was not in stays outside, as an inserted row does.
 * - A range wholly inside the moved block, and a one-row range (`A1:C1` when rows move),
 *   travel with the block like a single cell.
 * The user who moves knows the layout before the move, so the endpoints are rewritten in the
 * move's transaction (one undo step; collaborators receive both together). A range only
 * covers cells it did or that were moved into its middle, so a move makes a formula read its
 * own cell only when the user moves the formula itself into the middle of its own range.
 */

/** Rows or columns about to move on one sheet, in display positions before the move. */
export interface PendingMove {
  sheetId: string
  axis: Axis
  /** First position of the moved block. */
  from: number
  count: number
  /** Where the block starts after the move (as the model's `moveAxis` takes it). */
  to: number
}

/** Where the range `lo..hi` (positions before the move) lies after it, as positions before. */
function movedBounds(lo: number, hi: number, move: PendingMove): [number, number] | null {
  const { from, count, to } = move
  const last = from + count - 1
  // Wholly inside the block (or one row): every endpoint travels with its id.
  if (lo === hi || (from <= lo && hi <= last)) return null
  // What is left of the range once the block is taken out, as indexes of the shortened list.
  const shorten = (p: number) => (p < from ? p : p - count)
  const left = shorten(lo >= from && lo <= last ? last + 1 : lo)
  const right = shorten(hi >= from && hi <= last ? from - 1 : hi)
  // Positions after the move, of the shortened list and of the block.
  const after = (c: number) => (c < to ? c : c + count)
  let newLo = after(left)
  let newHi = after(right)
  const wasInside = lo <= from && last <= hi
  const landsInside = left < to && to <= right
  if (!landsInside && wasInside && to === right + 1) newHi = to + count - 1
  if (!landsInside && wasInside && to === left) newLo = to
  // Back to positions before the move, where the layout at hand can name their ids.
  const before = (q: number) => {
    if (q >= to && q < to + count) return from + (q - to)
    const c = q < to ? q : q - count
    return c < from ? c : c + count
  }
  return [before(newLo), before(newHi)]
}

function snapSpan(span: Span<string>, move: PendingMove, layout: AxisLookup): Span<string> | null {
  const rows = move.axis === 'rows'
  const indexOf = (id: string) => (rows ? layout.rowIndexOf(id) : layout.colIndexOf(id))
  const idAt = (i: number) => (rows ? layout.rowId(i) : layout.colId(i))
  const a = indexOf(span.start.at)
  const b = indexOf(span.end.at)
  if (a < 0 || b < 0) return null
  const bounds = movedBounds(Math.min(a, b), Math.max(a, b), move)
  if (!bounds) return null
  // A range written bottom-up (`A3:A1`) stays written that way.
  const [startAt, endAt] = a <= b ? bounds : [bounds[1], bounds[0]]
  const start = idAt(startAt)
  const end = idAt(endAt)
  if (start === undefined || end === undefined) return null
  if (start === span.start.at && end === span.end.at) return null
  return { start: { at: start, abs: span.start.abs }, end: { at: end, abs: span.end.abs } }
}

/**
 * The stored formula with the ranges on the moved sheet rewritten so that they cover what
 * they did before the move (see above). `layout` is the moved sheet's layout *before* the
 * move. Unchanged text when nothing needs to change.
 */
export function snapRangesForMove(
  stored: string,
  hostSheetId: string,
  move: PendingMove,
  layout: AxisLookup,
): string {
  return rewriteRangeSpans(stored, hostSheetId, move, (span) => snapSpan(span, move, layout))
}

/** The cell edits that keep the ranges of one sheet document's formulas (`hostSheetId`). */
export function snapFormulasForMove(
  doc: Y.Doc,
  hostSheetId: string,
  move: PendingMove,
  layout: AxisLookup,
): CellEdit[] {
  const edits: CellEdit[] = []
  for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
    if (!raw.startsWith('=')) continue
    const value = snapRangesForMove(raw, hostSheetId, move, layout)
    if (value !== raw) edits.push({ ...splitCellKey(key), value })
  }
  return edits
}

/** The defined names whose ranges the move would change, with their formulas rewritten. */
export function snapNamesForMove(
  names: readonly DefinedName[],
  move: PendingMove,
  layout: AxisLookup,
): NameFormulaEdit[] {
  return rewrittenNames(names, (formula, host) => snapRangesForMove(formula, host, move, layout))
}

/**
 * Moves rows or columns like the model's `moveAxis` and keeps ranges covering what they did
 * (see above): the moved sheet's formulas (and its rules' formulas and list sources) in the
 * move's transaction, those of the other open
 * sheet documents (`sheets`, by sheet id, including the target) and, given the `workbook`
 * document, the defined names right after.
 */
export function moveAxisKeepingRanges(
  sheets: ReadonlyMap<string, Y.Doc>,
  sheetId: string,
  axis: Axis,
  from: number,
  count: number,
  to: number,
  origin?: unknown,
  workbook?: Y.Doc,
): void {
  const target = sheets.get(sheetId)
  if (!target) throw new RangeError(`sheet ${sheetId} is not open`)
  const move: PendingMove = { sheetId, axis, from, count, to }
  const layout = new SheetLayout(target)
  const edits = new Map<string, CellEdit[]>()
  const rules = new Map<string, RuleText[]>()
  let names: NameFormulaEdit[] = []
  try {
    if (from !== to) {
      for (const [id, doc] of sheets) {
        edits.set(id, snapFormulasForMove(doc, id, move, layout))
        rules.set(
          id,
          rewrittenRuleTexts(doc, (f) => snapRangesForMove(f, id, move, layout)),
        )
      }
      if (workbook) names = snapNamesForMove(listNames(workbook), move, layout)
    }
  } finally {
    layout.destroy()
  }
  target.transact(() => {
    // First, so that a refused move (bad index) throws before anything changed.
    moveAxis(target, axis, from, count, to, origin)
    setCells(target, edits.get(sheetId) ?? [], origin)
    setRuleTexts(target, rules.get(sheetId) ?? [], origin)
  }, origin)
  for (const [id, doc] of sheets) {
    const list = edits.get(id) ?? []
    if (id !== sheetId && list.length > 0) setCells(doc, list, origin)
    if (id !== sheetId) setRuleTexts(doc, rules.get(id) ?? [], origin)
  }
  if (workbook) setNameFormulas(workbook, names, origin)
}
