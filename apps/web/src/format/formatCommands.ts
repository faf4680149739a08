import { MAX_DECIMALS, type CellFormat } from '@cellmate/model'

/** The attributes a toolbar button or shortcut turns on and off. */
export type ToggleAttr = 'bold' | 'italic' | 'underline' | 'wrap'

/** The decimals a number format shows when the cell does not say (`number`, `percent`, `currency`). */
export const DEFAULT_DECIMALS = 2

/**
 * Ctrl+B / Ctrl+I / Ctrl+U (Cmd on macOS), as in every spreadsheet: the attribute to toggle,
 * or null for any other key. Shift or Alt with them means something else (or nothing).
 */
export function formatShortcut(e: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}): ToggleAttr | null {
  if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return null
  switch (e.key.toLowerCase()) {
    case 'b':
      return 'bold'
    case 'i':
      return 'italic'
    case 'u':
      return 'underline'
    default:
      return null
  }
}

/**
 * The value a toggle sets on the whole selection: the opposite of the active cell's, as
 * Google Sheets does (a mixed selection whose active cell is bold becomes all not bold).
 */
export function toggledValue(active: CellFormat, attr: ToggleAttr): boolean {
  return active[attr] !== true
}

/** Decimals after one click on "more" (+1) or "fewer" (-1), within 0..MAX_DECIMALS. */
export function steppedDecimals(active: CellFormat, step: 1 | -1): number {
  const current = active.decimals ?? DEFAULT_DECIMALS
  return Math.min(MAX_DECIMALS, Math.max(0, current + step))
}
