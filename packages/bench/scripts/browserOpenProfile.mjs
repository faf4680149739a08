#!/usr/bin/env node
/**
 * Opening a big sheet in the web app, one row of the browser bench at a time, with what the
 * bench table leaves out: the main thread's long tasks, the JS heap after the sheet loaded, and
 * (with `--profile DIR`) a Chromium CPU profile of the open and its top functions by self time.
 *
 * Several builds of the web app can be compared in one run, interleaved run by run so machine
 * load hits them alike: each `--web name=DIR` gets its own server (the built server of this
 * repo, serving DIR through `WEB_DIST`, or the `main.js` of `--server name=FILE`) seeded with
 * the same sheet.
 *
 *   pnpm --filter @cellmate/bench build
 *   node packages/bench/scripts/browserOpenProfile.mjs --cells 100000,1000000 --runs 3 \
 *     --web before=/tmp/web-before --web after=apps/web/dist [--profile /tmp/prof] \
 *     [--server before=/other/apps/server/dist/main.js]
 *   node packages/bench/scripts/browserOpenProfile.mjs --formulas 100000 --runs 3 --web …
 *
 * `--formulas N` opens the bench's formula sheet instead (`seedFormulaSheet`: N formulas and
 * C1 `=SUM(B:B)` over them), and `open` ends when C1 shows the total, as the bench's row does.
 *
 * Figures per run: `open` from navigation until A1 shows its value (the bench's rule), `ready`
 * until the app marks the whole sheet loaded (`cellmate:sheet-ready`; builds without the mark
 * show "—"), long tasks (> 50 ms) from navigation until the page has been quiet for a second,
 * the heap after a forced GC, and the CPU time Chromium's processes spent from navigation until
 * then (renderer, and all processes: the GPU process rasterises): on a machine other work keeps
 * busy, CPU time moves far less than wall time between runs.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { median, webBuilds } from './profileRuns.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../dist')
const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '100000' },
    formulas: { type: 'string' },
    runs: { type: 'string', default: '1' },
    web: { type: 'string', multiple: true },
    server: { type: 'string', multiple: true },
    profile: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
})
const { CellmateSystem } = await import(path.join(dist, 'systems/cellmateSystem.js'))
const { seedCells } = await import(path.join(dist, 'workloads/sheetSeeding.js'))
const { seedFormulaSheet } = await import(path.join(dist, 'workloads/browser.js'))
const { chromiumPath, launchChromium, pageUrl, gridCell } = await import(
  path.join(dist, 'workloads/webAppPage.js')
)

const formulas = values.formulas !== undefined
const sizes = (values.formulas ?? values.cells).split(',').map(Number)
const runs = Number(values.runs)
const variants = webBuilds(values.web)
const servers = new Map(
  (values.server ?? []).map((spec) => {
    const [name, file] = spec.split('=')
    return [name, path.resolve(file)]
  }),
)
const chromium = chromiumPath()
if ('missing' in chromium) throw new Error(chromium.missing)
const log = (line) => process.stderr.write(`${line}\n`)

/** Collects long tasks and the app's performance marks from the very start of the page. */
const PAGE_PROBE = () => {
  const probe = { longTasks: [], lastLongTaskEnd: 0 }
  globalThis.__openProbe = probe
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      probe.longTasks.push({ start: e.startTime, duration: e.duration })
      probe.lastLongTaskEnd = Math.max(probe.lastLongTaskEnd, e.startTime + e.duration)
    }
  }).observe({ type: 'longtask', buffered: true })
}

function topSelfTime(profile, count) {
  const self = new Map()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const dt = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])
    const f = node.callFrame
    const file = f.url.split('/').pop() || '(native)'
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
}

/** CPU seconds Chromium's renderers and all its processes have used so far. */
async function chromiumCpu(browser) {
  const session = await browser.newBrowserCDPSession()
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo')
    const sum = (list) => list.reduce((a, p) => a + p.cpuTime, 0)
    return {
      renderer: sum(processInfo.filter((p) => p.type === 'renderer')),
      all: sum(processInfo),
    }
  } finally {
    await session.detach()
  }
}

async function openOnce(browser, variant, room, cells, run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    const page = await context.newPage()
    await page.addInitScript(PAGE_PROBE)
    // Same origin first, so the profiler attaches to the renderer the sheet opens in.
    await page.goto(`${room.url}/healthz`)
    const cdp = await context.newCDPSession(page)
    if (values.profile) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
      await cdp.send('Profiler.start')
    }
    const load = os.loadavg()[0]
    const cpu0 = await chromiumCpu(browser)
    const t0 = performance.now()
    await page.goto(pageUrl(room))
    const navStart = await page.evaluate(() => performance.timeOrigin)
    if (formulas) {
      // Σ (2n+1) for n = 1..N, as the bench's formula row waits for.
      const total = String(cells * (cells + 1) + cells)
      await page.waitForFunction(
        (total) => {
          const el = globalThis.document.querySelector('[role="gridcell"][data-address="C1"]')
          return (el?.textContent ?? '').replace(/[^0-9.-]/g, '') === total
        },
        total,
        { timeout: 180_000, polling: 'raf' },
      )
    } else {
      await gridCell(page, 'A1').filter({ hasText: 'v0' }).waitFor({ timeout: 180_000 })
    }
    const openMs = performance.now() - t0
    // Quiet: a second without a long task, and the app's ready mark (a build without the mark
    // waits out the deadline: a second of quiet alone also happens while the server encodes).
    const deadline = Date.now() + 180_000
    for (;;) {
      const quiet = await page.evaluate(() => {
        const p = globalThis.__openProbe
        const ready = performance.getEntriesByName('cellmate:sheet-ready').length > 0
        return { idle: performance.now() - p.lastLongTaskEnd > 1000, ready }
      })
      if ((quiet.idle && quiet.ready) || Date.now() > deadline) break
      await page.waitForTimeout(200)
    }
    const probe = await page.evaluate(() => {
      const ready = performance.getEntriesByName('cellmate:sheet-ready')[0]
      return {
        longTasks: globalThis.__openProbe.longTasks,
        readyAt: ready ? ready.startTime : null,
      }
    })
    const pageShift = navStart - (performance.timeOrigin + t0)
    let profileFile = null
    if (values.profile) {
      const { profile } = await cdp.send('Profiler.stop')
      fs.mkdirSync(values.profile, { recursive: true })
      profileFile = path.join(values.profile, `${variant.name}-${cells}-${run}.cpuprofile`)
      fs.writeFileSync(profileFile, JSON.stringify(profile))
      log(`  top self time (${profileFile}):`)
      for (const [name, ms] of topSelfTime(profile, Number(values.top))) {
        log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`)
      }
    }
    const cpu1 = await chromiumCpu(browser)
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = await cdp.send('Runtime.getHeapUsage')
    const tasks = probe.longTasks.map((t) => t.duration)
    return {
      variant: variant.name,
      cells,
      run,
      load,
      openMs,
      readyMs: probe.readyAt === null ? null : probe.readyAt + pageShift,
      heapMB: heap.usedSize / 2 ** 20,
      rendererCpuS: cpu1.renderer - cpu0.renderer,
      cpuS: cpu1.all - cpu0.all,
      longTasks: tasks.length,
      longTaskMaxMs: tasks.length ? Math.max(...tasks) : 0,
      longTaskTotalMs: tasks.reduce((a, b) => a + b, 0),
      profileFile,
    }
  } finally {
    await context.close()
  }
}

const systems = []
const results = []
let browser = null
try {
  for (const variant of variants) {
    process.env.WEB_DIST = variant.dir
    const system = await CellmateSystem.create(servers.get(variant.name))
    await system.start()
    systems.push(system)
    variant.rooms = new Map()
    for (const cells of sizes) {
      log(`seeding ${cells} ${formulas ? 'formulas' : 'cells'} for ${variant.name}`)
      const room = await system.createRoom()
      if (formulas) await seedFormulaSheet(room, cells)
      else await seedCells(room, cells, 'v')
      variant.rooms.set(cells, room)
    }
  }
  browser = await launchChromium(chromium.path)
  for (const cells of sizes) {
    for (let run = 1; run <= runs; run++) {
      for (const variant of variants) {
        const r = await openOnce(browser, variant, variant.rooms.get(cells), cells, run)
        results.push(r)
        log(
          `${r.variant} ${cells} #${run} (load ${r.load.toFixed(1)}): open ${r.openMs.toFixed(0)} ms, ` +
            `ready ${r.readyMs === null ? '—' : r.readyMs.toFixed(0)} ms, heap ${r.heapMB.toFixed(0)} MB, ` +
            `cpu ${r.rendererCpuS.toFixed(1)} s renderer / ${r.cpuS.toFixed(1)} s all, ` +
            `long tasks ${r.longTasks} (max ${r.longTaskMaxMs.toFixed(0)} ms, total ${r.longTaskTotalMs.toFixed(0)} ms)`,
        )
      }
    }
  }
} finally {
  await browser?.close()
  for (const system of systems) await system.dispose()
}

const fmt = (x, digits = 0) => (x === null ? '—' : x.toFixed(digits))
const lines = [
  `| ${formulas ? 'formulas' : 'cells'} | build | open (${formulas ? 'C1 shows the total' : 'A1 shows'}), s | ready, s | heap, MB | CPU renderer / all, s | long tasks | longest, ms | long-task total, ms | load avg |`,
  `|---|---|---|---|---|---|---|---|---|---|`,
]
for (const cells of sizes) {
  for (const variant of variants) {
    const rs = results.filter((r) => r.cells === cells && r.variant === variant.name)
    const m = (k) => median(rs.map((r) => r[k]))
    lines.push(
      `| ${cells.toLocaleString('en-US')} | ${variant.name} | ${fmt(m('openMs') / 1000, 2)} | ` +
        `${m('readyMs') === null ? '—' : fmt(m('readyMs') / 1000, 2)} | ${fmt(m('heapMB'))} | ` +
        `${fmt(m('rendererCpuS'), 1)} / ${fmt(m('cpuS'), 1)} | ` +
        `${fmt(m('longTasks'))} | ${fmt(m('longTaskMaxMs'))} | ${fmt(m('longTaskTotalMs'))} | ` +
        `${rs.map((r) => r.load.toFixed(1)).join(', ')} |`,
    )
  }
}
process.stdout.write(`Medians of ${runs} interleaved run(s).\n\n${lines.join('\n')}\n`)
