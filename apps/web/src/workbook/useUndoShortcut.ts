import { onBeforeUnmount, onMounted } from 'vue'
import { shortcutCommand } from '../grid/commandShortcuts'

/** Inputs that take no typing: Ctrl+Z on them is the workbook's. */
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'radio',
  'range',
  'reset',
  'submit',
])

/** An element that keeps its own undo of what was typed into it. */
function takesTyping(el: Element): boolean {
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type)
  return el.closest('textarea, select, [contenteditable]:not([contenteditable="false"])') !== null
}

/**
 * What Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z, Cmd on macOS) outside the grid asks for: the workbook's
 * undo or redo when the focus is on the page or on a control that takes no typing (a side
 * panel's buttons, the toolbar), as in Google Sheets. Text fields keep their own undo, the grid
 * handles its own keys, and a modal dialog's keys are its own.
 */
export function undoShortcut(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (e.defaultPrevented) return null
  const command = shortcutCommand(e, 'cell')
  if (command?.kind !== 'undo' && command?.kind !== 'redo') return null
  const target = e.target
  if (target instanceof Element) {
    if (takesTyping(target)) return null
    if (target.closest('[role="grid"], [aria-modal="true"]')) return null
  }
  return command.kind
}

/** Runs `run` for Ctrl+Z / Ctrl+Y pressed outside the grid (`undoShortcut`). */
export function useUndoShortcut(run: (kind: 'undo' | 'redo') => void): void {
  const onKeydown = (e: KeyboardEvent): void => {
    const kind = undoShortcut(e)
    if (!kind) return
    e.preventDefault()
    run(kind)
  }
  onMounted(() => document.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => document.removeEventListener('keydown', onKeydown))
}
