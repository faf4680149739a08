/**
 * The tall sheet every browser peer opens with `?tall=ROWS&cols=COLS`, the same as Cellmate's
 * `seedTallSheet`: ROWS rows × COLS columns, `row N` in column A of every 1000th row (rows 1,
 * 1001, …) and `the last row` in the last one.
 */

export interface TallSheet {
  rows: number
  cols: number
}

/** The tall sheet asked for in the page's query string, or null for none. */
export function requestedTallSheet(): TallSheet | null {
  const query = new URLSearchParams(location.search)
  const raw = query.get('tall')
  if (raw === null) return null
  const rows = Number(raw)
  const cols = Number(query.get('cols') ?? '100')
  return Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0
    ? { rows, cols }
    : null
}

/** Calls `fn(row, value)` (0-based row, column A) for each written cell of the tall sheet. */
export function forEachTallCell(rows: number, fn: (row: number, value: string) => void): void {
  for (let r = 0; r < rows - 1; r += 1000) fn(r, `row ${r + 1}`)
  fn(rows - 1, 'the last row')
}

/** The row a jump to `fraction` of the sheet asks for (0-based), the same in every page. */
export function jumpTarget(rows: number, fraction: number): number {
  return Math.min(rows - 1, Math.floor(fraction * rows))
}

/**
 * Exposes the hooks the bench scrolls a page through: `window.__scrollTopRow()`, the 1-based
 * number of the top row the page shows (read from the library, so the bench can tell the page
 * really moved; 0 for not known yet), and `window.__scrollJump(fraction)`, a jump through the library's own API to
 * `fraction` (0..1) of the sheet, as a scrollbar drag or a Go To would.
 */
export function exposeScrolling(topRow: () => number, jump: (fraction: number) => void): void {
  const page = window as unknown as {
    __scrollTopRow: () => number
    __scrollJump: (fraction: number) => void
  }
  page.__scrollTopRow = topRow
  page.__scrollJump = jump
}
