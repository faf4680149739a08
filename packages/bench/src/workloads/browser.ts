import type { Browser } from 'playwright-core'
import { runRecalcBenchmark } from '@cellmate/formula/engine'
import { sheetTypes, setCells, type CellEdit } from '@cellmate/model'
import { CellmateSystem } from '../systems/cellmateSystem.js'
import type { BenchContext } from './benchContext.js'
import { seedCells } from './sheetSeeding.js'
import { BROWSER_SECTION, medianFigures, recordRun, type BrowserSystem } from './browserFigures.js'
import { compareScrolls } from './browserScrollRows.js'
import {
  BROWSER_PEERS,
  EDITED_A2,
  buildPeerPages,
  heapAfterGc,
  servePeerPages,
  timePeerFormulas,
  timePeerOpen,
  type FormulaFigures,
  type OpenFigures,
} from './browserPeers.js'
import {
  chromiumPath,
  gridCell as cell,
  growSheet,
  launchChromium,
  pageUrl,
  withSheet,
  type CellmateRoom,
} from './webAppPage.js'

const ENGINE_SECTION = 'Formula engine (Node, @cellmate/formula + HyperFormula)'

/** Cells per transaction when seeding formulas (each formula is ~40 bytes stored). */
const FORMULA_CHUNK = 20_000

/**
 * `B{n}: =A{n}*2+1` over inputs `A{n} = n`, and `C1: =SUM(B:B)`, written in the stored
 * (id-anchored) form the web app writes, in transactions of `FORMULA_CHUNK` cells.
 */
export async function seedFormulaSheet(room: CellmateRoom, formulas: number): Promise<void> {
  await withSheet(room, (doc) => {
    const t = sheetTypes(doc)
    growSheet(doc, formulas, 26)
    const rows = t.rows.toArray()
    const [colA, colB, colC] = t.cols.toArray() as [string, string, string]
    const first = rows[0] as string
    setCells(doc, [{ rowId: first, colId: colC, value: `=SUM({c:${colB}}:{c:${colB}})` }])
    for (let start = 0; start < formulas; start += FORMULA_CHUNK / 2) {
      const edits: CellEdit[] = []
      for (let i = start; i < Math.min(formulas, start + FORMULA_CHUNK / 2); i++) {
        const rowId = rows[i] as string
        edits.push({ rowId, colId: colA, value: String(i + 1) })
        edits.push({ rowId, colId: colB, value: `={r:${rowId},c:${colA}}*2+1` })
      }
      setCells(doc, edits)
    }
  })
}

/** Milliseconds from navigation until `address` shows `text`, and the JS heap once it does. */
async function timeOpen(
  browser: Browser,
  room: CellmateRoom,
  address: string,
  text: string,
): Promise<OpenFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    const t0 = performance.now()
    await page.goto(pageUrl(room))
    await cell(page, address).filter({ hasText: text }).waitFor({ timeout: 180_000 })
    const openMs = performance.now() - t0
    // The heap of the whole sheet, not of its first screen: wait until it is all in.
    await page.waitForFunction(
      () => performance.getEntriesByName('cellmate:sheet-ready').length > 0,
      null,
      { timeout: 180_000, polling: 100 },
    )
    // When it was all in, in the page's clock from navigation (the poll above is 100 ms coarse).
    const loadedMs = await page.evaluate(
      () => performance.getEntriesByName('cellmate:sheet-ready')[0]?.startTime ?? Number.NaN,
    )
    return { openMs, loadedMs, heapMB: await heapAfterGc(page) }
  } finally {
    await context.close()
  }
}

/**
 * Opens sheets of each size in Cellmate and in every browser peer, runs interleaved (Cellmate,
 * Univer, FortuneSheet, then again) so machine load hits them alike; medians per system.
 */
async function compareOpens(
  ctx: BenchContext,
  browser: Browser,
  system: CellmateSystem,
  pagesUrl: string | null,
): Promise<Record<string, unknown>> {
  const cfg = ctx.config.browser
  const details: Record<string, unknown> = {}
  for (const cells of cfg.openCells) {
    const room = await system.createRoom()
    await seedCells(room, cells, 'v')
    const runs: Partial<Record<BrowserSystem, OpenFigures[]>> = {}
    const record = (name: BrowserSystem, open: () => Promise<OpenFigures>) =>
      recordRun(ctx, runs, `browser open ${cells}`, name, open)
    for (let run = 1; run <= cfg.openRuns; run++) {
      ctx.log(`browser: open ${cells} cells, run ${run}`)
      await record('cellmate', () => timeOpen(browser, room, 'A1', 'v0'))
      if (pagesUrl)
        for (const peer of BROWSER_PEERS)
          await record(peer, () => timePeerOpen(browser, pagesUrl, peer, cells))
    }
    details[`open${cells}`] = runs
    const n = cells.toLocaleString('en-US')
    const figure = (pick: (f: OpenFigures) => number | null) =>
      medianFigures(runs, cfg.openRuns, pagesUrl !== null, pick)
    const runsNote = cfg.openRuns > 1 ? `, median of ${cfg.openRuns} interleaved runs` : ''
    ctx.addRow(
      BROWSER_SECTION,
      `open a ${n}-cell sheet (fresh tab, until A1 shows${runsNote})`,
      's',
      'lower',
      figure((f) => f.openMs / 1000),
    )
    ctx.addRow(
      BROWSER_SECTION,
      `open a ${n}-cell sheet until all of it is loaded (in-page clock from navigation; peers show A1 only then)`,
      's',
      'lower',
      figure((f) => (Number.isFinite(f.loadedMs) ? f.loadedMs / 1000 : null)),
    )
    ctx.addRow(
      BROWSER_SECTION,
      `JS heap after opening ${n} cells`,
      'MB',
      'lower',
      figure((f) => f.heapMB),
    )
  }
  return details
}

/**
 * The formula sheet (`seedFormulaSheet`; the peers' pages build the same cells) opened until
 * its total shows, then one edit until the new total shows, in Cellmate and every browser peer,
 * runs interleaved as `compareOpens` does; medians per system. A run that fails or times out
 * leaves a note and no figure.
 */
async function compareFormulas(
  ctx: BenchContext,
  browser: Browser,
  system: CellmateSystem,
  pagesUrl: string | null,
): Promise<Record<string, unknown>> {
  const cfg = ctx.config.browser
  const peersUrl = cfg.allPeerRows ? pagesUrl : null
  const runs: Partial<Record<BrowserSystem, FormulaFigures[]>> = {}
  const record = (name: BrowserSystem, measure: () => Promise<FormulaFigures>) =>
    recordRun(ctx, runs, 'browser formulas', name, measure, (figures) =>
      figures.editError ? [`browser edit, ${name}: ${figures.editError}`] : [],
    )
  for (let run = 1; run <= cfg.openRuns; run++) {
    ctx.log(`browser: ${cfg.formulas} formulas, run ${run}`)
    // A fresh sheet each run: the run before left A2 edited.
    const sheet = await system.createRoom()
    await seedFormulaSheet(sheet, cfg.formulas)
    await record('cellmate', async () => {
      const recalc = await measureRecalc(browser, sheet, cfg.formulas)
      if ('error' in recalc) throw new Error(recalc.error)
      return recalc
    })
    if (peersUrl)
      for (const peer of BROWSER_PEERS)
        await record(peer, () => timePeerFormulas(browser, peersUrl, peer, cfg.formulas))
  }
  const f = cfg.formulas.toLocaleString('en-US')
  const runsNote = cfg.openRuns > 1 ? ` (median of ${cfg.openRuns} interleaved runs)` : ''
  const figure = (pick: (run: FormulaFigures) => number | null) =>
    medianFigures(runs, cfg.openRuns, peersUrl !== null, pick)
  ctx.addRow(
    BROWSER_SECTION,
    `open a ${f}-formula sheet until its total shows${runsNote}`,
    's',
    'lower',
    figure((r) => r.openMs / 1000),
  )
  ctx.addRow(
    BROWSER_SECTION,
    'one edit until the dependent total shows',
    'ms',
    'lower',
    figure((r) => r.recalcMs),
  )
  ctx.addRow(
    BROWSER_SECTION,
    "the same edit in the page's clock (the key's event or the API write to the frame after)",
    'ms',
    'lower',
    figure((r) => r.recalcInPageMs),
  )
  return { recalc: runs }
}

/**
 * Edits A2 in the grid and times until C1 (`=SUM(B:B)` over every formula) shows the new
 * total: the user-visible cost of one edit on a sheet of `formulas` formulas.
 */
async function measureRecalc(
  browser: Browser,
  room: CellmateRoom,
  formulas: number,
): Promise<FormulaFigures | { error: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    // Σ (2n+1) for n = 1..N = N(N+1) + N.
    const total = formulas * (formulas + 1) + formulas
    const t0 = performance.now()
    await page.goto(pageUrl(room))
    await cell(page, 'A2').filter({ hasText: '2' }).waitFor({ timeout: 120_000 })
    const shown = cell(page, 'C1')
    const matches = (value: number) => (text: string) =>
      Number(text.replace(/[^0-9.-]/g, '')) === value
    const readC1 = async (): Promise<string> => (await shown.textContent()) ?? ''
    const deadline = Date.now() + 120_000
    while (!matches(total)(await readC1())) {
      const text = await readC1()
      // The formula text itself on screen: this build of the app does not evaluate formulas.
      if (Date.now() > deadline || text.startsWith('=')) {
        return { error: `C1 did not show ${total}, it showed "${text}"` }
      }
      await page.waitForTimeout(50)
    }
    const openMs = performance.now() - t0
    // The peers' edit: A2 from 2 to EDITED_A2 raises B2 (= A2*2+1), so the total, by twice the change.
    await cell(page, 'A2').click()
    await page.keyboard.type(String(EDITED_A2))
    const expected = total + 2 * (EDITED_A2 - 2)
    // In the page's clock as the peers' pages time it: from the Enter key's event to the
    // frame after C1 shows the new total.
    await page.evaluate((expected) => {
      const w = window as unknown as { __editStart?: number; __editShown?: number }
      window.addEventListener('keydown', (event) => (w.__editStart = event.timeStamp), {
        capture: true,
        once: true,
      })
      const tick = (): void => {
        const el = document.querySelector('[role="gridcell"][data-address="C1"]')
        if (Number((el?.textContent ?? '').replace(/[^0-9.-]/g, '')) !== expected) {
          requestAnimationFrame(tick)
          return
        }
        requestAnimationFrame(() => (w.__editShown = performance.now()))
      }
      requestAnimationFrame(tick)
    }, expected)
    const t1 = performance.now()
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      ({ expected }) => {
        const el = document.querySelector('[role="gridcell"][data-address="C1"]')
        return Number((el?.textContent ?? '').replace(/[^0-9.-]/g, '')) === expected
      },
      { expected },
      { timeout: 60_000, polling: 'raf' },
    )
    const recalcMs = performance.now() - t1
    const recalcInPageMs = await page
      .waitForFunction(
        () => {
          const w = window as unknown as { __editStart?: number; __editShown?: number }
          return w.__editStart !== undefined && w.__editShown !== undefined
            ? w.__editShown - w.__editStart
            : null
        },
        null,
        { timeout: 10_000, polling: 'raf' },
      )
      .then((handle) => handle.jsonValue())
    return { openMs, recalcMs, recalcInPageMs }
  } finally {
    await context.close()
  }
}

/**
 * Cellmate's web app in Chromium (Playwright): time to open big sheets, frame times while
 * scrolling a tall one, and the visible cost of one edit on a sheet full of formulas. Plus the
 * formula engine alone in Node, for comparison. Opening is timed against the browser peers
 * (Univer, FortuneSheet) on the same data; the sync servers have no spreadsheet UI.
 */
export async function runBrowser(ctx: BenchContext): Promise<void> {
  const cfg = ctx.config.browser
  ctx.log('formula engine (Node)')
  const engine = runRecalcBenchmark(cfg.formulas, () => performance.now())
  const f = cfg.formulas.toLocaleString('en-US')
  const only = (value: number) => ({ cellmate: { value } })
  ctx.addRow(ENGINE_SECTION, `load a ${f}-formula sheet`, 'ms', 'lower', only(engine.loadMs))
  ctx.addRow(
    ENGINE_SECTION,
    'work the load put off (formulas indexed for structural edits; the web app: while idle)',
    'ms',
    'lower',
    only(engine.catchUpMs),
  )
  ctx.addRow(ENGINE_SECTION, 'recalculate after one input edit', 'ms', 'lower', only(engine.editMs))
  ctx.addRow(
    ENGINE_SECTION,
    'insert a row above every reference',
    'ms',
    'lower',
    only(engine.insertRowMs),
  )
  ctx.addRow(ENGINE_SECTION, 'delete that row again', 'ms', 'lower', only(engine.deleteRowMs))
  ctx.details.formulaEngine = engine

  const chromium = chromiumPath()
  if ('missing' in chromium) {
    ctx.notes.push(`browser: skipped: ${chromium.missing}`)
    return
  }
  ctx.log('browser: cellmate')
  const system = await CellmateSystem.create()
  let browser: Browser | null = null
  let pages: Awaited<ReturnType<typeof servePeerPages>> | null = null
  try {
    await system.start()
    browser = await launchChromium(chromium.path)
    try {
      buildPeerPages()
      pages = await servePeerPages()
    } catch (err) {
      ctx.notes.push(`browser peers: skipped: ${(err as Error).message.split('\n')[0]}`)
    }
    const pagesUrl = pages?.url ?? null
    const details: Record<string, unknown> = await compareOpens(ctx, browser, system, pagesUrl)

    Object.assign(details, await compareScrolls(ctx, browser, system, pagesUrl))
    Object.assign(details, await compareFormulas(ctx, browser, system, pagesUrl))
    ctx.details.browser = details
  } finally {
    await pages?.close()
    await browser?.close()
    if (system.server.crash) ctx.failures.push(`browser: ${system.server.crash}`)
    await system.dispose()
  }
}
