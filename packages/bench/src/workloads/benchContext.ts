import type { BenchConfig } from '../benchConfig.js'
import type { WorkerPool } from '../load/workerPool.js'
import {
  type Figure,
  type MetricRow,
  type ServerSystemName,
  type SystemName,
  type Unit,
} from '../report/benchResults.js'
import { createSystem } from '../systems/createSystem.js'
import type { BenchSystem } from '../systems/benchSystem.js'

/** What every workload gets: the run's settings, the load workers, and where results go. */
export class BenchContext {
  readonly rows: MetricRow[] = []
  readonly failures: string[] = []
  readonly notes: string[] = []
  readonly details: Record<string, unknown> = {}

  constructor(
    readonly config: BenchConfig,
    readonly pool: WorkerPool,
    readonly seed: number,
  ) {}

  /** Progress on stderr, so stdout carries only the table. */
  log(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
  }

  addRow(
    section: string,
    metric: string,
    unit: Unit,
    better: 'lower' | 'higher',
    figures: Partial<Record<SystemName, Figure>>,
  ): void {
    this.rows.push({ section, metric, unit, better, figures })
  }

  /**
   * Runs `measure` once per system against a freshly started server, in table order, and
   * always stops the server. An error is noted and that system's figures stay empty; a server
   * that exited on its own is a crash, which fails the run.
   */
  async forEachSystem<T>(
    workload: string,
    measure: (system: BenchSystem) => Promise<T>,
  ): Promise<Partial<Record<SystemName, T>>> {
    const out: Partial<Record<SystemName, T>> = {}
    for (const name of this.config.systems) {
      this.log(`${workload}: ${name}`)
      const system = await createSystem(name)
      try {
        await system.start()
        out[name] = await measure(system)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        this.notes.push(`${workload}, ${name}: did not finish: ${message.split('\n')[0]}`)
        this.log(`${workload}: ${name} failed: ${message}`)
        await this.pool.all(() => ({ type: 'disconnect' }), 30_000).catch(() => undefined)
      } finally {
        if (system.server.crash) this.failures.push(`${workload}: ${system.server.crash}`)
        await system.dispose()
      }
      if (this.pool.crash) throw new Error(this.pool.crash)
    }
    return out
  }

  /**
   * One figure per system this run measured, from per-system results: a system that ran but
   * failed shows "error"; one the run left out (`config.systems`) gets no figure, so no column.
   */
  figuresOf<T>(
    results: Partial<Record<SystemName, T>>,
    pick: (result: T, system: ServerSystemName) => Figure,
  ): Partial<Record<SystemName, Figure>> {
    const out: Partial<Record<SystemName, Figure>> = {}
    for (const name of this.config.systems) {
      const r = results[name]
      out[name] = r === undefined ? { value: null, note: 'error' } : pick(r, name)
    }
    return out
  }
}
