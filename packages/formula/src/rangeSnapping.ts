import type * as Y from 'yjs'
import {
  cellInputs,
  deleteAxis,
  listNames,
  sheetTypes,
  setCells,
  setRuleTexts,
  SheetLayout,
  updateName,
  type Axis,
  type CellEdit,
  type DefinedName,
  type RuleText,
} from '@cellmate/model'
import type { AxisLookup } from './anchoredFormula.js'
import { isFormula, tokenize } from './formulaTokens.js'
import { formatAnchoredReference, type Span } from './references.js'
import { rewrittenRuleTexts } from './ruleFormulas.js'
import { splitCellKey } from './sheetMirror.js'

/**
 * Excel shrinks `SUM(A1:A10)` to `SUM(A1:A9)` when row 10 is deleted. With id anchors a range
 * whose endpoint row is gone cannot tell where it used to end, so it would read `#REF!`.
 * The user who deletes knows the layout *before* the delete: these functions move such
 * endpoints inward to the nearest surviving row that was inside the range, written in the same
 * transaction as the delete. A formula that arrives concurrently with a deleted endpoint (it was
 * not there to be snapped) reads `#REF!` on every replica alike.
 */

/** Rows (or columns) about to be deleted from one sheet. */
export interface PendingDeletion {
  sheetId: string
  axis: Axis
  ids: ReadonlySet<string>
}

function snapSpan(
  span: Span<string>,
  del: PendingDeletion,
  layout: AxisLookup,
): Span<string> | null {
  if (!del.ids.has(span.start.at) && !del.ids.has(span.end.at)) return null
  const indexOf = (id: string) =>
    del.axis === 'rows' ? layout.rowIndexOf(id) : layout.colIndexOf(id)
  const idAt = (i: number) => (del.axis === 'rows' ? layout.rowId(i) : layout.colId(i))
  const a = indexOf(span.start.at)
  const b = indexOf(span.end.at)
  if (a < 0 || b < 0) return null
  const [lo, hi] = a <= b ? [a, b] : [b, a]
  let first = lo
  while (first <= hi && del.ids.has(idAt(first) as string)) first++
  let last = hi
  while (last >= first && del.ids.has(idAt(last) as string)) last--
  // The whole range is deleted: leave it, it reads #REF! as in Excel.
  if (first > last) return null
  const [startAt, endAt] = a <= b ? [first, last] : [last, first]
  return {
    start: { at: idAt(startAt) as string, abs: span.start.abs },
    end: { at: idAt(endAt) as string, abs: span.end.abs },
  }
}

/**
 * The stored formula with the ranges on sheet `sheetId` rewritten along `axis` by `snap` (the
 * new span of a range's rows or columns, or null to leave it). Unchanged text when nothing
 * changes. A delete and a move of rows or columns each snap ranges their own way.
 */
export function rewriteRangeSpans(
  stored: string,
  hostSheetId: string,
  on: { sheetId: string; axis: Axis },
  snap: (span: Span<string>) => Span<string> | null,
): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored' || !token.ref.area.isRange) return token.text
    if ((token.ref.sheetId ?? hostSheetId) !== on.sheetId) return token.text
    const span = token.ref.area[on.axis]
    const snapped = span && snap(span)
    if (!snapped) return token.text
    changed = true
    const area = { ...token.ref.area, [on.axis]: snapped }
    return formatAnchoredReference({ sheetId: token.ref.sheetId, area })
  })
  return changed ? `=${out.join('')}` : stored
}

/**
 * The stored formula with every range endpoint that `deletion` removes moved inward (see
 * above). `layout` is the deleted sheet's layout *before* the delete. Unchanged text when
 * nothing needs to move.
 */
export function snapDeletedEndpoints(
  stored: string,
  hostSheetId: string,
  deletion: PendingDeletion,
  layout: AxisLookup,
): string {
  return rewriteRangeSpans(stored, hostSheetId, deletion, (span) =>
    snapSpan(span, deletion, layout),
  )
}

/** The cell edits that snap the formulas of one sheet document (`hostSheetId`). */
export function snapFormulasForDeletion(
  doc: Y.Doc,
  hostSheetId: string,
  deletion: PendingDeletion,
  layout: AxisLookup,
): CellEdit[] {
  const edits: CellEdit[] = []
  for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
    const { rowId, colId } = splitCellKey(key)
    // A formula on a deleted row or column goes with it.
    if (
      hostSheetId === deletion.sheetId &&
      deletion.ids.has(deletion.axis === 'rows' ? rowId : colId)
    ) {
      continue
    }
    const value = snapDeletedEndpoints(raw, hostSheetId, deletion, layout)
    if (value !== raw) edits.push({ rowId, colId, value })
  }
  return edits
}

/** A defined name's new stored formula. */
export interface NameFormulaEdit {
  id: string
  formula: string
}

/**
 * The defined names whose ranges `deletion` would leave without an endpoint, with their
 * formulas snapped inward as a cell formula's are (Excel shrinks a name the same way). A
 * name's formula names every sheet it reads, so its scope does not matter here.
 */
export function snapNamesForDeletion(
  names: readonly DefinedName[],
  deletion: PendingDeletion,
  layout: AxisLookup,
): NameFormulaEdit[] {
  return rewrittenNames(names, (formula, host) =>
    snapDeletedEndpoints(formula, host, deletion, layout),
  )
}

/**
 * The defined names whose formula `rewrite` changes (given the formula and, as its host sheet,
 * the name's scope), each with its new formula.
 */
export function rewrittenNames(
  names: readonly DefinedName[],
  rewrite: (formula: string, hostSheetId: string) => string,
): NameFormulaEdit[] {
  const edits: NameFormulaEdit[] = []
  for (const n of names) {
    const formula = rewrite(n.formula, n.scope ?? '')
    if (formula !== n.formula) edits.push({ id: n.id, formula })
  }
  return edits
}

/** Writes snapped name formulas into the workbook document, one transaction with `origin`. */
export function setNameFormulas(
  workbook: Y.Doc,
  edits: readonly NameFormulaEdit[],
  origin?: unknown,
): void {
  if (edits.length === 0) return
  workbook.transact(() => {
    for (const e of edits) updateName(workbook, e.id, { formula: e.formula }, origin)
  }, origin)
}

/**
 * Deletes rows or columns like the model's `deleteAxis`, and in the same transaction snaps
 * the ranges of that sheet's formulas (and its rules' formulas and list sources, `ruleFormulas.ts`)
 * whose endpoints are deleted; formulas in the other open
 * sheet documents (`sheets`, by sheet id, including the target) and, given the `workbook`
 * document, the defined names are snapped right after (after, so that an undo taking those
 * back first shows `#REF!` for a moment rather than a range silently one row short).
 */
export function deleteAxisKeepingRanges(
  sheets: ReadonlyMap<string, Y.Doc>,
  sheetId: string,
  axis: Axis,
  at: number,
  count: number,
  origin?: unknown,
  workbook?: Y.Doc,
): void {
  const target = sheets.get(sheetId)
  if (!target) throw new RangeError(`sheet ${sheetId} is not open`)
  const layout = new SheetLayout(target)
  const edits = new Map<string, CellEdit[]>()
  const rules = new Map<string, RuleText[]>()
  let names: NameFormulaEdit[] = []
  try {
    const all = axis === 'rows' ? layout.rowIds : layout.colIds
    const deletion: PendingDeletion = { sheetId, axis, ids: new Set(all.slice(at, at + count)) }
    for (const [id, doc] of sheets) {
      edits.set(id, snapFormulasForDeletion(doc, id, deletion, layout))
      rules.set(
        id,
        rewrittenRuleTexts(doc, (f) => snapDeletedEndpoints(f, id, deletion, layout)),
      )
    }
    if (workbook) names = snapNamesForDeletion(listNames(workbook), deletion, layout)
  } finally {
    layout.destroy()
  }
  target.transact(() => {
    // First, so that a refused delete (bad index) throws before anything changed.
    deleteAxis(target, axis, at, count, origin)
    setCells(target, edits.get(sheetId) ?? [], origin)
    // After the delete, which may have re-anchored the rules' ranges (only the texts change).
    setRuleTexts(target, rules.get(sheetId) ?? [], origin)
  }, origin)
  for (const [id, doc] of sheets) {
    const list = edits.get(id) ?? []
    if (id !== sheetId && list.length > 0) setCells(doc, list, origin)
    if (id !== sheetId) setRuleTexts(doc, rules.get(id) ?? [], origin)
  }
  if (workbook) setNameFormulas(workbook, names, origin)
}
