/**
 * The formula sheet every browser peer opens with `?formulas=N`, the same as Cellmate's
 * `seedFormulaSheet`: `A{n} = n`, `B{n} = A{n}*2+1` for n = 1..N, and `C1 = SUM(B:B)`.
 */

/** Formulas asked for in the page's query string (`?formulas=10000`), or null for none. */
export function requestedFormulas(): number | null {
  const raw = new URLSearchParams(location.search).get('formulas')
  if (raw === null) return null
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? n : null
}

/** What C1 shows once every formula is computed: Σ (2n+1) for n = 1..N = N(N+1) + N. */
export function formulaTotal(formulas: number): number {
  return formulas * (formulas + 1) + formulas
}

/** The edit the bench makes (A2: 2 -> `value`) adds this much to C1's total. */
export function totalAfterEdit(formulas: number, value: number): number {
  return formulaTotal(formulas) + 2 * (value - 2)
}

/** Calls `fn(row, input, formula)` for each row (0-based) of inputs and their formulas. */
export function forEachFormulaRow(
  formulas: number,
  fn: (row: number, input: number, formula: string) => void,
): void {
  for (let r = 0; r < formulas; r++) fn(r, r + 1, `=A${r + 1}*2+1`)
}

/** C1's formula, over the whole of column B as Cellmate's sheet has it. */
export const TOTAL_FORMULA = '=SUM(B:B)'

/**
 * Exposes `window.__peerEdit(value)`: `write(value)` sets A2 through the library's API (where
 * there is no such write the bench types the value into A2 after this call), and
 * `window.__peerEditMs` is set at the frame after C1 shows the new total (`shows`), the rule
 * `markOpenWhen` times opening by. The bench times the edit itself, from just before the write
 * (or the Enter key) until it sees `__peerEditMs`, the same way for every peer; and in the
 * page's clock from `__peerEditStart` (the write, or the Enter key's event) to `__peerEditMs`.
 */
export function exposeEdit(
  formulas: number,
  write: ((value: number) => void) | null,
  shows: (total: number) => boolean,
): void {
  const page = window as unknown as {
    __peerEdit: (value: number) => void
    __peerEditMs: number
    __peerEditStart: number
  }
  page.__peerEdit = (value) => {
    const expected = totalAfterEdit(formulas, value)
    // The edit's start in the page's clock: the API call, or the Enter the bench presses next.
    if (write) page.__peerEditStart = performance.now()
    else
      window.addEventListener(
        'keydown',
        (event) => {
          page.__peerEditStart = event.timeStamp
        },
        { capture: true, once: true },
      )
    write?.(value)
    // Polled each frame: the libraries compute dependents after the write returns (Univer's
    // formula engine runs as its own step after the mutation).
    const tick = (): void => {
      if (!shows(expected)) {
        requestAnimationFrame(tick)
        return
      }
      requestAnimationFrame(() => {
        page.__peerEditMs = performance.now()
      })
    }
    requestAnimationFrame(tick)
  }
}
