import type { Browser, Page } from 'playwright-core'
import { runRecalcBenchmark } from '@cellmate/formula/engine'
import { sheetTypes, setCells, type CellEdit } from '@cellmate/model'
import { CellmateSystem } from '../systems/cellmateSystem.js'
import type { BenchContext } from './benchContext.js'
import { seedCells } from './sheetSeeding.js'
import {
  BROWSER_PEERS,
  buildPeerPages,
  heapAfterGc,
  servePeerPages,
  timePeerOpen,
  type BrowserPeer,
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

const SECTION = 'Client (browser)'
const ENGINE_SECTION = 'Formula engine (Node, @cellmate/formula + HyperFormula)'

/** Cells per transaction when seeding formulas (each formula is ~40 bytes stored). */
const FORMULA_CHUNK = 20_000

interface FrameStats {
  frames: number
  p50: number
  p95: number
  max: number
  /** Share of frames that took longer than one 60 Hz frame (16.7 ms): visible jank. */
  overBudgetPct: number
}

/** Grows a sheet to `rows` x `cols` in update-sized steps and writes a value every 1000 rows. */
async function seedTallSheet(room: CellmateRoom, rows: number, cols: number): Promise<void> {
  await withSheet(room, (doc) => {
    const t = sheetTypes(doc)
    growSheet(doc, rows, cols)
    const rowIds = t.rows.toArray()
    const colA = t.cols.get(0)
    const edits: CellEdit[] = []
    for (let r = 0; r < rows; r += 1000) {
      edits.push({ rowId: rowIds[r] as string, colId: colA, value: `row ${r + 1}` })
    }
    edits.push({ rowId: rowIds[rows - 1] as string, colId: colA, value: 'the last row' })
    setCells(doc, edits)
  })
}

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
    return { openMs, heapMB: await heapAfterGc(page) }
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
): Promise<Record<string, unknown>> {
  const cfg = ctx.config.browser
  let pages: Awaited<ReturnType<typeof servePeerPages>> | null = null
  try {
    buildPeerPages()
    pages = await servePeerPages()
  } catch (err) {
    ctx.notes.push(`browser peers: skipped: ${(err as Error).message.split('\n')[0]}`)
  }
  const details: Record<string, unknown> = {}
  try {
    for (const cells of cfg.openCells) {
      const room = await system.createRoom()
      await seedCells(room, cells, 'v')
      const runs: Partial<Record<'cellmate' | BrowserPeer, OpenFigures[]>> = {}
      const record = async (name: 'cellmate' | BrowserPeer, open: () => Promise<OpenFigures>) => {
        try {
          ;(runs[name] ??= []).push(await open())
        } catch (err) {
          ctx.notes.push(`browser open ${cells}, ${name}: ${(err as Error).message.split('\n')[0]}`)
        }
      }
      for (let run = 1; run <= cfg.openRuns; run++) {
        ctx.log(`browser: open ${cells} cells, run ${run}`)
        await record('cellmate', () => timeOpen(browser, room, 'A1', 'v0'))
        const url = pages?.url
        if (url)
          for (const peer of BROWSER_PEERS)
            await record(peer, () => timePeerOpen(browser, url, peer, cells))
      }
      details[`open${cells}`] = runs
      const n = cells.toLocaleString('en-US')
      const figure = (pick: (f: OpenFigures) => number) => {
        const out: Partial<
          Record<'cellmate' | BrowserPeer, { value: number | null; note?: string }>
        > = {}
        for (const name of ['cellmate', ...(pages ? BROWSER_PEERS : [])] as const) {
          const values = (runs[name] ?? []).map(pick)
          out[name] = values.length ? { value: median(values) } : { value: null, note: 'error' }
        }
        return out
      }
      const runsNote = cfg.openRuns > 1 ? `, median of ${cfg.openRuns} interleaved runs` : ''
      ctx.addRow(
        SECTION,
        `open a ${n}-cell sheet (fresh tab, until A1 shows${runsNote})`,
        's',
        'lower',
        figure((f) => f.openMs / 1000),
      )
      ctx.addRow(
        SECTION,
        `JS heap after opening ${n} cells`,
        'MB',
        'lower',
        figure((f) => f.heapMB),
      )
    }
  } finally {
    await pages?.close()
  }
  return details
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] as number
}

/**
 * Scrolls the grid for `frames` animation frames — first steadily (a trackpad: 240 px a
 * frame), then by jumps anywhere in the sheet (dragging the scrollbar) — and returns the time
 * between frames as the page saw it.
 */
async function scrollFrames(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const grid = document.querySelector<HTMLElement>('[role="grid"]')
    if (!grid) throw new Error('no grid on the page')
    const deltas: number[] = []
    let last = performance.now()
    let rnd = 12345
    const random = (): number => {
      rnd = (rnd * 1103515245 + 12345) % 2147483648
      return rnd / 2147483648
    }
    await new Promise<void>((resolve) => {
      let i = 0
      const tick = (now: number): void => {
        if (i > 0) deltas.push(now - last)
        last = now
        if (i < count / 2) grid.scrollTop += 240
        else grid.scrollTop = random() * (grid.scrollHeight - grid.clientHeight)
        if (++i <= count) requestAnimationFrame(tick)
        else resolve()
      }
      requestAnimationFrame(tick)
    })
    return deltas
  }, frames)
}

function frameStats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b)
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    frames: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    // A frame is late when it takes noticeably more than one vsync interval.
    overBudgetPct: (100 * sorted.filter((d) => d > 16.7 * 1.5).length) / Math.max(1, sorted.length),
  }
}

async function measureScroll(
  browser: Browser,
  room: CellmateRoom,
  frames: number,
  lastRow: number,
): Promise<FrameStats & { reachedLastRow: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    await page.goto(pageUrl(room))
    await cell(page, 'A1').filter({ hasText: 'row 1' }).waitFor({ timeout: 120_000 })
    const stats = frameStats(await scrollFrames(page, frames))
    // Then the end of the sheet: Ctrl+End is not assumed; scroll there and look.
    await page.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('[role="grid"]')
      if (grid) grid.scrollTop = grid.scrollHeight
    })
    const reachedLastRow = await cell(page, `A${lastRow}`)
      .filter({ hasText: 'the last row' })
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    return { ...stats, reachedLastRow }
  } finally {
    await context.close()
  }
}

/**
 * Edits A2 in the grid and times until C1 (`=SUM(B:B)` over every formula) shows the new
 * total: the user-visible cost of one edit on a sheet of `formulas` formulas.
 */
async function measureRecalc(
  browser: Browser,
  room: CellmateRoom,
  formulas: number,
): Promise<{ openMs: number; recalcMs: number } | { error: string }> {
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
    // A2: 2 -> 1002 adds 2000 to the total.
    await cell(page, 'A2').click()
    await page.keyboard.type('1002')
    const t1 = performance.now()
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      ({ expected }) => {
        const el = document.querySelector('[role="gridcell"][data-address="C1"]')
        return Number((el?.textContent ?? '').replace(/[^0-9.-]/g, '')) === expected
      },
      { expected: total + 2000 },
      { timeout: 60_000, polling: 'raf' },
    )
    return { openMs, recalcMs: performance.now() - t1 }
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
  try {
    await system.start()
    browser = await launchChromium(chromium.path)
    const details: Record<string, unknown> = await compareOpens(ctx, browser, system)

    const tall = await system.createRoom()
    await seedTallSheet(tall, cfg.scrollRows, 100)
    const scroll = await measureScroll(browser, tall, cfg.scrollFrames, cfg.scrollRows)
    details.scroll = scroll
    const rows = cfg.scrollRows.toLocaleString('en-US')
    ctx.addRow(
      SECTION,
      `frame interval p50 scrolling ${rows} rows × 100 cols`,
      'ms',
      'lower',
      only(scroll.p50),
    )
    ctx.addRow(SECTION, 'frame interval p95 while scrolling', 'ms', 'lower', only(scroll.p95))
    ctx.addRow(SECTION, 'longest frame while scrolling', 'ms', 'lower', only(scroll.max))
    ctx.addRow(SECTION, 'frames later than 25 ms', '%', 'lower', only(scroll.overBudgetPct))
    if (!scroll.reachedLastRow)
      ctx.notes.push(`browser: row ${rows} did not show after scrolling to the end`)

    const sheet = await system.createRoom()
    await seedFormulaSheet(sheet, cfg.formulas)
    const recalc = await measureRecalc(browser, sheet, cfg.formulas)
    details.recalc = recalc
    if ('error' in recalc) {
      ctx.notes.push(`browser recalculation: ${recalc.error}`)
    } else {
      ctx.addRow(
        SECTION,
        `open a ${f}-formula sheet until its total shows`,
        's',
        'lower',
        only(recalc.openMs / 1000),
      )
      ctx.addRow(
        SECTION,
        'one edit until the dependent total shows',
        'ms',
        'lower',
        only(recalc.recalcMs),
      )
    }
    ctx.details.browser = details
  } finally {
    await browser?.close()
    if (system.server.crash) ctx.failures.push(`browser: ${system.server.crash}`)
    await system.dispose()
  }
}
