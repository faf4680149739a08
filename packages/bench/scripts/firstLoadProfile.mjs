#!/usr/bin/env node
/**
 * First load of an empty workbook in a fresh browser profile, split into its steps, with
 * several builds of the web app compared run by run (interleaved, so machine load hits them
 * alike). Each `--web name=DIR` gets its own built server (apps/server/dist, serving DIR
 * through `WEB_DIST`, started as the bench starts it).
 *
 *   pnpm --filter @cellmate/bench build
 *   node packages/bench/scripts/firstLoadProfile.mjs --runs 9 \
 *     --web before=/tmp/web-before --web after=apps/web/dist
 *
 * Figures per run, all in the page's clock from navigation start: the page's response end,
 * the main script's response end, DOMContentLoaded (module scripts have run), the first
 * Socket.IO request or WebSocket, A1 on screen, and the typed value showing after Enter; also
 * the bench's driven time (navigation until the typed value shows, raw input as in the bench).
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { median, webBuilds } from './profileRuns.mjs'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../dist')
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    web: { type: 'string', multiple: true },
  },
})
const runs = Number(values.runs)
const { CellmateSystem } = await import(path.join(dist, 'systems/cellmateSystem.js'))
const { pageUrl } = await import(path.join(dist, 'workloads/webAppPage.js'))
const variants = webBuilds(values.web)
const log = (line) => process.stderr.write(`${line}\n`)

/** A new workbook's editor address on `system`. */
async function createRoom(system) {
  return pageUrl(await system.createRoom())
}

/* global window, document, MutationObserver -- PAGE_PROBE runs in the page */

/** Runs in the page before its scripts: when A1 shows, when it shows 7, the socket's start. */
const PAGE_PROBE = () => {
  const seen = {}
  globalThis.__firstLoad = seen
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter' && seen.enter === undefined) seen.enter = performance.now()
    },
    true,
  )
  const Ws = window.WebSocket
  window.WebSocket = class extends Ws {
    constructor(...args) {
      super(...args)
      seen.wsCreated ??= performance.now()
      this.addEventListener('open', () => (seen.wsOpen ??= performance.now()))
    }
  }
  new MutationObserver(() => {
    const a1 = document.querySelector('[role="gridcell"][data-address="A1"]')
    if (!a1) return
    if (seen.a1 === undefined) {
      seen.a1 = performance.now()
      const box = a1.getBoundingClientRect()
      window.benchA1Shown({ x: box.x + box.width / 2, y: box.y + box.height / 2 })
    }
    if (seen.value === undefined && a1.textContent?.trim() === '7') {
      seen.value = performance.now()
      window.benchValueShown()
    }
  }).observe(document, { childList: true, subtree: true, characterData: true })
}

/** `promise`, or an error after 60 s. */
function within(promise, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within 60 s`)), 60_000)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function loadOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    // Driven as the bench drives it (`timeToEditable`): the page reports, raw input goes in.
    let reportShown = () => {}
    let reportValue = () => {}
    const shown = new Promise((resolve) => (reportShown = resolve))
    const valued = new Promise((resolve) => (reportValue = resolve))
    await page.exposeFunction('benchA1Shown', (at) => reportShown(at))
    await page.exposeFunction('benchValueShown', () => reportValue())
    await page.addInitScript(PAGE_PROBE)
    const load = os.loadavg()[0]
    const t0 = performance.now()
    await page.goto(url, { waitUntil: 'commit' })
    const at = await within(shown, 'A1 did not show')
    await page.mouse.click(at.x, at.y)
    await page.keyboard.type('7')
    await page.keyboard.press('Enter')
    await within(valued, 'the typed value did not show')
    const driven = performance.now() - t0
    const figures = await page.evaluate(() => {
      const seen = globalThis.__firstLoad
      const nav = performance.getEntriesByType('navigation')[0]
      const resources = performance.getEntriesByType('resource')
      const script = resources.find((r) => /\/assets\/index-.*\.js$/.test(r.name))
      const polling = resources.find((r) => r.name.includes('/socket.io/'))
      const marks = Object.fromEntries(
        performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
      )
      return {
        requestStart: nav.requestStart,
        pageEnd: nav.responseEnd,
        scriptEnd: script?.responseEnd,
        dcl: nav.domContentLoadedEventStart,
        socketStart: Math.min(polling?.startTime ?? Infinity, seen.wsCreated ?? Infinity),
        wsOpen: seen.wsOpen,
        a1: seen.a1,
        enterToValue: seen.value - seen.enter,
        marks,
      }
    })
    return { load, driven, ...figures }
  } finally {
    await context.close()
  }
}

const systems = []
const results = []
let browser = null
try {
  for (const variant of variants) {
    // The bench's Cellmate server, serving this build of the web app.
    process.env.WEB_DIST = variant.dir
    variant.system = await CellmateSystem.create()
    await variant.system.start()
    systems.push(variant.system)
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  // One unmeasured load per server: its JIT and first reads of the built files.
  for (const variant of variants) await loadOnce(browser, await createRoom(variant.system))
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 ? variants : [...variants].reverse()
    for (const variant of order) {
      const r = await loadOnce(browser, await createRoom(variant.system))
      r.variant = variant.name
      results.push(r)
      const marks = Object.entries(r.marks)
        .map(([k, v]) => `${k.replace('cellmate:', '')} ${v.toFixed(0)}`)
        .join(', ')
      log(
        `${variant.name} #${run} (load ${r.load.toFixed(1)}): driven ${r.driven.toFixed(0)}, ` +
          `page ${r.pageEnd.toFixed(0)}, script ${r.scriptEnd?.toFixed(0)}, dcl ${r.dcl.toFixed(0)}, ` +
          `socket ${r.socketStart.toFixed(0)}, ws open ${r.wsOpen?.toFixed(0)}, a1 ${r.a1.toFixed(0)}, ` +
          `enter->7 ${r.enterToValue.toFixed(0)}${marks ? `; ${marks}` : ''}`,
      )
    }
  }
} finally {
  await browser?.close()
  for (const system of systems) await system.dispose()
}

const fmt = (x) => (x === null ? '—' : x.toFixed(0))
const keys = [
  'driven',
  'pageEnd',
  'scriptEnd',
  'dcl',
  'socketStart',
  'wsOpen',
  'a1',
  'enterToValue',
]
const lines = [
  `| build | ${keys.join(' | ')} | load avg |`,
  `|---|${keys.map(() => '---|').join('')}---|`,
]
for (const variant of variants) {
  const rs = results.filter((r) => r.variant === variant.name)
  lines.push(
    `| ${variant.name} | ${keys.map((k) => fmt(median(rs.map((r) => r[k])))).join(' | ')} | ` +
      `${rs.map((r) => r.load.toFixed(1)).join(', ')} |`,
  )
}
process.stdout.write(`Medians of ${runs} interleaved run(s), ms.\n\n${lines.join('\n')}\n`)
