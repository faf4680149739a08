import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResults } from './benchResults.js'

/** `<repo root>/bench/results/latest.json` (git-ignored), from `packages/bench/dist/report/`. */
export const RESULTS_FILE = fileURLToPath(
  new URL('../../../../bench/results/latest.json', import.meta.url),
)

export function writeResults(results: BenchResults, file = RESULTS_FILE): string {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  return file
}
