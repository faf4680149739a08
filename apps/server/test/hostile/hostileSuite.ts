import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { HostileBed, Workbook } from './hostileBed.js'

/** What a suite's bed needs besides starting. */
export interface SuiteOptions {
  /**
   * Cells of a workbook made before any attack and compared at the end: an attack on one
   * workbook must leave the others as they were. `false` for suites that check this otherwise.
   */
  bystander?: Record<string, string> | false
  /** Runs after each test, before the test's clients are closed. */
  afterEach?: () => void
  /** Time for starting and closing the bed (a child process takes longer). */
  timeoutMs?: number
}

/**
 * Registers the life of one hostile suite's bed: `start` before the suite (it also assigns
 * the suite's `bed` variable), the test's clients closed after each test, and at the end the
 * bystander workbook compared with its state before the attacks, then the bed closed.
 */
export function hostileSuite(
  start: () => Promise<HostileBed>,
  { bystander = { A1: 'keep', B2: 'me' }, afterEach: after, timeoutMs = 60_000 }: SuiteOptions = {},
): void {
  let bed: HostileBed
  let kept: { wb: Workbook; before: unknown } | null = null

  beforeAll(async () => {
    bed = await start()
    if (bystander) {
      const wb = await bed.workbook('bystander', bystander)
      kept = { wb, before: await bed.snapshot(wb) }
    }
  }, timeoutMs)

  afterEach(() => {
    after?.()
    bed.closeClients()
  })

  afterAll(async () => {
    if (kept) expect(await bed.snapshot(kept.wb), 'another workbook changed').toEqual(kept.before)
    await bed.close()
  }, timeoutMs)
}
