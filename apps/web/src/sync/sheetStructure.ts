import type * as Y from 'yjs'
import {
  deleteAxis,
  insertAxis,
  moveAxis,
  sortRange,
  type Axis,
  type RangePosition,
  type SortKey,
} from '@cellmate/model'
import type { SheetFormulas } from '../formula/sheetFormulas'

/** A structural edit of one sheet, in display positions (0-based). */
export type StructureOp =
  | { kind: 'insert'; axis: Axis; at: number; count: number }
  | { kind: 'delete'; axis: Axis; at: number; count: number }
  | { kind: 'move'; axis: Axis; from: number; count: number; to: number }

/**
 * Inserts, deletes or moves rows or columns as one transaction (one undo step), through the
 * workbook's engine when there is one (`formulas`). Throws the model's `CellmateError` when
 * refused (the last row, past the sheet limits).
 */
export function applyStructure(
  doc: Y.Doc,
  formulas: SheetFormulas | null,
  op: StructureOp,
  origin: object,
): void {
  switch (op.kind) {
    case 'insert':
      insertAxis(doc, op.axis, op.at, op.count, origin)
      break
    case 'delete':
      // Ranges ending on deleted rows shrink, as in Excel, rather than turning into #REF!.
      if (formulas) formulas.deleteAxis(op.axis, op.at, op.count, origin)
      else deleteAxis(doc, op.axis, op.at, op.count, origin)
      break
    case 'move':
      // Ranges keep covering the same cells: SUM(A1:C1) stays whole when column C moves left.
      if (formulas) formulas.moveAxis(op.axis, op.from, op.count, op.to, origin)
      else moveAxis(doc, op.axis, op.from, op.count, op.to, origin)
      break
  }
}

/**
 * Sorts the rows of `range` by its columns `keys` (display positions) as one undo step,
 * through the workbook's engine when there is one. Returns how many rows moved.
 */
export function sortSheetRows(
  doc: Y.Doc,
  formulas: SheetFormulas | null,
  range: RangePosition,
  keys: readonly SortKey[],
  header: boolean,
  origin: object,
): number {
  const options = { keys, header }
  return formulas ? formulas.sort(range, options, origin) : sortRange(doc, range, options, origin)
}
