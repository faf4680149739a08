import type * as Y from 'yjs'
import { cellInputs, listNames, setCells, sheetTypes, type CellEdit } from '@cellmate/model'
import { isFormula, tokenize } from './formulaTokens.js'
import { setNameFormulas, type NameFormulaEdit } from './rangeSnapping.js'
import { formatAnchoredReference, mapArea, type AnchoredReference } from './references.js'
import { splitCellKey } from './sheetMirror.js'

/**
 * A cut and paste moves values to other row and column ids, and references are anchored to
 * ids: left alone, `=B1+1` would keep reading the emptied B1 after B1 was cut to B4. Excel and
 * Sheets point every reference to the moved cells at where they went (`=B4+1`), on any sheet
 * and in defined names; a reference whose area is only partly moved stays, and the moved
 * formulas themselves keep pointing where they pointed (unless at other moved cells).
 */

/** A cut and paste on one sheet: for each moved row and column id, the id it moved to. */
export interface CellMove {
  sheetId: string
  rows: ReadonlyMap<string, string>
  cols: ReadonlyMap<string, string>
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

/** The stored formula with every reference to moved cells pointing where they went. */
export function followMovedCells(stored: string, hostSheetId: string, move: CellMove): string {
  if (!isFormula(stored) || !stored.includes('{')) return stored
  let changed = false
  const out = tokenize(stored.slice(1), 'stored').map((token) => {
    if (token.type !== 'anchored') return token.text
    const area = movedArea(token.ref, hostSheetId, move)
    if (!area) return token.text
    changed = true
    return formatAnchoredReference({ sheetId: token.ref.sheetId, area })
  })
  return changed ? `=${out.join('')}` : stored
}

/** The writes that make references follow a move: cell formulas per sheet, defined names. */
export interface MovePlan {
  cells: Map<string, CellEdit[]>
  names: NameFormulaEdit[]
}

/** What `followMove` rewrites in the sheet documents `sheets` (by id) and `workbook`'s names. */
export function planMoveFollowing(
  workbook: Y.Doc,
  sheets: ReadonlyMap<string, Y.Doc>,
  move: CellMove,
): MovePlan {
  const plan: MovePlan = { cells: new Map(), names: [] }
  if (move.rows.size === 0 || move.cols.size === 0) return plan
  for (const [sheetId, doc] of sheets) {
    const edits: CellEdit[] = []
    for (const [key, raw] of cellInputs(sheetTypes(doc).cells)) {
      const value = followMovedCells(raw, sheetId, move)
      if (value !== raw) edits.push({ ...splitCellKey(key), value })
    }
    if (edits.length > 0) plan.cells.set(sheetId, edits)
  }
  for (const n of listNames(workbook)) {
    // A name's references name their sheet (`toStoredNameFormula`); a sheet's own are read there.
    const formula = followMovedCells(n.formula, n.scope ?? '', move)
    if (formula !== n.formula) plan.names.push({ id: n.id, formula })
  }
  return plan
}

/**
 * After a cut's cells were pasted: every reference to them, in the formulas of the documents
 * loaded (`sheets`, by sheet id) and in defined names, points where they went; one transaction
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
  setNameFormulas(workbook, plan.names, origin)
}
