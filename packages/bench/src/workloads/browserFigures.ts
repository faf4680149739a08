import { median } from '../stats/median.js'
import type { BenchContext } from './benchContext.js'
import { BROWSER_PEERS, type BrowserPeer } from './browserPeers.js'

/** The table section of the browser rows. */
export const BROWSER_SECTION = 'Client (browser)'

/** The systems of the browser rows: Cellmate's web app and the peers' pages. */
export type BrowserSystem = 'cellmate' | BrowserPeer

/** One browser row's figure per system, as `ctx.addRow` takes them. */
export type BrowserFigures = Partial<Record<BrowserSystem, { value: number | null; note?: string }>>

/**
 * One row's figures: the median of each system's runs (`pick` null: a run without this
 * figure), noting how many of `expected` runs it is when some failed (their reasons are in the
 * notes), empty where a system has none; the peers only when their pages served.
 */
export function medianFigures<T>(
  runs: Partial<Record<BrowserSystem, T[]>>,
  expected: number,
  withPeers: boolean,
  pick: (run: T) => number | null,
): BrowserFigures {
  const out: BrowserFigures = {}
  for (const name of ['cellmate', ...(withPeers ? BROWSER_PEERS : [])] as const) {
    const values = (runs[name] ?? []).map(pick).filter((v): v is number => v !== null)
    if (!values.length) out[name] = { value: null, note: 'error' }
    else if (values.length < expected)
      out[name] = { value: median(values), note: `${values.length} of ${expected} runs` }
    else out[name] = { value: median(values) }
  }
  return out
}

/**
 * One run of one system in an interleaved comparison: its result joins `runs[name]`, with the
 * notes `notesOf` makes of it; a run that throws leaves only a note, `${what}, ${name}: why`.
 */
export async function recordRun<T>(
  ctx: BenchContext,
  runs: Partial<Record<BrowserSystem, T[]>>,
  what: string,
  name: BrowserSystem,
  measure: () => Promise<T>,
  notesOf: (result: T) => string[] = () => [],
): Promise<void> {
  try {
    const result = await measure()
    ctx.notes.push(...notesOf(result))
    ;(runs[name] ??= []).push(result)
  } catch (err) {
    ctx.notes.push(`${what}, ${name}: ${(err as Error).message.split('\n')[0]}`)
  }
}
