import type { HyperFormula } from 'hyperformula'
import type { AxisOp } from './axisSync.js'

/**
 * Replays a structural plan on one HyperFormula sheet. HyperFormula shifts every reference to
 * the moved cells itself, which is what keeps an edit from needing a rebuild. Throws what
 * HyperFormula throws (it refuses, e.g., to cut through a spilled array).
 */
export function applyAxisOps(
  hf: HyperFormula,
  sheet: number,
  axis: 'rows' | 'cols',
  ops: readonly AxisOp[],
): void {
  for (const op of ops) {
    if (op.type === 'remove') {
      if (axis === 'rows') hf.removeRows(sheet, [op.at, op.count])
      else hf.removeColumns(sheet, [op.at, op.count])
    } else if (op.type === 'insert') {
      if (axis === 'rows') hf.addRows(sheet, [op.at, op.count])
      else hf.addColumns(sheet, [op.at, op.count])
    } else if (axis === 'rows') hf.moveRows(sheet, op.from, op.count, op.to)
    else hf.moveColumns(sheet, op.from, op.count, op.to)
  }
}
