import type { WorkbookEngine } from '@cellmate/formula/engine'

let loading: Promise<typeof WorkbookEngine> | null = null

/**
 * The formula engine class, imported on first use: HyperFormula and its parser take ~35 MB of
 * memory and a noticeable part of start-up, and a server that only syncs never evaluates.
 */
export function loadWorkbookEngine(): Promise<typeof WorkbookEngine> {
  loading ??= import('@cellmate/formula/engine').then((m) => m.WorkbookEngine)
  return loading
}
