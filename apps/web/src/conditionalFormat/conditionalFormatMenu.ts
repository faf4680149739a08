import type { MenuItem } from '../menu/menuModel'
import type { GridMenuKind } from '../grid/structureActions'

/** "Conditional formatting…" in the Format menu and the cell menu: opens the side panel. */
export const CONDITIONAL_FORMAT_ACTION = 'format:conditional'

export const CONDITIONAL_FORMAT_ITEM: MenuItem = {
  id: CONDITIONAL_FORMAT_ACTION,
  label: 'Conditional formatting…',
}

export function conditionalFormatMenuItems(kind: GridMenuKind): MenuItem[] {
  return kind === 'cell' ? [{ ...CONDITIONAL_FORMAT_ITEM, separatorBefore: true }] : []
}
