/**
 * One sort of a 100,000-row sheet in the model, in-process (no server, no network):
 *
 *   pnpm --filter @cellmate/bench build && node packages/bench/dist/sortCost.js [rows]
 */
import { runSortBenchmark } from './workloads/modelSort.js'

const rows = Number(process.argv[2] ?? 100_000)
const r = runSortBenchmark(rows)
const ms = (v: number): string => `${v.toFixed(0)} ms`
console.log(`| rows | by numbers (desc) | by text | remote apply | update size |`)
console.log(`| ---- | ----------------- | ------- | ------------ | ----------- |`)
console.log(
  `| ${r.rows.toLocaleString('en-US')} | ${ms(r.numberSortMs)} | ${ms(r.textSortMs)} | ${ms(r.applyRemoteMs)} | ${r.updateKB.toFixed(0)} KB |`,
)
