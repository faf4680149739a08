import type { Browser, BrowserContext, Page } from 'playwright-core'
import { sheetTypes, setCells, type CellEdit } from '@cellmate/model'
import { CellmateSystem } from '../systems/cellmateSystem.js'
import { median } from '../stats/median.js'
import type { BenchContext } from './benchContext.js'
import {
  chromiumPath,
  gridCell,
  growSheet,
  launchChromium,
  pageUrl,
  withSheet,
  type CellmateRoom,
} from './webAppPage.js'

const SECTION = 'First load (browser, cold cache, Cellmate only)'
const LOAD_TIMEOUT_MS = 120_000

/** A new browser profile: empty HTTP cache, empty IndexedDB, no compiled code cached. */
function freshContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 720 } })
}

/** Kilobytes of script and style the page has downloaded so far (compressed, as sent). */
function scriptAndStyleKB(page: Page): Promise<number> {
  return page.evaluate(() => {
    let bytes = 0
    for (const entry of performance.getEntriesByType('resource')) {
      const r = entry as PerformanceResourceTiming
      if (/\.(?:js|css)(?:$|\?)/.test(new URL(r.name).pathname)) bytes += r.transferSize
    }
    return bytes / 1000
  })
}

/** What one load of an empty workbook took. */
interface EditableRun {
  /** From navigation until the typed value shows, driven from outside (the bench's clock). */
  ms: number
  /** In the page, from navigation until A1 is on screen (the sheet is in: nothing is previewed). */
  shownMs: number
  /** In the page, from the Enter key until the typed value shows. */
  enterToValueMs: number
  downloadedKB: number
}

/** Where A1 is on the page when it first shows (its centre), reported by the page itself. */
interface Point {
  x: number
  y: number
}

/**
 * Milliseconds from navigation until a value typed into A1 shows there: the editor is on
 * screen and takes input. Timed twice: from outside, and in the page, where the DOM changes
 * (what a person sees).
 *
 * Driven the way a person's input arrives: the page reports through a binding when A1 shows
 * (and where) and when the value shows, and the click and keys go in as raw input events. A
 * locator (`waitFor`, `click`) would load Playwright's selector engine into the page as it
 * starts (measured: ~110 ms of the page's main thread, while the app's scripts arrive) and add
 * its own checks and round trips to every step, time a visitor does not spend.
 */
async function timeToEditable(page: Page, room: CellmateRoom): Promise<EditableRun> {
  let reportShown: (at: Point) => void = () => {}
  let reportValue: () => void = () => {}
  const shown = new Promise<Point>((resolve) => (reportShown = resolve))
  const valued = new Promise<void>((resolve) => (reportValue = resolve))
  await page.exposeFunction('benchA1Shown', (at: Point) => reportShown(at))
  await page.exposeFunction('benchValueShown', () => reportValue())
  await page.addInitScript(() => {
    const seen: Record<string, number> = {}
    const report = window as unknown as {
      editableSeen: Record<string, number>
      benchA1Shown: (at: { x: number; y: number }) => void
      benchValueShown: () => void
    }
    report.editableSeen = seen
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && seen.enter === undefined) seen.enter = performance.now()
      },
      true,
    )
    new MutationObserver(() => {
      const a1 = document.querySelector('[role="gridcell"][data-address="A1"]')
      if (!a1) return
      if (seen.a1 === undefined) {
        seen.a1 = performance.now()
        const box = a1.getBoundingClientRect()
        report.benchA1Shown({ x: box.x + box.width / 2, y: box.y + box.height / 2 })
      }
      if (seen.value === undefined && a1.textContent?.trim() === '7') {
        seen.value = performance.now()
        report.benchValueShown()
      }
    }).observe(document, { childList: true, subtree: true, characterData: true })
  })
  const t0 = performance.now()
  await page.goto(pageUrl(room), { waitUntil: 'commit' })
  const a1 = await withTimeout(shown, 'A1 did not show')
  await page.mouse.click(a1.x, a1.y)
  await page.keyboard.type('7')
  await page.keyboard.press('Enter')
  await withTimeout(valued, 'the typed value did not show in A1')
  const ms = performance.now() - t0
  const seen = (await page.evaluate(
    () => (window as unknown as { editableSeen: Record<string, number> }).editableSeen,
  )) as Record<string, number | undefined>
  return {
    ms,
    shownMs: seen.a1 ?? NaN,
    enterToValueMs: (seen.value ?? NaN) - (seen.enter ?? NaN),
    downloadedKB: await scriptAndStyleKB(page),
  }
}

/** `promise`, or an error saying `what` after `LOAD_TIMEOUT_MS`. */
async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`first load: ${what} within ${LOAD_TIMEOUT_MS} ms`)),
      LOAD_TIMEOUT_MS,
    )
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** A row's inputs: `valueCols` numbers, `r + c` in column `c` (0-based), then their SUM. */
const inputAt = (row: number, col: number): number => row + col
const rowSum = (row: number, valueCols: number): number =>
  row * valueCols + (valueCols * (valueCols - 1)) / 2

/**
 * `rows` rows of `valueCols` numbers and one `=SUM(<the row's values>)` after them, written in
 * the stored (id-anchored) form the web app writes, in one transaction.
 */
async function seedRowSums(room: CellmateRoom, rows: number, valueCols: number): Promise<void> {
  await withSheet(room, (doc) => {
    const t = sheetTypes(doc)
    growSheet(doc, rows, valueCols + 1)
    const rowIds = t.rows.toArray()
    const colIds = t.cols.toArray()
    const first = colIds[0] as string
    const last = colIds[valueCols - 1] as string
    const sumCol = colIds[valueCols] as string
    const edits: CellEdit[] = []
    rowIds.slice(0, rows).forEach((rowId, r) => {
      for (let c = 0; c < valueCols; c++) {
        edits.push({ rowId, colId: colIds[c] as string, value: String(inputAt(r, c)) })
      }
      edits.push({
        rowId,
        colId: sumCol,
        value: `=SUM({r:${rowId},c:${first}}:{r:${rowId},c:${last}})`,
      })
    })
    setCells(doc, edits)
  })
}

/** A1 address of a 0-based row and column (columns A..Z are enough here). */
const address = (row: number, col: number): string => `${String.fromCharCode(65 + col)}${row + 1}`

/**
 * Records in the page, from the start of navigation, when each named group of cells first
 * shows the expected texts. Measured where the DOM changes, not by polling from outside: a
 * page busy right after a paint (building the formula engine) would delay the poll, not what
 * the user sees.
 */
async function watchCells(
  page: Page,
  groups: Record<string, Record<string, string>>,
): Promise<void> {
  await page.addInitScript((watched) => {
    const seen: Record<string, number> = {}
    Object.assign(window, { firstSeen: seen })
    const check = (): void => {
      for (const [name, cells] of Object.entries(watched)) {
        if (seen[name] !== undefined) continue
        const all = Object.entries(cells).every(
          ([at, text]) =>
            document
              .querySelector(`[role="gridcell"][data-address="${at}"]`)
              ?.textContent?.trim() === text,
        )
        if (all) seen[name] = performance.now()
      }
    }
    new MutationObserver(check).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
    })
  }, groups)
}

/**
 * Milliseconds from navigation until the typed values of the first rows show (the grid renders
 * them without the formula engine) and until their SUMs show the results.
 */
async function timeRowSums(
  page: Page,
  room: CellmateRoom,
  valueCols: number,
): Promise<{ valuesMs: number; sumsMs: number; downloadedKB: number }> {
  const rows = [0, 9]
  const values: Record<string, string> = {}
  const sums: Record<string, string> = {}
  for (const row of rows) {
    values[address(row, valueCols - 1)] = String(inputAt(row, valueCols - 1))
    sums[address(row, valueCols)] = String(rowSum(row, valueCols))
  }
  await watchCells(page, { values, sums })
  await page.goto(pageUrl(room), { waitUntil: 'commit' })
  const [at, text] = Object.entries(sums)[0] as [string, string]
  await gridCell(page, at)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: LOAD_TIMEOUT_MS })
  const seen = await page.waitForFunction(() => {
    const s = (window as unknown as { firstSeen: Record<string, number> }).firstSeen
    return s.values !== undefined && s.sums !== undefined ? s : null
  })
  const { values: valuesMs, sums: sumsMs } = (await seen.jsonValue()) as Record<string, number>
  return {
    valuesMs: valuesMs ?? NaN,
    sumsMs: sumsMs ?? NaN,
    downloadedKB: await scriptAndStyleKB(page),
  }
}

/**
 * What a first-time visitor waits for, in Chromium with a fresh profile each time (cold HTTP
 * cache, empty IndexedDB): an empty workbook until it takes input, and a workbook whose sheet
 * has `rows` x `valueCols` numbers and a SUM per row until values and sums show. One unmeasured
 * load first, so the server's own warm-up (JIT, first reads of the built files) is not counted.
 */
export async function runFirstLoad(ctx: BenchContext): Promise<void> {
  const { runs, rows, valueCols } = ctx.config.firstLoad
  const chromium = chromiumPath()
  if (!('path' in chromium)) {
    ctx.notes.push(`first load: skipped: ${chromium.missing}`)
    return
  }
  ctx.log('first load: cellmate')
  const system = await CellmateSystem.create()
  let browser: Browser | null = null
  const measure = async <T>(fn: (page: Page) => Promise<T>): Promise<T> => {
    if (!browser) throw new Error('no browser')
    const context = await freshContext(browser)
    try {
      return await fn(await context.newPage())
    } finally {
      await context.close()
    }
  }
  try {
    await system.start()
    browser = await launchChromium(chromium.path)
    const only = (value: number) => ({ cellmate: { value } })

    await measure(async (page) => timeToEditable(page, await system.createRoom()))
    const empty: EditableRun[] = []
    for (let i = 0; i < runs; i++) {
      const room = await system.createRoom()
      empty.push(await measure((page) => timeToEditable(page, room)))
    }
    ctx.addRow(
      SECTION,
      `empty workbook until a typed value shows, driven by raw input (median of ${runs})`,
      's',
      'lower',
      only(median(empty.map((r) => r.ms)) / 1000),
    )
    ctx.addRow(
      SECTION,
      'empty workbook: the grid on screen, in-page clock (median)',
      's',
      'lower',
      only(median(empty.map((r) => r.shownMs)) / 1000),
    )
    ctx.addRow(
      SECTION,
      'empty workbook: Enter until the typed value shows, in-page clock (median)',
      'ms',
      'lower',
      only(median(empty.map((r) => r.enterToValueMs))),
    )
    ctx.addRow(
      SECTION,
      'script + style downloaded by then',
      'kB',
      'lower',
      only(median(empty.map((r) => r.downloadedKB))),
    )

    const cells = (rows * (valueCols + 1)).toLocaleString('en-US')
    const room = await system.createRoom()
    await seedRowSums(room, rows, valueCols)
    const sums: Array<{ valuesMs: number; sumsMs: number; downloadedKB: number }> = []
    for (let i = 0; i < runs; i++)
      sums.push(await measure((page) => timeRowSums(page, room, valueCols)))
    ctx.addRow(
      SECTION,
      `${cells}-cell sheet, a SUM per row: until values show`,
      's',
      'lower',
      only(median(sums.map((r) => r.valuesMs)) / 1000),
    )
    ctx.addRow(
      SECTION,
      `${cells}-cell sheet: until the row SUMs show`,
      's',
      'lower',
      only(median(sums.map((r) => r.sumsMs)) / 1000),
    )
    ctx.addRow(
      SECTION,
      'script + style downloaded, formula engine included',
      'kB',
      'lower',
      only(median(sums.map((r) => r.downloadedKB))),
    )
    ctx.details.firstLoad = { empty, sums }
  } finally {
    await (browser as Browser | null)?.close()
    if (system.server.crash) ctx.failures.push(`first load: ${system.server.crash}`)
    await system.dispose()
  }
}
