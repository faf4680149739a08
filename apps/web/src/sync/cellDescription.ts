import { SheetLayout, formatA1 } from '@cellmate/model'
import type { WorkbookFormulas } from '../formula/workbookFormulas'

/** A cell as a notice names it: its address now and a stored value as the user would type it. */
export interface CellDescription {
  address: string
  text: string
}

/**
 * Where a cell is now and how a stored value of it reads (formulas in A1 form); null when
 * the sheet is not loaded or the cell's row or column is gone.
 */
export function cellDescription(
  formulas: WorkbookFormulas,
  sheetId: string,
  rowId: string,
  colId: string,
  stored: string,
): CellDescription | null {
  const doc = formulas.sheetDocs.get(sheetId)
  if (!doc) return null
  const layout = new SheetLayout(doc)
  try {
    const row = layout.rowIndexOf(rowId)
    const col = layout.colIndexOf(colId)
    if (row < 0 || col < 0) return null
    return {
      address: formatA1({ row, col }),
      text: formulas.forSheet(sheetId, layout).toDisplay(stored),
    }
  } finally {
    layout.destroy()
  }
}
