#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--only correctness,latency,…] [--seed N] [--workers N]`: starts every system on
 * 127.0.0.1, runs the workloads, prints the Markdown table on stdout (progress on stderr) and
 * writes `bench/results/latest.json`. Exits 1 only if a system lost acknowledged edits or
 * crashed; timings are reported, never asserted.
 */
import { parseArgs } from 'node:util'
import { FULL, QUICK } from './benchConfig.js'
import { renderMarkdownTable } from './report/markdownTable.js'
import { writeResults } from './report/resultsFile.js'
import { WORKLOADS, runBench, type WorkloadName } from './runBench.js'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    seed: { type: 'string' },
    /** Load generator processes (default 2): more where the 1,000-client rows say it is busy. */
    workers: { type: 'string' },
  },
})
const config = {
  ...(values.quick ? QUICK : FULL),
  ...(values.workers ? { workers: Math.max(1, Number(values.workers)) } : {}),
}
// Every y-websocket provider (seeding clients here) adds a process 'exit' listener.
process.setMaxListeners(0)
const all = Object.keys(WORKLOADS) as WorkloadName[]
const only = values.only ? (values.only.split(',') as WorkloadName[]) : all
const unknown = only.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  process.stderr.write(
    `unknown workload(s): ${unknown.join(', ')}; choose from ${all.join(', ')}\n`,
  )
  process.exit(2)
}
const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 1e9)

// A hung system must not hang CI: the quick set gives up after 8 min in all (a busy 2-core
// machine runs it in up to ~5 min). A full run takes longer than any fixed total would allow
// for every workload together (the browser workload alone opens 1,000,000-cell sheets in three
// systems several times), so there each workload gets 25 min of its own.
const limitMinutes = config.mode === 'quick' ? 8 : 25
let watchdog: NodeJS.Timeout | undefined
function armWatchdog(what: string): void {
  clearTimeout(watchdog)
  watchdog = setTimeout(() => {
    process.stderr.write(`bench: ${what} took over ${limitMinutes} min, giving up\n`)
    process.exit(3)
  }, limitMinutes * 60_000)
  watchdog.unref()
}
armWatchdog(config.mode === 'quick' ? 'the quick run' : 'startup')
// Exit through process.exit so every child (servers, load workers) is reaped on the way out.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping\n`)
    process.exit(130)
  })
}

const results = await runBench(config, only, seed, (name) => {
  if (config.mode === 'full') armWatchdog(`the ${name} workload`)
})
const file = writeResults(results)
const seconds = (results.durationMs / 1000).toFixed(0)
const m = results.machine
const busy = Math.max(m.loadAverage.start, m.loadAverage.end) > m.cpus
const lines = [
  `## Cellmate bench (${results.mode}, ${seconds} s, seed ${seed})`,
  '',
  `${m.cpus} × ${m.cpuModel}, ${m.totalMemoryMB.toLocaleString('en-US')} MB, Node ${m.node}; ` +
    `load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end` +
    (busy ? ' (above the core count: other work was competing for the CPU).' : '.'),
  '',
  renderMarkdownTable(results.rows),
  '',
  'Ratios are Cellmate ÷ peer: under 1 favours Cellmate where lower is better, over 1 where higher is better.',
]
if (results.notes.length > 0) lines.push('', '**Notes**', ...results.notes.map((n) => `- ${n}`))
if (results.failures.length > 0)
  lines.push('', '**FAILURES**', ...results.failures.map((f) => `- ${f}`))
lines.push('', `JSON: ${file}`)
process.stdout.write(`${lines.join('\n')}\n`)
process.exit(results.failures.length > 0 ? 1 : 0)
