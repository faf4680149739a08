import type { MenuItem } from '../menu/menuModel'

/** The menu item that opens the comment card on the active cell. */
export const COMMENT_ITEM = 'comment:add'

/** "Comment" in a cell's context menu (Ctrl+Alt+M), as in Sheets; none on whole rows or columns. */
export function commentMenuItems(kind: 'cell' | 'row' | 'col'): MenuItem[] {
  if (kind !== 'cell') return []
  return [
    {
      id: COMMENT_ITEM,
      label: 'Comment',
      shortcut: { text: 'Ctrl+Alt+M', aria: 'Control+Alt+M' },
    },
  ]
}
