import os from 'node:os'
import type { BenchConfig } from './benchConfig.js'
import { WorkerPool } from './load/workerPool.js'
import type { BenchResults } from './report/benchResults.js'
import { BenchContext } from './workloads/benchContext.js'
import { runConditionalFormats } from './workloads/conditionalFormats.js'
import { runCorrectness } from './workloads/correctness.js'
import { runBrowser } from './workloads/browser.js'
import { runFirstLoad } from './workloads/firstLoad.js'
import { runDurability } from './workloads/durability.js'
import { runHistory } from './workloads/history.js'
import { runLatency } from './workloads/latency.js'
import { runMemory } from './workloads/memory.js'
import { runModelSort } from './workloads/modelSort.js'
import { runTwoNode } from './workloads/twoNode.js'
import { runThroughput } from './workloads/throughput.js'
import { runVersionCost } from './workloads/versionCost.js'

/** The workloads in table order; `--only` picks some by these names. */
export const WORKLOADS = {
  correctness: runCorrectness,
  latency: runLatency,
  throughput: runThroughput,
  durability: runDurability,
  memory: runMemory,
  history: runHistory,
  browser: runBrowser,
  firstLoad: runFirstLoad,
  twoNode: runTwoNode,
  sort: runModelSort,
  conditionalFormats: runConditionalFormats,
  versions: runVersionCost,
} as const satisfies Record<string, (ctx: BenchContext) => Promise<void>>

export type WorkloadName = keyof typeof WORKLOADS

/** Runs the chosen workloads against every system and gathers one result document. */
export async function runBench(
  config: BenchConfig,
  only: readonly WorkloadName[],
  seed: number,
  /** Called as each workload starts (the CLI re-arms its hang watchdog there). */
  onWorkload: (name: WorkloadName) => void = () => {},
): Promise<BenchResults> {
  const startedAt = new Date()
  const t0 = performance.now()
  const loadAtStart = os.loadavg()[0] ?? 0
  const pool = WorkerPool.start(config.workers)
  const ctx = new BenchContext(config, pool, seed)
  try {
    for (const name of only) {
      onWorkload(name)
      try {
        await WORKLOADS[name](ctx)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        ctx.notes.push(`${name}: aborted: ${message}`)
        if (pool.crash) ctx.failures.push(pool.crash)
        ctx.log(`${name} aborted: ${message}`)
      }
    }
  } finally {
    pool.close()
  }
  return {
    mode: config.mode,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemoryMB: Math.round(os.totalmem() / 1e6),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    },
    seed,
    rows: ctx.rows,
    failures: ctx.failures,
    notes: ctx.notes,
    details: ctx.details,
  }
}
