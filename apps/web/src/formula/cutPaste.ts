import type * as Y from 'yjs'
import {
  applyRuleWrites,
  carryCommentThreads,
  moveCommentThreads,
  planConditionalFormatCut,
  planValidationCut,
  replaceFormats,
  setCells,
  unmergeCells,
  type RangeCut,
  type RangePosition,
  type RuleWrite,
} from '@cellmate/model'
import {
  followMove,
  followMovedCells,
  isAnchoredRuleText,
  ruleFormulaOnSheet,
  sheetFormulaContext,
  shiftRuleFormula,
  toStoredListSource,
  withSheetNamed,
  type AxisLookup,
} from '@cellmate/formula'
import type { CellsMoved } from './sheetFormulas'

/** A sheet of a cut and paste: its id, document and positions. */
export interface CutSheet {
  id: string
  doc: Y.Doc
  layout: AxisLookup
}

/** What a cut and paste moved, from which sheet to which, once its cells are written. */
export interface CutPasteStep {
  workbook: Y.Doc
  /** Every loaded sheet document, by sheet id (references on each follow the cells). */
  docs: ReadonlyMap<string, Y.Doc>
  from: CutSheet
  to: CutSheet
  moved: CellsMoved
  origin: unknown
}

/**
 * What follows a cut's cells once they are pasted (inside the paste's undo step), as in Sheets:
 * the source empties when it is on another sheet, the data validation and conditional format
 * rules on the cut cells, the merged blocks cut (unmerged on another sheet here, on the same
 * one by the paste) and their comment threads go with them, and every reference to them, on
 * any sheet and in defined names, points where they went. Returns how many comment threads
 * stayed on the sheet cut from.
 *
 * A comment lives in its sheet's document and only its author may write it (the server
 * refuses anyone else's `by`, `text`…), so a thread goes to another sheet when the one pasting
 * (`moved.by`) wrote all of it; the others stay on their cell's old place (`carryCommentThreads`).
 */
export function followCut(step: CutPasteStep): number {
  const { from, to, moved, origin } = step
  const ids = movedIds(moved, from.layout, to.layout)
  const rules = ruleWrites(step, ids)
  let kept = 0
  if (from.doc !== to.doc) {
    emptySource(from.doc, ids, moved.merges ?? [], origin)
    kept = carryCommentThreads(from.doc, to.doc, ids.rows, ids.cols, moved.by ?? null, origin).kept
  } else {
    moveCommentThreads(from.doc, ids.rows, ids.cols, origin)
  }
  if (rules.writes.length > 0) {
    from.doc.transact(() => to.doc.transact(() => applyRuleWrites(rules.writes), origin), origin)
  }
  followMove(step.workbook, step.docs, { sheetId: from.id, toSheetId: to.id, ...ids }, origin)
  // The cells moved; only the conditional formats could not (the sheet's rule limit).
  if (rules.refused) throw rules.refused
  return kept
}

/** The rule writes of a cut, read before any is made; a limit refused keeps those rules. */
function ruleWrites(step: CutPasteStep, ids: MovedIds): { writes: RuleWrite[]; refused: unknown } {
  const cut = rangeCut(step.moved)
  if (!cut) return { writes: [], refused: null }
  const writes = planValidationCut(step.from.doc, step.to.doc, cut)
  let refused: unknown = null
  try {
    writes.push(...planConditionalFormatCut(step.from.doc, step.to.doc, cut))
  } catch (err) {
    refused = err
  }
  const { from, to } = step
  if (from.doc === to.doc) return { writes, refused }
  // Carried to another sheet, a rule's references to the cut cells follow them and the others
  // keep reading the sheet cut from: a dropdown lists the cells it listed.
  const cutCells = { sheetId: from.id, rows: ids.rows, cols: ids.cols }
  const fromSheet = { sheetId: from.id, layout: from.layout }
  const onSheet = (w: RuleWrite): RuleWrite => {
    if (w.value === null || w.map.doc !== to.doc) return w
    const rule = JSON.parse(w.value) as { formula?: unknown; source?: unknown }
    const out = { ...rule }
    if (typeof rule.formula === 'string') {
      const followed = followMovedCells(rule.formula, from.id, cutCells)
      out.formula = ruleFormulaOnSheet(followed, fromSheet, to.layout)
    }
    if (typeof rule.source === 'string') out.source = listSourceNamingSheet(rule.source, from)
    return { ...w, value: JSON.stringify(out) }
  }
  return { writes: writes.map(onSheet), refused }
}

/**
 * A list source of sheet `from` naming it, anchored (one stored before anchoring is A1 text),
 * for a rule carried to another sheet; `followMove` then points it at cut cells it lists.
 */
function listSourceNamingSheet(source: string, from: CutSheet): string {
  const stored = isAnchoredRuleText(source)
    ? source
    : toStoredListSource(source, sheetFormulaContext(from.id, from.layout))
  return withSheetNamed(`=${stored}`, from.id).slice(1)
}

/**
 * The cut as a rectangle and where its top-left went; null when rows a filter hid were left
 * out (the moved cells are then no rectangle, and the rules stay).
 */
function rangeCut(moved: CellsMoved): RangeCut | null {
  const rows = [...moved.rows.keys()]
  const cols = [...moved.cols.keys()]
  if (rows.length === 0 || cols.length === 0) return null
  const top = Math.min(...rows)
  const left = Math.min(...cols)
  const bottom = Math.max(...rows)
  const right = Math.max(...cols)
  if (bottom - top + 1 !== rows.length || right - left + 1 !== cols.length) return null
  return {
    range: { start: { row: top, col: left }, end: { row: bottom, col: right } },
    to: { row: moved.rows.get(top)!, col: moved.cols.get(left)! },
    shiftFormula: shiftRuleFormula,
  }
}

/**
 * Empties the cut cells on the sheet they left: values and formats, as a cut on one sheet, and
 * unmerges the merged blocks cut (`merges`, positions there).
 */
function emptySource(
  doc: Y.Doc,
  ids: MovedIds,
  merges: readonly RangePosition[],
  origin: unknown,
): void {
  const cells: Array<{ rowId: string; colId: string }> = []
  for (const rowId of ids.rows.keys()) {
    for (const colId of ids.cols.keys()) cells.push({ rowId, colId })
  }
  doc.transact(() => {
    setCells(
      doc,
      cells.map((c) => ({ ...c, value: '' })),
      origin,
    )
    replaceFormats(
      doc,
      cells.map((c) => ({ ...c, format: {} })),
      origin,
    )
    for (const block of merges) unmergeCells(doc, block, origin)
  }, origin)
}

interface MovedIds {
  rows: Map<string, string>
  cols: Map<string, string>
}

/** The row and column ids of a move by position (positions past a sheet's end are left out). */
function movedIds(moved: CellsMoved, from: AxisLookup, to: AxisLookup): MovedIds {
  const ids = (
    positions: ReadonlyMap<number, number>,
    fromId: (index: number) => string | undefined,
    toId: (index: number) => string | undefined,
  ): Map<string, string> => {
    const out = new Map<string, string>()
    for (const [a, b] of positions) {
      const x = fromId(a)
      const y = toId(b)
      if (x !== undefined && y !== undefined) out.set(x, y)
    }
    return out
  }
  return {
    rows: ids(
      moved.rows,
      (i) => from.rowId(i),
      (i) => to.rowId(i),
    ),
    cols: ids(
      moved.cols,
      (i) => from.colId(i),
      (i) => to.colId(i),
    ),
  }
}
