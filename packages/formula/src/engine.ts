/**
 * `@cellmate/formula/engine`: evaluation with HyperFormula, a front door of its own so that
 * what only converts, shifts and formats formulas (`@cellmate/formula`) never loads the engine
 * (most of the web app's script, ~35 MB of a server's memory). The web app fetches it in a chunk
 * of its own; the server imports it on the first formula evaluation.
 */

// engineConfig.ts
export { EXCEL_COMPATIBLE_CONFIG, createExcelEngine } from './engineConfig.js'

// workbookEngine.ts
export type { EngineChange, WorkbookEngineOptions } from './workbookEngine.js'
export { WorkbookEngine } from './workbookEngine.js'

// spillSize.ts
export type { SpillSize } from './spillSize.js'

// recalcBenchmark.ts
export type { RecalcBenchmarkResult } from './recalcBenchmark.js'
export { runRecalcBenchmark } from './recalcBenchmark.js'
