import type { SelectionSpan } from '../stores/selectionStore'
import type { KeyLike } from './gridKeys'
import type { StructureAction } from './structureActions'

/** A key event as the shortcuts read it: `code` tells `=` from `+` whatever the layout. */
export interface ShortcutKey extends KeyLike {
  code?: string
}

/** What a shortcut on the grid (not editing) asks for. */
export type ShortcutCommand =
  | { kind: 'structure'; action: StructureAction }
  | { kind: 'undo' }
  | { kind: 'redo' }
  /** Open the context menu of what is selected (Shift+F10, the ContextMenu key). */
  | { kind: 'openMenu' }
  | { kind: 'selectRow' }
  | { kind: 'selectCol' }
  /** Ctrl+D / Ctrl+R: copy the first row down (first column right) over the selection. */
  | { kind: 'fill'; direction: 'down' | 'right' }

function isPlus(e: ShortcutKey): boolean {
  return e.code === 'Equal' || e.code === 'NumpadAdd' || e.key === '=' || e.key === '+'
}

function isMinus(e: ShortcutKey): boolean {
  return e.code === 'Minus' || e.code === 'NumpadSubtract' || e.key === '-' || e.key === '_'
}

function isSpace(e: ShortcutKey): boolean {
  return e.key === ' ' || e.code === 'Space'
}

const MOVES: Readonly<Record<string, StructureAction>> = {
  ArrowUp: 'moveRowUp',
  ArrowDown: 'moveRowDown',
  ArrowLeft: 'moveColLeft',
  ArrowRight: 'moveColRight',
}

/**
 * Maps a key on the grid to an application command, as Google Sheets binds them; null leaves
 * the key to ordinary grid navigation. Checked first, because Ctrl+Alt+= would otherwise type
 * `=` (Ctrl+Alt is AltGr on Windows) and Alt+Shift+Arrow would move the cursor.
 *
 * Insert and delete work on the active cell's row, or on its column when a whole column is
 * selected (`span`), like Ctrl+Alt+= in Google Sheets. Cmd stands in for Ctrl on macOS.
 */
export function shortcutCommand(e: ShortcutKey, span: SelectionSpan): ShortcutCommand | null {
  const mod = e.ctrlKey || e.metaKey
  if (mod && !e.altKey) {
    const key = e.key.toLowerCase()
    if (key === 'z') return { kind: e.shiftKey ? 'redo' : 'undo' }
    if (key === 'y' && !e.shiftKey) return { kind: 'redo' }
    if (isSpace(e) && !e.shiftKey) return { kind: 'selectCol' }
    if (key === 'd' && !e.shiftKey) return { kind: 'fill', direction: 'down' }
    if (key === 'r' && !e.shiftKey) return { kind: 'fill', direction: 'right' }
    return null
  }
  if (mod && e.altKey) {
    const cols = span === 'col'
    if (isPlus(e)) {
      const after = e.shiftKey && e.code !== 'NumpadAdd'
      const action = cols
        ? after
          ? 'insertColRight'
          : 'insertColLeft'
        : after
          ? 'insertRowBelow'
          : 'insertRowAbove'
      return { kind: 'structure', action }
    }
    if (isMinus(e)) return { kind: 'structure', action: cols ? 'deleteCol' : 'deleteRow' }
    return null
  }
  if (e.altKey && e.shiftKey) {
    const action = MOVES[e.key]
    return action ? { kind: 'structure', action } : null
  }
  if (e.altKey) return null
  if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return { kind: 'openMenu' }
  if (isSpace(e) && e.shiftKey) return { kind: 'selectRow' }
  return null
}
