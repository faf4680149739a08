import type { MenuItem } from '../menu/menuModel'
import type { GridMenuKind } from '../grid/structureActions'

/** "Data validation…" in the Data menu and the cell menu: opens the side panel. */
export const VALIDATION_ITEM = 'validation:open'

export const VALIDATION_MENU_ITEM: MenuItem = { id: VALIDATION_ITEM, label: 'Data validation…' }

/** The cell menu's item (editors only; the caller leaves it out for others). */
export function validationMenuItems(kind: GridMenuKind): MenuItem[] {
  return kind === 'cell' ? [{ ...VALIDATION_MENU_ITEM, separatorBefore: true }] : []
}
