import type { MenuItem } from '../menu/menuModel'

/** What the sheet tab menu offers. */
export type TabAction = 'rename' | 'duplicate' | 'delete' | 'moveLeft' | 'moveRight'

export function isTabAction(id: string): id is TabAction {
  return ['rename', 'duplicate', 'delete', 'moveLeft', 'moveRight'].includes(id)
}

/** The menu of the tab at `index` among `count` tabs; what cannot apply is disabled. */
export function tabMenuItems(index: number, count: number): MenuItem[] {
  return [
    { id: 'rename', label: 'Rename', shortcut: { text: 'F2', aria: 'F2' } },
    { id: 'duplicate', label: 'Duplicate' },
    // The model refuses to delete the last sheet; say so by not offering it.
    { id: 'delete', label: 'Delete', disabled: count <= 1 },
    { id: 'moveLeft', label: 'Move left', disabled: index <= 0, separatorBefore: true },
    { id: 'moveRight', label: 'Move right', disabled: index >= count - 1 },
  ]
}
