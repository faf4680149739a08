import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { BROWSER_PEER_SYSTEMS } from '../report/benchResults.js'

/** The spreadsheet UIs Cellmate's web app is timed against, one Vite page each (`peers/`). */
export const BROWSER_PEERS = BROWSER_PEER_SYSTEMS
export type BrowserPeer = (typeof BROWSER_PEERS)[number]

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const pagesDir = path.join(benchRoot, 'dist-peers')
const sourcesDir = path.join(benchRoot, 'peers')

/** Builds the peers' pages with Vite unless a build newer than their sources is there. */
export function buildPeerPages(): void {
  const newest = Math.max(
    ...fs.readdirSync(sourcesDir).map((f) => fs.statSync(path.join(sourcesDir, f)).mtimeMs),
  )
  const built = path.join(pagesDir, 'univer.html')
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > newest) return
  const vite = spawnSync(
    process.execPath,
    [
      path.join(benchRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'peers/vite.config.ts',
    ],
    { cwd: benchRoot, encoding: 'utf8' },
  )
  if (vite.status !== 0) throw new Error(`building the peer pages failed:\n${vite.stderr}`)
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

/** Serves the built pages from 127.0.0.1 on a free port (a loopback static server). */
export async function servePeerPages(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = path.join(pagesDir, path.normalize(name).replace(/^([/\\])+/, ''))
    if (!file.startsWith(pagesDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Open time and the JS heap once open, as one browser row figure pair. */
export interface OpenFigures {
  openMs: number
  /**
   * Until the whole sheet is in. A peer's page shows A1 only then (it is given all the data
   * at once): its `openMs`. Cellmate shows the first screen before the rest has arrived.
   */
  loadedMs: number
  heapMB: number
}

/** The JS heap in use after a forced garbage collection, MB. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return heap.usedSize / 2 ** 20
}

/**
 * Opens `peer`'s page on the seeded data of `cells` cells in a fresh context and times it by
 * the bench's rule: from navigation until A1's value is rendered (`markOpenWhen` in the page).
 */
export async function timePeerOpen(
  browser: Browser,
  pagesUrl: string,
  peer: BrowserPeer,
  cells: number,
): Promise<OpenFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    const t0 = performance.now()
    await page.goto(`${pagesUrl}/${peer}.html?cells=${cells}`)
    await page.waitForFunction(() => '__peerOpenMs' in window, null, {
      timeout: 180_000,
      polling: 50,
    })
    const openMs = performance.now() - t0
    // Cellmate's `loadedMs` is its page's own clock from navigation: so is this one (the
    // page's mark, not the poll above that noticed it up to 50 ms later).
    const loadedMs = await page.evaluate(
      () => (window as unknown as { __peerOpenMs: number }).__peerOpenMs,
    )
    return { openMs, loadedMs, heapMB: await heapAfterGc(page) }
  } finally {
    await context.close()
  }
}

/** A formula sheet's open and edit in a peer; `recalcMs` is null when the edit failed. */
export interface FormulaFigures {
  openMs: number
  recalcMs: number | null
  /**
   * The same edit in the page's clock: from the input (the Enter key's event, or the API
   * write) to the frame after the new total shows; no driver round trips in it.
   */
  recalcInPageMs: number | null
  /** Why there is no `recalcMs`. */
  editError?: string
}

/** The bench's edit on the formula sheet: A2 goes from 2 to this (C1's total grows by 2000). */
export const EDITED_A2 = 1002

/**
 * Types `value` into A2 of FortuneSheet's grid as a user does: a click on the cell (default
 * cells are 73 x 20 px, so A2 is 20 px below the top of the cell area), keys one by one (its
 * editor opens on the first key and drops keys that arrive before it has), and waits until the
 * editor holds the value; Enter is left to the caller, which times from it.
 */
async function typeIntoFortuneSheetA2(page: Page, value: number): Promise<void> {
  await page.locator('.fortune-cell-area').click({ position: { x: 30, y: 30 } })
  await page.locator('.fortune-name-box').filter({ hasText: /^A2$/ }).waitFor({ timeout: 10_000 })
  await page.keyboard.type(String(value), { delay: 30 })
  await page
    .locator('#luckysheet-rich-text-editor')
    .filter({ hasText: String(value) })
    .waitFor({ timeout: 10_000 })
}

/**
 * Opens `peer`'s page on the formula sheet (`?formulas=N`) and times it until C1 shows the
 * total (`markOpenWhen` in the page), then edits A2 and times until the page has painted the
 * new total. Univer's edit is its API write (`FRange.setValue`); FortuneSheet's API write does
 * not recompute dependents, so there the value is typed and the clock starts at Enter, as in
 * Cellmate's row.
 */
export async function timePeerFormulas(
  browser: Browser,
  pagesUrl: string,
  peer: BrowserPeer,
  formulas: number,
): Promise<FormulaFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    const t0 = performance.now()
    await page.goto(`${pagesUrl}/${peer}.html?formulas=${formulas}`)
    await page.waitForFunction(() => '__peerOpenMs' in window, null, {
      timeout: 180_000,
      polling: 50,
    })
    const openMs = performance.now() - t0
    try {
      let t1: number
      if (peer === 'fortunesheet') {
        await typeIntoFortuneSheetA2(page, EDITED_A2)
        await page.evaluate((value) => window.__peerEdit(value), EDITED_A2)
        t1 = performance.now()
        await page.keyboard.press('Enter')
      } else {
        t1 = performance.now()
        await page.evaluate((value) => window.__peerEdit(value), EDITED_A2)
      }
      await page.waitForFunction(() => '__peerEditMs' in window, null, {
        timeout: 60_000,
        polling: 'raf',
      })
      const recalcMs = performance.now() - t1
      const recalcInPageMs = await page.evaluate(() => {
        const w = window as unknown as { __peerEditMs: number; __peerEditStart?: number }
        return w.__peerEditStart === undefined ? null : w.__peerEditMs - w.__peerEditStart
      })
      return { openMs, recalcMs, recalcInPageMs }
    } catch (err) {
      return {
        openMs,
        recalcMs: null,
        recalcInPageMs: null,
        editError: (err as Error).message.split('\n')[0],
      }
    }
  } finally {
    await context.close()
  }
}

declare global {
  interface Window {
    /** Set by a peer page: edits A2 (or, where the bench types, only watches C1). */
    __peerEdit: (value: number) => void
  }
}
