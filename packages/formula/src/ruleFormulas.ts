import type * as Y from 'yjs'
import { readRuleTexts, type RuleText } from '@cellmate/model'
import {
  referencedSheetIds,
  toDisplayFormula,
  toStoredFormula,
  type AxisLookup,
  type FormulaCell,
  type FormulaContext,
} from './anchoredFormula.js'
import { isFormula, tokenize } from './formulaTokens.js'
import { formatAnchoredReference, mapArea, type AnchoredReference } from './references.js'
import { shiftFormula } from './shiftFormula.js'

/**
 * The formulas and list sources inside data validation and conditional format rules, stored
 * like cell formulas so that they follow inserts, deletes, moves and sorts as the rule's own
 * range does (see README, "Rule formulas"):
 * - A list source (`$E$1:$E$9`) is a range anchored to row and column ids; one on another
 *   sheet (`Lists!$A$1:$A$9`) is anchored to that sheet's id and its row and column ids.
 * - A rule formula is written for its range's top-left cell and applies to every cell of the
 *   range shifted as a fill would shift it (`=$B2="Late"` on A2:B9 reads `$B3` on row 3). Its
 *   absolute parts are anchored to ids; its relative parts are kept as offsets from the
 *   top-left cell, `{r:~0,c:$COLB}`, as Excel keeps them (relative R1C1): they move with the
 *   range, and a sort or a delete of the range's first row leaves them meaning the same row of
 *   the range. A reference naming another sheet (`=D4=Sheet1!$E$1`) is anchored to that
 *   sheet's id as a cell formula's is, so it follows that sheet's renames, its absolute parts
 *   its inserts, and reads `#REF!` once that sheet is deleted; its relative parts are offsets
 *   too, read on that sheet. Tables stay as typed (`ruleContext`).
 * - Rules stored before, as A1 text, have no `{r:`/`{c:`/`{s:` (Excel syntax never has one)
 *   and are read as A1 text, as they always were; so is a reference naming a sheet in a rule
 *   stored before those were anchored (read by that name): saving the rule again anchors it.
 */

const OFFSET = '~'

/**
 * What rule formulas are converted with: references and the workbook's names are anchored as
 * in a cell formula; tables stay as typed. A reader that knows only the rule's own sheet
 * (`sheetFormulaContext`) leaves a reference naming another sheet as typed, and shows a
 * stored one as `#REF!`: readers that show or evaluate rules know every sheet they read
 * (`ruleSheetIds`).
 */
function ruleContext(ctx: FormulaContext): FormulaContext {
  const out: FormulaContext = {
    sheetId: ctx.sheetId,
    layout: (id) => ctx.layout(id),
    sheetIdByName: (name) => ctx.sheetIdByName(name),
    sheetName: (id) => ctx.sheetName(id),
  }
  if (ctx.nameId) out.nameId = (text, sheetId) => ctx.nameId?.(text, sheetId)
  if (ctx.nameText) out.nameText = (id) => ctx.nameText?.(id)
  return out
}

/**
 * A context that knows one sheet only, enough to convert its rules' formulas and list sources
 * (names then show as they were written).
 */
export function sheetFormulaContext(sheetId: string, layout: AxisLookup): FormulaContext {
  return {
    sheetId,
    layout: (id) => (id === sheetId ? layout : undefined),
    sheetIdByName: () => undefined,
    sheetName: () => undefined,
  }
}
const ANCHORED = /\{[rcs]:/

/** True when a rule's formula (or a list source) is in the anchored form, not A1 text. */
export function isAnchoredRuleText(text: string): boolean {
  return ANCHORED.test(text)
}

function isOffset(id: string): boolean {
  return id.startsWith(OFFSET)
}

/**
 * The stored formula with each anchored reference replaced by `fn`'s (text: as typed; null:
 * kept).
 */
function mapReferences(
  stored: string,
  fn: (ref: AnchoredReference) => AnchoredReference | string | null,
): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored') return token.text
    const ref = fn(token.ref)
    if (ref === null) return token.text
    changed = true
    return typeof ref === 'string' ? ref : formatAnchoredReference(ref)
  })
  return changed ? `=${out.join('')}` : stored
}

/**
 * The stored form of a rule formula typed in A1 form on sheet `ctx.sheetId` for a range whose
 * top-left cell is `origin` (display positions now). Non-formulas are returned untouched.
 */
export function toStoredRuleFormula(
  input: string,
  ctx: FormulaContext,
  origin: FormulaCell,
): string {
  const stored = toStoredFormula(input, ruleContext(ctx))
  return mapReferences(stored, (ref) => {
    const axes = ctx.layout(ref.sheetId ?? ctx.sheetId)
    if (!axes) return null
    const area = mapArea(ref.area, (coord, axis) => {
      if (coord.abs) return coord.at
      const index = axis === 'rows' ? axes.rowIndexOf(coord.at) : axes.colIndexOf(coord.at)
      return `${OFFSET}${index - (axis === 'rows' ? origin.row : origin.col)}`
    })
    return area ? { sheetId: ref.sheetId, area } : null
  })
}

/**
 * A rule formula in A1 form for a range whose top-left cell is now `origin`: what the rule
 * editor shows and what is evaluated (shifted per cell), under the current sheet names. A
 * reference whose row, column or sheet was deleted, or that an offset puts off its sheet,
 * reads `#REF!`. A1 text (a rule stored before anchoring) is returned as it is.
 */
export function toDisplayRuleFormula(
  stored: string,
  ctx: FormulaContext,
  origin: FormulaCell,
): string {
  if (!isFormula(stored) || !isAnchoredRuleText(stored)) return stored
  const resolved = mapReferences(stored, (ref) => {
    const axes = ctx.layout(ref.sheetId ?? ctx.sheetId)
    const area = mapArea(ref.area, (coord, axis) => {
      if (!isOffset(coord.at)) return coord.at
      const index = Number(coord.at.slice(1)) + (axis === 'rows' ? origin.row : origin.col)
      const id = index < 0 ? undefined : axis === 'rows' ? axes?.rowId(index) : axes?.colId(index)
      // Off the sheet: an id no sheet has, which shows as #REF!.
      return id ?? coord.at
    })
    return area ? { sheetId: ref.sheetId, area } : null
  })
  return toDisplayFormula(resolved, ruleContext(ctx))
}

/**
 * What list sources are converted with: a range of the rule's own sheet, or of another sheet
 * (`Lists!$A$1:$A$9`, as Excel's dropdowns often read), anchored to that sheet's ids, so it
 * follows that sheet's inserts and its renames. A context that does not know the other sheet
 * (`sheetFormulaContext`) leaves it as typed, and shows a stored one as `#REF!`.
 */
function listContext(ctx: FormulaContext): FormulaContext {
  return {
    sheetId: ctx.sheetId,
    layout: (id) => ctx.layout(id),
    sheetIdByName: (name) => ctx.sheetIdByName(name),
    sheetName: (id) => ctx.sheetName(id),
  }
}

/**
 * The stored form of a list source typed in A1 form on sheet `ctx.sheetId`: `$E$1:$E$9`, or
 * `Lists!$A$1:$A$9` on another sheet (`ctx` must know that sheet's name and layout), whole
 * columns (`Lists!A:A`) too; a leading `=`, as Excel shows a source, is dropped.
 */
export function toStoredListSource(source: string, ctx: FormulaContext): string {
  return toStoredFormula(`=${source.replace(/^\s*=/, '')}`, listContext(ctx)).slice(1)
}

/**
 * A list source in A1 form for the current layout and sheet names (`#REF!` once its rows or
 * its sheet are deleted).
 */
export function toDisplayListSource(stored: string, ctx: FormulaContext): string {
  if (!isAnchoredRuleText(stored)) return stored
  return toDisplayFormula(`=${stored}`, listContext(ctx)).slice(1)
}

/**
 * The ids of the sheets the formulas and list sources of a sheet's rules name, so that a
 * reader that loads sheets on demand (the server) can load them before showing or checking a
 * rule.
 */
export function ruleSheetIds(doc: Y.Doc): string[] {
  const ids = new Set<string>()
  for (const t of readRuleTexts(doc)) {
    const formula = t.field === 'source' ? `=${t.text}` : t.text
    for (const id of referencedSheetIds(formula)) ids.add(id)
  }
  return [...ids]
}

/** A rule's typed or stored fields: the formula and list source are the ones converted. */
interface RuleFields {
  formula?: string
  source?: string
  range: { start: FormulaCell }
}

/** A rule as read from the model with its formula and list source in A1 form, for display. */
export function ruleForDisplay<T extends RuleFields>(rule: T, ctx: FormulaContext): T {
  if (rule.formula === undefined && rule.source === undefined) return rule
  const out = { ...rule }
  if (rule.formula !== undefined) {
    out.formula = toDisplayRuleFormula(rule.formula, ctx, rule.range.start)
  }
  if (rule.source !== undefined) out.source = toDisplayListSource(rule.source, ctx)
  return out
}

/**
 * Criteria or a spec typed in A1 form, with its formula and list source in stored form, for a
 * rule whose range starts at `origin`.
 */
export function ruleForStorage<T extends { formula?: string; source?: string }>(
  rule: T,
  ctx: FormulaContext,
  origin: FormulaCell,
): T {
  if (rule.formula === undefined && rule.source === undefined) return rule
  const out = { ...rule }
  if (rule.formula !== undefined) out.formula = toStoredRuleFormula(rule.formula, ctx, origin)
  if (rule.source !== undefined) out.source = toStoredListSource(rule.source, ctx)
  return out
}

/**
 * A rule formula as seen from a cell `dRows` down and `dCols` right of its range's top-left
 * (what a part of a cut rule is given, `RangeCut.shiftFormula`): A1 text shifts as a fill
 * would; the stored form already says its relative parts from the top-left, so it is the same.
 */
export function shiftRuleFormula(formula: string, dRows: number, dCols: number): string {
  return isAnchoredRuleText(formula) ? formula : shiftFormula(formula, dRows, dCols)
}

/** The sheet a cut carries a rule from (`ruleFormulaOnSheet`). */
export interface RuleFormulaSheet {
  sheetId: string
  layout: AxisLookup
}

/**
 * A stored rule formula carried by a cut from sheet `from` to another sheet (`to`, its layout),
 * once its references to the cut cells point where they went (`followMovedCells`). Its other
 * wholly absolute references keep reading the cells they read, now naming `from` (anchored to
 * its id, so they follow its renames and inserts); a reference with relative parts keeps its
 * offsets from the rule's top-left cell, as a rule moved on its sheet does, and reads its
 * absolute parts at the same positions on `to`. References naming a sheet are kept.
 */
export function ruleFormulaOnSheet(stored: string, from: RuleFormulaSheet, to: AxisLookup): string {
  return mapReferences(stored, (ref) => {
    if (ref.sheetId !== null) return null
    // Cut cells already point at `to`'s ids, which `from` does not have.
    if (!readsSheet(ref, from.layout)) return null
    if (isAbsolute(ref)) return { sheetId: from.sheetId, area: ref.area }
    const area = mapArea(ref.area, (coord, axis) => {
      if (isOffset(coord.at)) return coord.at
      const index =
        axis === 'rows' ? from.layout.rowIndexOf(coord.at) : from.layout.colIndexOf(coord.at)
      const id = index < 0 ? undefined : axis === 'rows' ? to.rowId(index) : to.colId(index)
      // Deleted, or past the other sheet's end: an id that sheet does not have (#REF!).
      return id ?? coord.at
    })
    return area ? { sheetId: null, area } : null
  })
}

/** True when no coordinate of `ref` is an offset. */
function isAbsolute(ref: AnchoredReference): boolean {
  let offset = false
  mapArea(ref.area, (coord) => {
    if (isOffset(coord.at)) offset = true
    return coord.at
  })
  return !offset
}

/** True unless an anchored coordinate of `ref` is an id `layout` does not have. */
function readsSheet(ref: AnchoredReference, layout: AxisLookup): boolean {
  let other = false
  mapArea(ref.area, (coord, axis) => {
    if (isOffset(coord.at)) return coord.at
    const index = axis === 'rows' ? layout.rowIndexOf(coord.at) : layout.colIndexOf(coord.at)
    if (index < 0) other = true
    return coord.at
  })
  return !other
}

/**
 * The formulas and list sources of one sheet document's rules that `rewrite` (a rewrite of a
 * stored formula, as a delete, move or sort makes of cell formulas) changes, for `setRuleTexts`.
 */
export function rewrittenRuleTexts(doc: Y.Doc, rewrite: (stored: string) => string): RuleText[] {
  const edits: RuleText[] = []
  for (const t of readRuleTexts(doc)) {
    if (!isAnchoredRuleText(t.text)) continue
    const formula = t.field === 'source' ? `=${t.text}` : t.text
    const next = rewrite(formula)
    if (next === formula) continue
    edits.push({ ...t, text: t.field === 'source' ? next.slice(1) : next })
  }
  return edits
}
