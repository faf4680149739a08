import type { MenuItem } from '../menu/menuModel'

/** The clipboard entries at the top of every grid menu, as in Sheets. */
export const CLIPBOARD_ACTIONS = ['cut', 'copy', 'paste', 'pasteValues', 'clear'] as const
export type ClipboardAction = (typeof CLIPBOARD_ACTIONS)[number]

const ITEMS: Readonly<Record<ClipboardAction, Omit<MenuItem, 'id'>>> = {
  cut: { label: 'Cut', shortcut: { text: 'Ctrl+X', aria: 'Control+X' } },
  copy: { label: 'Copy', shortcut: { text: 'Ctrl+C', aria: 'Control+C' } },
  paste: { label: 'Paste', shortcut: { text: 'Ctrl+V', aria: 'Control+V' } },
  pasteValues: {
    label: 'Paste values only',
    shortcut: { text: 'Ctrl+Shift+V', aria: 'Control+Shift+V' },
  },
  clear: { label: 'Clear', shortcut: { text: 'Delete', aria: 'Delete' } },
}

const PREFIX = 'clipboard:'

export function clipboardMenuItems(): MenuItem[] {
  return CLIPBOARD_ACTIONS.map((action) => ({ id: `${PREFIX}${action}`, ...ITEMS[action] }))
}

/** The clipboard action a menu item id names, or null. */
export function clipboardAction(id: string): ClipboardAction | null {
  if (!id.startsWith(PREFIX)) return null
  const action = id.slice(PREFIX.length)
  return (CLIPBOARD_ACTIONS as readonly string[]).includes(action)
    ? (action as ClipboardAction)
    : null
}
