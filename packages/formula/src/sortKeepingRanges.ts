import type * as Y from 'yjs'
import {
  applySortPlan,
  cellInputs,
  planSort,
  setCells,
  setRuleTexts,
  sheetTypes,
  type CellEdit,
  type RuleText,
  type RangePosition,
  type SortOptions,
} from '@cellmate/model'
import { isFormula, tokenize } from './formulaTokens.js'
import { formatAnchoredReference, type Span } from './references.js'
import { rewrittenRuleTexts } from './ruleFormulas.js'
import { splitCellKey } from './sheetMirror.js'

/**
 * A sort moves row ids, and references are anchored to row ids: a reference to one cell
 * follows its data (see the model README, "Sort"). A range over several rows describes a
 * region, though: left alone, `SUM(B2:B100)` would run from wherever row 2's data went to
 * wherever row 100's went, possibly upside down. The user who sorts knows both orders, so in
 * the sort's transaction every range endpoint that lies in the sorted rows is moved to the id
 * that now holds its position; the range covers the same rows as before.
 */

/** A sort about to happen on one sheet: for each row id that moves, the id taking its place. */
export interface PendingSort {
  sheetId: string
  replacedBy: ReadonlyMap<string, string>
}

function snapSpan(span: Span<string>, sort: PendingSort): Span<string> | null {
  // One row (`B5:D5`) is a record, not a region: it follows its row like a single cell.
  if (span.start.at === span.end.at) return null
  const start = sort.replacedBy.get(span.start.at)
  const end = sort.replacedBy.get(span.end.at)
  if (start === undefined && end === undefined) return null
  return {
    start: { at: start ?? span.start.at, abs: span.start.abs },
    end: { at: end ?? span.end.at, abs: span.end.abs },
  }
}

/** The stored formula with its multi-row ranges on the sorted sheet kept in place. */
export function snapRangesForSort(stored: string, hostSheetId: string, sort: PendingSort): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored' || !token.ref.area.isRange || !token.ref.area.rows) {
      return token.text
    }
    if ((token.ref.sheetId ?? hostSheetId) !== sort.sheetId) return token.text
    const rows = snapSpan(token.ref.area.rows, sort)
    if (!rows) return token.text
    changed = true
    return formatAnchoredReference({
      sheetId: token.ref.sheetId,
      area: { ...token.ref.area, rows },
    })
  })
  return changed ? `=${out.join('')}` : stored
}

/** The cell edits that keep the ranges of one sheet document's formulas in place. */
export function snapFormulasForSort(
  doc: Y.Doc,
  hostSheetId: string,
  sort: PendingSort,
): CellEdit[] {
  const edits: CellEdit[] = []
  if (sort.replacedBy.size === 0) return edits
  for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
    if (!raw.startsWith('=')) continue
    const value = snapRangesForSort(raw, hostSheetId, sort)
    if (value !== raw) edits.push({ ...splitCellKey(key), value })
  }
  return edits
}

/**
 * Sorts like the model's `sortRange` and keeps multi-row ranges in place: the sorted sheet's
 * formulas (and its rules' formulas and list sources) in the sort's transaction (one undo step), those of the other open sheets
 * (`sheets`, by id, including the target) right after. Returns how many rows moved.
 */
export function sortKeepingRanges(
  sheets: ReadonlyMap<string, Y.Doc>,
  sheetId: string,
  range: RangePosition,
  options: SortOptions,
  origin?: unknown,
): number {
  const target = sheets.get(sheetId)
  if (!target) throw new RangeError(`sheet ${sheetId} is not open`)
  const plan = planSort(target, range, options)
  const replacedBy = new Map<string, string>()
  plan.before.forEach((id, i) => {
    const next = plan.after[i] as string
    if (next !== id) replacedBy.set(id, next)
  })
  const sort: PendingSort = { sheetId, replacedBy }
  const edits = new Map<string, CellEdit[]>()
  const rules = new Map<string, RuleText[]>()
  for (const [id, doc] of sheets) {
    edits.set(id, snapFormulasForSort(doc, id, sort))
    if (replacedBy.size > 0) {
      rules.set(
        id,
        rewrittenRuleTexts(doc, (f) => snapRangesForSort(f, id, sort)),
      )
    }
  }
  let moved = 0
  target.transact(() => {
    moved = applySortPlan(target, plan, origin)
    setCells(target, edits.get(sheetId) ?? [], origin)
    setRuleTexts(target, rules.get(sheetId) ?? [], origin)
  }, origin)
  for (const [id, doc] of sheets) {
    const list = edits.get(id) ?? []
    if (id !== sheetId && list.length > 0) setCells(doc, list, origin)
    if (id !== sheetId) setRuleTexts(doc, rules.get(id) ?? [], origin)
  }
  return moved
}
