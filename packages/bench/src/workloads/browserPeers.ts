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
    return { openMs, heapMB: await heapAfterGc(page) }
  } finally {
    await context.close()
  }
}
