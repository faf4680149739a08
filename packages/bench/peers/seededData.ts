/**
 * The data every browser peer opens: the bench's seeded sheet (`seedCells`), `cells` values
 * `v0`, `v1`, … row-major in blocks 25 columns wide, so A1 shows `v0` everywhere.
 */
export const SEED_COLS = 25

/** Cells asked for in the page's query string (`?cells=100000`). */
export function requestedCells(): number {
  const n = Number(new URLSearchParams(location.search).get('cells') ?? '1000')
  return Number.isInteger(n) && n > 0 ? n : 1000
}

/** Calls `fn(row, col, value)` for each seeded cell. */
export function forEachSeededCell(
  cells: number,
  fn: (row: number, col: number, value: string) => void,
): void {
  for (let i = 0; i < cells; i++) fn(Math.floor(i / SEED_COLS), i % SEED_COLS, `v${i}`)
}

/**
 * The bench's rule, as Cellmate's open is timed: the peer holds A1's value and a frame has been
 * painted since its canvas appeared. Sets `window.__peerOpenMs` (ms since navigation).
 */
export function markOpenWhen(ready: () => boolean): void {
  const tick = (): void => {
    if (!ready()) {
      requestAnimationFrame(tick)
      return
    }
    // The frame after the one that found it ready has painted it.
    requestAnimationFrame(() => {
      ;(window as unknown as { __peerOpenMs: number }).__peerOpenMs = performance.now()
    })
  }
  requestAnimationFrame(tick)
}

/** A canvas the peer draws its grid on, laid out with a size. */
export function hasPaintedCanvas(root: HTMLElement): boolean {
  for (const canvas of root.querySelectorAll('canvas')) {
    if (canvas.width > 0 && canvas.height > 0) return true
  }
  return false
}
