import type { Browser } from 'playwright-core'
import type { CellmateSystem } from '../systems/cellmateSystem.js'
import { median } from '../stats/median.js'
import type { FrameStats } from '../stats/frameStats.js'
import { SYSTEM_TITLES, type Unit } from '../report/benchResults.js'
import type { BenchContext } from './benchContext.js'
import { BROWSER_SECTION, medianFigures, recordRun, type BrowserSystem } from './browserFigures.js'
import { BROWSER_PEERS } from './browserPeers.js'
import {
  EDIT_EVERY_MS,
  WHEEL_EVERY_MS,
  WHEEL_PX,
  scrollCellmate,
  scrollPeer,
  seedTallSheet,
  wheelWhileEditing,
  type ScrollRun,
} from './browserScroll.js'

type EditingRun = Awaited<ReturnType<typeof wheelWhileEditing>>

/**
 * The tall sheet (`scrollRows` × 100, a value every 1000 rows) scrolled in Cellmate and in
 * every browser peer: real wheel events, then jumps to random rows through each one's API,
 * runs interleaved as the open rows are; medians per system of each run's frame figures. A
 * run whose page did not move leaves a note and no figure. Cellmate is wheeled once more per
 * run while another user edits the sheet (the peers' pages have no one else to edit them).
 */
export async function compareScrolls(
  ctx: BenchContext,
  browser: Browser,
  system: CellmateSystem,
  pagesUrl: string | null,
): Promise<Record<string, unknown>> {
  const cfg = ctx.config.browser
  const peersUrl = cfg.allPeerRows ? pagesUrl : null
  const rows = cfg.scrollRows
  const events = cfg.scrollSteps
  const room = await system.createRoom()
  await seedTallSheet(room, rows, 100)
  const runs: Partial<Record<BrowserSystem, ScrollRun[]>> = {}
  const record = (name: BrowserSystem, measure: () => Promise<ScrollRun>) =>
    recordRun(ctx, runs, 'browser scroll', name, measure, (run) =>
      [...run.errors, ...run.notes].map((line) => `browser scroll, ${name}: ${line}`),
    )
  let reachedLastRow = true
  const cellmate = async (): Promise<ScrollRun> => {
    const run = await scrollCellmate(browser, room, rows, events)
    reachedLastRow &&= run.reachedLastRow
    return run
  }
  const editing: Partial<Record<BrowserSystem, EditingRun[]>> = {}
  for (let run = 1; run <= cfg.openRuns; run++) {
    ctx.log(`browser: scroll ${rows} rows, run ${run}`)
    await record('cellmate', cellmate)
    await recordRun(ctx, editing, 'browser scroll while another user edits', 'cellmate', () =>
      wheelWhileEditing(browser, room, events),
    )
    if (peersUrl)
      for (const peer of BROWSER_PEERS)
        await record(peer, () => scrollPeer(browser, peersUrl, peer, rows, events))
  }
  const n = rows.toLocaleString('en-US')
  if (!reachedLastRow) ctx.notes.push(`browser: row ${n} did not show after scrolling to the end`)
  const runsNote = cfg.openRuns > 1 ? `, median of ${cfg.openRuns} interleaved runs` : ''
  const ways = [
    {
      way: 'wheel',
      first: `wheel scrolling ${n} rows × 100 cols (${events} wheel events of ${WHEEL_PX} px, one per ${WHEEL_EVERY_MS} ms${runsNote})`,
      pick: (run: ScrollRun) => run.wheel,
    },
    {
      way: 'jumps',
      first: `${events} jumps to the same random rows (one a frame, each through its own API)`,
      pick: (run: ScrollRun) => run.jumps,
    },
  ]
  const stats: { name: string; unit: Unit; of: (s: FrameStats) => number }[] = [
    { name: 'frame interval p50', unit: 'ms', of: (s) => s.p50 },
    { name: 'frame interval p95', unit: 'ms', of: (s) => s.p95 },
    { name: 'longest frame', unit: 'ms', of: (s) => s.max },
    { name: 'frames later than 25 ms', unit: '%', of: (s) => s.overBudgetPct },
  ]
  for (const { way, first, pick } of ways) {
    stats.forEach(({ name, unit, of }, i) => {
      const figures = medianFigures(runs, cfg.openRuns, peersUrl !== null, (run) => {
        const frames = pick(run)
        return frames ? of(frames) : null
      })
      ctx.addRow(BROWSER_SECTION, `${name}, ${i === 0 ? first : way}`, unit, 'lower', figures)
    })
  }
  const whileEditing = `wheel scrolling while another user edits (2 cells every ${EDIT_EVERY_MS} ms, one in view)`
  const editingStats = stats.filter((s) => s.name !== 'frame interval p50')
  editingStats.forEach(({ name, unit, of }, i) => {
    const figures = medianFigures(editing, cfg.openRuns, false, (run) => of(run.wheel))
    ctx.addRow(
      BROWSER_SECTION,
      `${name}, ${i === 0 ? whileEditing : 'wheel while another user edits'}`,
      unit,
      'lower',
      figures,
    )
  })
  // The same wheel events move each system a different distance: say how far.
  const moved = Object.entries(runs)
    .filter(([, list]) => list.length > 0)
    .map(([name, list]) => {
      const top = median(list.map((run) => run.topRowAfterWheel))
      return `${SYSTEM_TITLES[name as BrowserSystem]} ${top.toLocaleString('en-US')}`
    })
  const why = runs.fortunesheet?.length
    ? ' (FortuneSheet moves about one row per wheel event, whatever its size)'
    : ''
  ctx.notes.push(
    `browser scroll: the top row after ${events} wheel events of ${WHEEL_PX} px: ${moved.join(', ')}${why}`,
  )
  return { scroll: runs, scrollWhileEditing: editing }
}
