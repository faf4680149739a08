/** A keyboard shortcut as shown in a menu and as announced (`aria-keyshortcuts` syntax). */
export interface ShortcutHint {
  text: string
  aria: string
}

/** One entry of a context menu. */
export interface MenuItem {
  /** What `select` reports when the item is chosen. */
  id: string
  label: string
  shortcut?: ShortcutHint
  disabled?: boolean
  /** Draws a separator above the item, between groups. */
  separatorBefore?: boolean
}

/**
 * The next enabled item from `from` going `step` (+1 down, -1 up), wrapping around as the
 * WAI-ARIA menu pattern does; -1 when every item is disabled. `from = -1` with `step = 1`
 * finds the first enabled item, `from = items.length` with `step = -1` the last.
 */
export function stepIndex(items: readonly MenuItem[], from: number, step: 1 | -1): number {
  const n = items.length
  for (let k = 1; k <= n; k++) {
    const i = (((from + step * k) % n) + n) % n
    if (!items[i]?.disabled) return i
  }
  return -1
}

/** Where to draw a menu opened at (x, y) so that it stays inside the window. */
export function fitInWindow(
  at: { x: number; y: number },
  menu: { width: number; height: number },
  window: { width: number; height: number },
): { x: number; y: number } {
  const margin = 4
  const x = at.x + menu.width + margin > window.width ? at.x - menu.width : at.x
  const y =
    at.y + menu.height + margin > window.height ? window.height - menu.height - margin : at.y
  return { x: Math.max(margin, x), y: Math.max(margin, y) }
}
