import type * as Y from 'yjs'
import {
  cellInputs,
  listNames,
  setCells,
  setRuleTexts,
  sheetTypes,
  type CellEdit,
  type RuleText,
} from '@cellmate/model'
import { isFormula, tokenize } from './formulaTokens.js'
import { setNameFormulas, type NameFormulaEdit } from './rangeSnapping.js'
import { formatAnchoredReference, mapArea, type AnchoredReference } from './references.js'
import { rewrittenRuleTexts } from './ruleFormulas.js'
import { splitCellKey } from './sheetMirror.js'

/**
 * A cut and paste moves values to other row and column ids, and references are anchored to
 * ids: left alone, `=B1+1` would keep reading the emptied B1 after B1 was cut to B4. Excel and
 * Sheets point every reference to the moved cells at where they went (`=B4+1`), on any sheet
 * and in defined names; a reference whose area is only partly moved stays, and the moved
 * formulas themselves keep pointing where they pointed (unless at other moved cells).
 */

/**
 * A cut and paste: for each moved row and column id of sheet `sheetId`, the id it moved to on
 * `toSheetId` (the same sheet when absent).
 */
export interface CellMove {
  sheetId: string
  rows: ReadonlyMap<string, string>
  cols: ReadonlyMap<string, string>
  toSheetId?: string
}

/**
 * The moved area of a reference to the move's sheet, or null when the reference does not lie
 * wholly in the moved cells. Whole rows and columns are never moved by a cut of cells.
 */
function movedArea(ref: AnchoredReference, hostSheetId: string, move: CellMove) {
  if ((ref.sheetId ?? hostSheetId) !== move.sheetId) return null
  if (!ref.area.rows || !ref.area.cols) return null
  return (
    mapArea(ref.area, (coord, axis) => (axis === 'rows' ? move.rows : move.cols).get(coord.at)) ??
    null
  )
}

/**
 * The stored formula with every reference to moved cells pointing where they went. Moved to
 * another sheet, a reference names that sheet (`=Sheet2!D4`), except in a formula on that
 * sheet (`=D4`) unless `namesSheets` (a defined name's references always name their sheet).
 */
export function followMovedCells(
  stored: string,
  hostSheetId: string,
  move: CellMove,
  namesSheets = false,
): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  const toSheetId = move.toSheetId ?? move.sheetId
  const sheetOf = (ref: AnchoredReference): string | null => {
    if (toSheetId === move.sheetId) return ref.sheetId
    return toSheetId === hostSheetId && !namesSheets ? null : toSheetId
  }
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored') return token.text
    const area = movedArea(token.ref, hostSheetId, move)
    if (!area) return token.text
    changed = true
    return formatAnchoredReference({ sheetId: sheetOf(token.ref), area })
  })
  return changed ? `=${out.join('')}` : stored
}

/**
 * A stored formula of sheet `sheetId` with every reference that names no sheet naming it: what
 * a formula cut to another sheet holds, so that it keeps reading the cells it read (those that
 * moved with it follow them through `followMove`).
 */
export function withSheetNamed(stored: string, sheetId: string): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored' || token.ref.sheetId !== null) return token.text
    changed = true
    return formatAnchoredReference({ sheetId, area: token.ref.area })
  })
  return changed ? `=${out.join('')}` : stored
}

/**
 * The writes that make references follow a move: cell formulas per sheet, the formulas and
 * list sources of rules per sheet, defined names.
 */
export interface MovePlan {
  cells: Map<string, CellEdit[]>
  rules: Map<string, RuleText[]>
  names: NameFormulaEdit[]
}

/** What `followMove` rewrites in the sheet documents `sheets` (by id) and `workbook`'s names. */
export function planMoveFollowing(
  workbook: Y.Doc,
  sheets: ReadonlyMap<string, Y.Doc>,
  move: CellMove,
): MovePlan {
  const plan: MovePlan = { cells: new Map(), rules: new Map(), names: [] }
  if (move.rows.size === 0 || move.cols.size === 0) return plan
  for (const [sheetId, doc] of sheets) {
    const edits: CellEdit[] = []
    for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
      const value = followMovedCells(raw, sheetId, move)
      if (value !== raw) edits.push({ ...splitCellKey(key), value })
    }
    if (edits.length > 0) plan.cells.set(sheetId, edits)
    const rules = rewrittenRuleTexts(doc, (f) => followMovedCells(f, sheetId, move))
    if (rules.length > 0) plan.rules.set(sheetId, rules)
  }
  for (const n of listNames(workbook)) {
    // A name's references name their sheet (`toStoredNameFormula`); a sheet's own are read there.
    const formula = followMovedCells(n.formula, n.scope ?? '', move, true)
    if (formula !== n.formula) plan.names.push({ id: n.id, formula })
  }
  return plan
}

/**
 * After a cut's cells were pasted: every reference to them, in the formulas of the documents
 * loaded (`sheets`, by sheet id), their rules' formulas and list sources, and defined names, points where they went; one transaction
 * per document with `origin` (`UndoHistory.together` makes them one undo step with the paste).
 */
export function followMove(
  workbook: Y.Doc,
  sheets: ReadonlyMap<string, Y.Doc>,
  move: CellMove,
  origin?: unknown,
): void {
  const plan = planMoveFollowing(workbook, sheets, move)
  for (const [id, edits] of plan.cells) {
    const doc = sheets.get(id)
    if (doc) setCells(doc, edits, origin)
  }
  for (const [id, edits] of plan.rules) {
    const doc = sheets.get(id)
    if (doc) setRuleTexts(doc, edits, origin)
  }
  setNameFormulas(workbook, plan.names, origin)
}
