import type { CellPosition, RangePosition } from '@cellmate/model'
import type { PresenceSelection } from './presenceState'

/** The id lookups presence needs from a `SheetLayout`. */
export interface IdLayout {
  readonly rowCount: number
  readonly colCount: number
  rowId(index: number): string | undefined
  colId(index: number): string | undefined
  rowIndexOf(id: string): number
  colIndexOf(id: string): number
}

/** The selection store's shape, as far as presence reads it. */
export interface LocalSelection {
  row: number
  col: number
  anchor: CellPosition
  extent: CellPosition
  span: 'cell' | 'row' | 'col'
  editing?: boolean
}

/**
 * This tab's selection by ids (nothing when a corner is past the sheet's end), and whether an
 * editor is open on its active cell.
 */
export function selectionIds(
  layout: IdLayout,
  sel: LocalSelection,
): { selection?: PresenceSelection } {
  const ids = (p: CellPosition) => {
    const rowId = layout.rowId(p.row)
    const colId = layout.colId(p.col)
    return rowId !== undefined && colId !== undefined ? { rowId, colId } : null
  }
  const active = ids({ row: sel.row, col: sel.col })
  const anchor = ids(sel.anchor)
  const extent = ids(sel.extent)
  if (!active || !anchor || !extent) return {}
  const selection: PresenceSelection = { active, anchor, extent, span: sel.span }
  if (sel.editing) selection.editing = true
  return { selection }
}

/**
 * Where a peer's selection is now (its rows may have moved since it was published); null
 * when a row or column of it was deleted. Whole rows/columns span the sheet; the grid's box
 * function clips them to the screen.
 */
export function peerRange(
  layout: IdLayout,
  sel: PresenceSelection,
): { range: RangePosition; active: CellPosition; single: boolean } | null {
  const at = (c: { rowId: string; colId: string }): CellPosition | null => {
    const row = layout.rowIndexOf(c.rowId)
    const col = layout.colIndexOf(c.colId)
    return row >= 0 && col >= 0 ? { row, col } : null
  }
  const active = at(sel.active)
  const a = at(sel.anchor)
  const b = at(sel.extent)
  if (!active || !a || !b) return null
  let top = Math.min(a.row, b.row)
  let bottom = Math.max(a.row, b.row)
  let left = Math.min(a.col, b.col)
  let right = Math.max(a.col, b.col)
  if (sel.span === 'row') {
    left = 0
    right = layout.colCount - 1
  } else if (sel.span === 'col') {
    top = 0
    bottom = layout.rowCount - 1
  }
  return {
    range: { start: { row: top, col: left }, end: { row: bottom, col: right } },
    active,
    single: top === bottom && left === right,
  }
}
