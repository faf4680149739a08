import type { Browser, Page } from 'playwright-core'
import { sheetTypes, setCells, type CellEdit } from '@cellmate/model'
import { openCellmateSheet } from '../clients/cellmateClient.js'
import { frameStats, type FrameStats } from '../stats/frameStats.js'
import { pollUntil, sleep, withTimeout } from '../timing/deadline.js'
import type { BrowserPeer } from './browserPeers.js'
import { gridCell as cell, growSheet, pageUrl, withSheet, type CellmateRoom } from './webAppPage.js'

/** Pixels of one wheel event, as a trackpad flick or a few mouse wheel notches give. */
export const WHEEL_PX = 240

/** One wheel event every two 60 Hz frames, as a mouse wheel spun steadily sends them. */
export const WHEEL_EVERY_MS = 33

/** Grid rows (24 px high by default) one wheel event moves Cellmate's grid. */
const ROWS_PER_WHEEL_EVENT = WHEEL_PX / 24

/** Rows above and below the top row that `wheelWhileEditing`'s last edit covers. */
const BAND_ROWS = 100

/** How often the other user of `wheelWhileEditing` writes. */
export const EDIT_EVERY_MS = 100

/** A page still scrolling after this is stuck (a run takes seconds): a note, not a hang. */
const SCROLL_DEADLINE_MS = 120_000

/** One scrolling run in one system: frame intervals of the wheel events and of the jumps. */
export interface ScrollRun {
  /** Null when the page did not move under the wheel (see `errors`). */
  wheel: FrameStats | null
  /** Null when the page showed none of the rows the jumps asked for (see `errors`). */
  jumps: FrameStats | null
  /** The top row (1-based) after the wheel events, as the system itself reports it. */
  topRowAfterWheel: number
  /** Why a figure is missing. */
  errors: string[]
  /** What else the bench saw the page do. */
  notes: string[]
}

/** Grows a sheet to `rows` x `cols` in update-sized steps and writes a value every 1000 rows. */
export async function seedTallSheet(room: CellmateRoom, rows: number, cols: number): Promise<void> {
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
 * Real wheel events from Playwright over the middle of `target`, `events` of `WHEEL_PX` each,
 * one every `WHEEL_EVERY_MS` (later only when the page has not taken the one before by then),
 * while a requestAnimationFrame loop in the page records the intervals between its frames.
 */
async function wheelFrames(page: Page, target: string, events: number): Promise<number[]> {
  const box = await page.locator(target).first().boundingBox()
  if (!box) throw new Error(`${target} has no box to wheel over`)
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.evaluate(() => {
    const recorder = { intervals: [] as number[], stop: false }
    ;(window as unknown as { __scrollFrames: typeof recorder }).__scrollFrames = recorder
    let last = performance.now()
    const tick = (now: number): void => {
      recorder.intervals.push(now - last)
      last = now
      if (!recorder.stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame((now) => {
      last = now
      requestAnimationFrame(tick)
    })
  })
  const start = performance.now()
  for (let i = 0; i < events; i++) {
    const wait = start + i * WHEEL_EVERY_MS - performance.now()
    if (wait > 0) await sleep(wait)
    await page.mouse.wheel(0, WHEEL_PX)
  }
  return page.evaluate(() => {
    const recorder = (
      window as unknown as { __scrollFrames: { intervals: number[]; stop: boolean } }
    ).__scrollFrames
    recorder.stop = true
    return recorder.intervals
  })
}

/**
 * `count` jumps, one per animation frame, to fractions of the sheet from a fixed pseudo-random
 * sequence (the same in every system), each through the page's `__scrollJump`: the intervals
 * between the frames, and the fractions jumped to.
 */
async function jumpFrames(
  page: Page,
  count: number,
): Promise<{ intervals: number[]; fractions: number[] }> {
  return page.evaluate(async (jumps) => {
    const intervals: number[] = []
    const fractions: number[] = []
    let seed = 12345
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    let last = performance.now()
    await new Promise<void>((resolve) => {
      const tick = (now: number): void => {
        if (fractions.length > 0) intervals.push(now - last)
        last = now
        if (fractions.length === jumps) {
          resolve()
          return
        }
        const fraction = random()
        fractions.push(fraction)
        window.__scrollJump(fraction)
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    return { intervals, fractions }
  }, count)
}

/**
 * The page's top row once it has stopped moving: two readings in a row agree (smooth scrolling
 * may still be animating, and a grid may paint the rows of a far jump a few frames late, when
 * its hook reads 0: nothing painted there yet). 0 if it did not settle within 5 s.
 */
async function settledTopRow(page: Page): Promise<number> {
  const read = () => page.evaluate(() => window.__scrollTopRow())
  let row = await read()
  const settled = await pollUntil(
    async () => {
      const now = await read()
      const still = now === row && now > 0
      row = now
      return still
    },
    5000,
    100,
  )
  return settled ? row : 0
}

/**
 * Scrolls an open page of a `rows`-row sheet: `events` wheel events over `target`, then
 * `events` jumps; checks after each that the page really moved (its top row left row 1 under
 * the wheel; after the jumps it shows a row one of them asked for, within 1% of the sheet),
 * since frame intervals of a page that did not move mean nothing.
 */
async function scrollOpenPage(
  page: Page,
  target: string,
  rows: number,
  events: number,
): Promise<ScrollRun> {
  const errors: string[] = []
  const notes: string[] = []
  const wheelIntervals = await wheelFrames(page, target, events)
  const topRowAfterWheel = await settledTopRow(page)
  const shown = (row: number): string => (row > 0 ? `row ${row}` : 'not known (it did not settle)')
  if (topRowAfterWheel <= 1)
    errors.push(`after ${events} wheel events the top row was ${shown(topRowAfterWheel)}`)
  const jumps = await jumpFrames(page, events)
  const landed = await settledTopRow(page)
  // Within a screen of rows or 1% of the sheet: the bottom of the sheet stops a jump a screen
  // early, and Cellmate maps its scrollbar onto a tall sheet in proportion, not row by row.
  const slack = Math.max(100, rows / 100)
  const asked = jumps.fractions.map((f) => Math.min(rows, Math.floor(f * rows) + 1))
  const lastAsked = asked[asked.length - 1] ?? 1
  // The last jump whose row the page shows (-1: none, or no settled reading).
  let matched = landed > 0 ? asked.length - 1 : -1
  while (matched >= 0 && Math.abs(landed - (asked[matched] as number)) > slack) matched--
  if (matched < 0)
    errors.push(
      `after jumps to rows ${asked.slice(-3).join(', ')} the top row was ${shown(landed)}`,
    )
  else if (matched < asked.length - 1)
    // The page moved by the jumps but a later one was lost: a note, the figures stand.
    notes.push(
      `after ${events} jumps the top row was row ${landed}, where jump ${matched + 1} went; ` +
        `the last asked for row ${lastAsked}`,
    )
  return {
    wheel: topRowAfterWheel > 1 ? frameStats(wheelIntervals) : null,
    jumps: matched < 0 ? null : frameStats(jumps.intervals),
    topRowAfterWheel,
    errors,
    notes,
  }
}

/**
 * Gives Cellmate's grid the hooks the peers' pages have (`peers/tallSheet.ts`): a jump sets
 * the grid's `scrollTop` as a scrollbar drag does, and the top row is the first row the grid
 * has laid out below the column header (0: none yet).
 */
async function exposeCellmateScrolling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role="grid"]')
    if (!grid) throw new Error('no grid on the page')
    const header = grid.querySelector<HTMLElement>('[role="row"][aria-rowindex="1"]')
    window.__scrollJump = (fraction) => {
      grid.scrollTop = fraction * (grid.scrollHeight - grid.clientHeight)
    }
    window.__scrollTopRow = () => {
      const headerBottom =
        header?.getBoundingClientRect().bottom ?? grid.getBoundingClientRect().top
      let top = 0
      for (const row of Array.from(grid.querySelectorAll('[role="row"]'))) {
        // aria-rowindex counts the column header as row 1.
        const index = Number(row.getAttribute('aria-rowindex')) - 1
        const inView = row.getBoundingClientRect().bottom > headerBottom + 1
        if (index >= 1 && inView && (top === 0 || index < top)) top = index
      }
      return top
    }
  })
}

/**
 * Opens the tall sheet in Cellmate's web app, scrolls it (`scrollOpenPage`) and then to its
 * end: the run, and whether the last row showed there.
 */
export async function scrollCellmate(
  browser: Browser,
  room: CellmateRoom,
  rows: number,
  events: number,
): Promise<ScrollRun & { reachedLastRow: boolean }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    await page.goto(pageUrl(room))
    await cell(page, 'A1').filter({ hasText: 'row 1' }).waitFor({ timeout: 120_000 })
    await exposeCellmateScrolling(page)
    const run = await withTimeout(
      scrollOpenPage(page, '[role="grid"]', rows, events),
      SCROLL_DEADLINE_MS,
      'scrolling',
    )
    await page.evaluate(() => window.__scrollJump(1))
    const reachedLastRow = await cell(page, `A${rows}`)
      .filter({ hasText: 'the last row' })
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    return { ...run, reachedLastRow }
  } finally {
    await context.close()
  }
}

/**
 * Another user of the sheet, writing two cells every `EDIT_EVERY_MS` from its own connection
 * (the SDK, in this process) once `start` is called: one on a row the wheel should have
 * brought into view by then (ten rows an event, one event every `WHEEL_EVERY_MS`), one on a
 * row anywhere, rows and columns from a fixed pseudo-random sequence. `halt` stops that and
 * says how many it made; `write` sets column B of a range of rows (1-based); `close` waits until
 * the server acknowledged every edit, then disconnects.
 */
async function startEditor(room: CellmateRoom): Promise<{
  start: () => void
  halt: () => number
  write: (firstRow: number, lastRow: number, value: string) => void
  close: () => Promise<void>
}> {
  const { doc, provider, synced } = await openCellmateSheet(room, 60_000, 'the editor joining')
  const t = sheetTypes(doc)
  const rowIds = t.rows.toArray()
  // Columns B-K: column A holds the labels the runs wait for ('row 1').
  const colIds = t.cols.toArray().slice(1, 11)
  let seed = 4242
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return Math.floor((seed / 2147483648) * n)
  }
  let edits = 0
  let timer: ReturnType<typeof setInterval> | undefined
  return {
    start: () => {
      const began = performance.now()
      timer = setInterval(() => {
        const events = (performance.now() - began) / WHEEL_EVERY_MS
        const top = Math.floor(events * ROWS_PER_WHEEL_EVENT)
        const row = Math.min(rowIds.length - 1, top + 2 + random(15))
        const col = random(colIds.length)
        const value = `edit ${++edits}`
        setCells(doc, [
          { rowId: rowIds[row] as string, colId: colIds[col] as string, value },
          {
            rowId: rowIds[random(rowIds.length)] as string,
            colId: colIds[random(colIds.length)] as string,
            value: String(edits * 1.5),
          },
        ])
      }, EDIT_EVERY_MS)
    },
    halt: () => {
      clearInterval(timer)
      return edits
    },
    write: (first, last, value) => {
      const cells: CellEdit[] = []
      for (let row = first; row <= Math.min(last, rowIds.length); row++)
        cells.push({ rowId: rowIds[row - 1] as string, colId: colIds[0] as string, value })
      setCells(doc, cells)
    },
    close: async () => {
      clearInterval(timer)
      try {
        await withTimeout(synced.flushed(), 30_000, "the editor's acks")
      } finally {
        provider.destroy()
        doc.destroy()
      }
    },
  }
}

/**
 * Opens the tall sheet in Cellmate's web app and wheels it (as `scrollCellmate`) while another
 * user edits it (`startEditor`): the frame intervals and how many edits came meanwhile. Then
 * the other user writes cells on the rows the page shows, which must appear: edits that never
 * reached the grid would make the frames those of a page left alone.
 */
export async function wheelWhileEditing(
  browser: Browser,
  room: CellmateRoom,
  events: number,
): Promise<{ wheel: FrameStats; edits: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const editor = await startEditor(room)
  try {
    const page = await context.newPage()
    await page.goto(pageUrl(room))
    await cell(page, 'A1').filter({ hasText: 'row 1' }).waitFor({ timeout: 120_000 })
    await exposeCellmateScrolling(page)
    editor.start()
    const intervals = await withTimeout(
      wheelFrames(page, '[role="grid"]', events),
      SCROLL_DEADLINE_MS,
      'scrolling',
    )
    const edits = editor.halt()
    if (edits === 0) throw new Error('the other user made no edit while the page scrolled')
    const top = await settledTopRow(page)
    if (top <= 1) throw new Error(`after ${events} wheel events the top row was ${top}`)
    // Column B of a band of rows around the top row: wheel events the page had not taken yet
    // may move it a few screens further.
    const value = `seen after ${edits} edits`
    editor.write(Math.max(1, top - BAND_ROWS), top + BAND_ROWS, value)
    const seen = await page
      .locator('[role="gridcell"]')
      .filter({ hasText: value })
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    if (!seen) {
      throw new Error(
        `an edit of B${Math.max(1, top - BAND_ROWS)}:B${top + BAND_ROWS} (the top row was ${top}) did not show; the top row is now ${await settledTopRow(page)}`,
      )
    }
    return { wheel: frameStats(intervals), edits }
  } finally {
    try {
      await editor.close()
    } finally {
      await context.close()
    }
  }
}

/** Where each peer's page takes wheel events: its grid's container. */
const PEER_GRID: Record<BrowserPeer, string> = {
  univer: '#app',
  fortunesheet: '.fortune-sheet-container',
}

/**
 * Opens `peer`'s page on the same tall sheet (`?tall=ROWS&cols=100`, `peers/tallSheet.ts`)
 * and scrolls it as `scrollCellmate` does Cellmate's, jumps through the library's own API.
 */
export async function scrollPeer(
  browser: Browser,
  pagesUrl: string,
  peer: BrowserPeer,
  rows: number,
  events: number,
): Promise<ScrollRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    await page.goto(`${pagesUrl}/${peer}.html?tall=${rows}&cols=100`)
    await page.waitForFunction(() => '__peerOpenMs' in window, null, {
      timeout: 180_000,
      polling: 100,
    })
    return await withTimeout(
      scrollOpenPage(page, PEER_GRID[peer], rows, events),
      SCROLL_DEADLINE_MS,
      'scrolling',
    )
  } finally {
    await context.close()
  }
}

declare global {
  interface Window {
    /** Set by each scrolled page: the 1-based number of the top row it shows. */
    __scrollTopRow: () => number
    /** Set by each scrolled page: jumps to `fraction` (0..1) of the sheet. */
    __scrollJump: (fraction: number) => void
  }
}
