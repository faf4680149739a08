import type { MenuItem } from '../menu/menuModel'
import type { GridMenuKind } from '../grid/structureActions'

/** The cell menu's "Show edit history" item (after the others, as in Google Sheets). */
export const CELL_HISTORY_ACTION = 'history:cell'

export function cellHistoryMenuItems(kind: GridMenuKind): MenuItem[] {
  return kind === 'cell'
    ? [{ id: CELL_HISTORY_ACTION, label: 'Show edit history', separatorBefore: true }]
    : []
}
