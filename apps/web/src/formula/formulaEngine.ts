/**
 * The formula engine behind a code-split boundary: HyperFormula is most of the app's script,
 * so it is only ever reached through `import('./formulaEngine')` (see `WorkbookFormulas`) and
 * Vite puts it in a chunk of its own, fetched while the grid already shows typed values.
 */
import { createExcelEngine } from '@cellmate/formula/engine'

export { WorkbookEngine } from '@cellmate/formula/engine'

/** Every function the engine computes, by name (its own list: plugins included). */
export function engineFunctionNames(): string[] {
  const hf = createExcelEngine()
  try {
    return hf.getRegisteredFunctionNames()
  } finally {
    hf.destroy()
  }
}
