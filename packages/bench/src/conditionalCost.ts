/**
 * The pause an edit inside a 100,000-cell conditionally formatted range costs, in-process:
 *
 *   pnpm --filter @cellmate/bench build && node packages/bench/dist/conditionalCost.js [cells]
 */
import { runConditionalBenchmark } from './workloads/conditionalFormats.js'

const cells = Number(process.argv[2] ?? 100_000)
const r = runConditionalBenchmark(cells)
const ms = (v: number): string => `${v.toFixed(1)} ms`
console.log(`| cells | first paint | edit, range read again | edit, statistics updated |`)
console.log(`| ----- | ----------- | ---------------------- | ------------------------ |`)
console.log(
  `| ${r.cells.toLocaleString('en-US')} | ${ms(r.firstPaintMs)} | ${ms(r.wholeMs)} | ${ms(r.incrementalMs)} |`,
)
