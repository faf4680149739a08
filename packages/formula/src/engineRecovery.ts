/**
 * HyperFormula has internal failures on some pathological inputs (for example two dynamic
 * arrays spilling over each other's source, `=TRANSPOSE(A1:B2)` in A1 and C1: it throws
 * "Unknown array" on every later evaluation). One bad cell must not take down the sheet for
 * everyone who opens it, so after a failure the engine finds the formulas that make
 * HyperFormula throw and *quarantines* them: they read `#CALC!` (with a reason) until they are
 * edited, and everything else evaluates normally.
 */

/** What recovery needs from the engine. Keys are `formulaKey`s. */
export interface RecoverableEngine {
  /** Cells withheld from HyperFormula, with the raw input they had when quarantined. */
  readonly quarantine: Map<string, string>
  /** A fresh HyperFormula with every sheet loaded, quarantined cells withheld; false if it threw. */
  rebuild(): boolean
  /** Writes these cells into the current HyperFormula in one batch; false if it threw. */
  write(keys: readonly string[]): boolean
  /** Every formula cell in the engine. */
  formulaKeys(): string[]
  /** Current raw input of a cell. */
  raw(key: string): string
}

function withhold(engine: RecoverableEngine, keys: readonly string[]): void {
  for (const key of keys) engine.quarantine.set(key, engine.raw(key))
}

/** Puts `keys` back one half at a time, quarantining each one that makes the engine throw. */
function release(engine: RecoverableEngine, keys: readonly string[]): void {
  if (keys.length === 0) return
  for (const key of keys) engine.quarantine.delete(key)
  if (engine.write(keys)) return
  withhold(engine, keys)
  // The failed write may have left HyperFormula inconsistent: start again from what worked.
  if (!engine.rebuild() || keys.length === 1) return
  const half = Math.ceil(keys.length / 2)
  release(engine, keys.slice(0, half))
  release(engine, keys.slice(half))
}

/**
 * Brings a failed engine back. First the cheap guess — the cells written by the failed batch
 * are the cause — then, if the sheet still does not load (a document that arrived with the
 * bad cells), a bisection over all formulas: O(bad cells × log formulas) rebuilds.
 * Returns false when even the values alone do not load (nothing more can be done).
 */
export function recover(engine: RecoverableEngine, suspects: readonly string[]): boolean {
  withhold(engine, suspects)
  if (engine.rebuild()) return true
  const formulas = engine.formulaKeys().filter((key) => !engine.quarantine.has(key))
  withhold(engine, formulas)
  if (!engine.rebuild()) return false
  release(engine, formulas)
  return true
}
