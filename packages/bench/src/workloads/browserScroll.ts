import type { Browser, Page } from 'playwright-core'
import { sheetTypes, setCells, type CellEdit } from '@cellmate/model'
import { gridCell as cell, growSheet, pageUrl, withSheet, type CellmateRoom } from './webAppPage.js'

interface FrameStats {
  frames: number
  p50: number
  p95: number
  max: number
  /** Share of frames that took longer than one 60 Hz frame (16.7 ms): visible jank. */
  overBudgetPct: number
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

/**
 * Opens the tall sheet, scrolls it (`scrollFrames`) and then to its end: frame times, and
 * whether the last row showed.
 */
export async function measureScroll(
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
