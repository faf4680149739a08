// Reads the output of `pnpm test` (Vitest and Playwright runs under turbo) and prints one
// summary line: how many tests passed/failed/were skipped in total and per runner.
import fs from 'node:fs'

const [, , logPath, statusArg] = process.argv
// eslint-disable-next-line no-control-regex
const text = fs.readFileSync(logPath, 'utf8').replace(/\x1b\[[0-9;]*m/g, '')
const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 }
let vitestRuns = 0
let playwrightRuns = 0

for (const line of text.split('\n')) {
  // Vitest: "      Tests  1 failed | 11 passed (12)"
  const v = /^\S*\s*Tests\s+(.+)\(\d+\)\s*$/.exec(line)
  if (v) {
    vitestRuns++
    for (const m of v[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
      totals[m[2] === 'todo' ? 'skipped' : m[2]] += Number(m[1])
    }
    continue
  }
  // Playwright list reporter: "  12 passed (1.2m)", "  1 failed", "  2 skipped", "  1 flaky"
  const p = /^\S*\s*(\d+) (passed|failed|skipped|flaky)( \(.+\))?\s*$/.exec(line)
  if (p) {
    if (p[2] === 'passed') playwrightRuns++
    totals[p[2]] += Number(p[1])
  }
}

const ok = statusArg === '0'
console.log(
  `TEST SUMMARY: ${ok ? 'PASS' : 'FAIL'} — ${totals.passed} passed, ${totals.failed} failed, ` +
    `${totals.skipped} skipped, ${totals.flaky} flaky (${vitestRuns} vitest runs, ` +
    `${playwrightRuns} playwright runs)`,
)
