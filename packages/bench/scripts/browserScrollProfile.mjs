#!/usr/bin/env node
/**
 * Scrolling a tall sheet in the web app, the bench's scroll row one build at a time, with what
 * the bench table leaves out: wheel scrolling and scrollbar jumps apart, and (with
 * `--profile DIR`) a Chromium trace of the scroll split into scripting, style, layout, paint
 * and raster, and a CPU profile's top functions by self time.
 *
 * Several builds of the web app are compared in one run, interleaved run by run so machine load
 * hits them alike: each `--web name=DIR` gets its own server (this repo's built server serving
 * DIR through `WEB_DIST`, started as the bench starts it) seeded with the same sheet.
 *
 *   pnpm --filter @cellmate/bench build
 *   node packages/bench/scripts/browserScrollProfile.mjs --rows 1000000 --runs 5 \
 *     --web before=/tmp/web-before --web after=apps/web/dist [--edits] [--profile /tmp/prof]
 *
 * The scroll is the one the bench's scroll rows made before they took real wheel events
 * (src/workloads/browserScroll.ts): `--frames` animation frames, the first half 240 px a frame
 * set on the grid's scrollTop, the second half jumps to random positions.
 * `--edits`: another user writes a cell every 100 ms (on the rows in view and elsewhere) while
 * the sheet scrolls. `--freeze`: the first row and column are frozen.
 * `--alloc`: V8's sampling heap profiler runs through the scroll, and the functions that
 * allocated most (young-generation garbage included: what the scavenges collect) are listed.
 */
// The scroll runs in the page (page.evaluate): these are the browser's.
/* global document, requestAnimationFrame */
import path from 'node:path'
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { median, webBuilds } from './profileRuns.mjs'
import { RestClient } from '@cellmate/client'
import { setCells, setFrozen, sheetTypes } from '@cellmate/model'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../dist')
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    frames: { type: 'string', default: '300' },
    runs: { type: 'string', default: '1' },
    web: { type: 'string', multiple: true },
    edits: { type: 'boolean', default: false },
    freeze: { type: 'boolean', default: false },
    profile: { type: 'string' },
    top: { type: 'string', default: '30' },
    settle: { type: 'string', default: '3000' },
    /** With `--profile`: a CPU profile too (it slows the scripting it samples). */
    cpu: { type: 'boolean', default: false },
    alloc: { type: 'boolean', default: false },
  },
})
const { CellmateSystem } = await import(path.join(dist, 'systems/cellmateSystem.js'))
const { chromiumPath, launchChromium, pageUrl, gridCell, withSheet } = await import(
  path.join(dist, 'workloads/webAppPage.js')
)
const rows = Number(values.rows)
const frames = Number(values.frames)
const runs = Number(values.runs)
const variants = webBuilds(values.web)
const chromium = chromiumPath()
if ('missing' in chromium) throw new Error(chromium.missing)
const log = (line) => process.stderr.write(`${line}\n`)

/**
 * The bench's tall sheet, written over REST (writing row `rows` grows the sheet, as in the
 * e2e spec): `rows` x 100, a value every 1000 rows in column A.
 */
async function seedTallSheet(room) {
  const cells = {}
  for (let r = 0; r < rows; r += 1000) cells[`A${r + 1}`] = `row ${r + 1}`
  cells[`A${rows}`] = 'the last row'
  cells[`CV${rows}`] = 'far'
  await new RestClient(room.url)
    .withToken(room.token)
    .writeCells(room.workbookId, room.sheetId, cells)
}

/**
 * Freezes the first row and column, as a user would before scrolling a long table; acknowledged
 * by the server before the page opens the sheet.
 */
function freezeFirstRowAndColumn(room) {
  return withSheet(room, (doc) => setFrozen(doc, { rows: 1, cols: 1 }))
}

/** Another user writing a cell every 100 ms until stopped: a random row, a column B-K. */
async function startEditor(room) {
  const { openCellmateSheet } = await import(path.join(dist, 'clients/cellmateClient.js'))
  const { doc, provider } = await openCellmateSheet(room, 60_000, 'the editor joining')
  const t = sheetTypes(doc)
  // Columns B-K: column A holds the labels the next run waits for ('row 1').
  const cols = t.cols.toArray().slice(1, 11)
  let n = 0
  const timer = setInterval(() => {
    const rowIds = t.rows
    const r = Math.floor(Math.random() * rowIds.length)
    setCells(doc, [
      { rowId: rowIds.get(r), colId: cols[n % cols.length], value: `edit ${n}` },
      // And one near the top, where the scroll starts.
      { rowId: rowIds.get(n % 40), colId: cols[(n * 3) % cols.length], value: String(n * 1.5) },
    ])
    n++
  }, 100)
  return () => {
    clearInterval(timer)
    provider.destroy()
    doc.destroy()
  }
}

/** The bench's scroll: wheel-like steps, then jumps; frame intervals of each half. */
function scrollFrames(count) {
  return new Promise((resolve, reject) => {
    const grid = document.querySelector('[role="grid"]')
    if (!grid) return reject(new Error('no grid on the page'))
    const deltas = []
    let last = performance.now()
    let rnd = 12345
    const random = () => {
      rnd = (rnd * 1103515245 + 12345) % 2147483648
      return rnd / 2147483648
    }
    let i = 0
    const tick = (now) => {
      if (i > 0) deltas.push(now - last)
      last = now
      if (i < count / 2) grid.scrollTop += 240
      else grid.scrollTop = random() * (grid.scrollHeight - grid.clientHeight)
      if (++i <= count) requestAnimationFrame(tick)
      else resolve(deltas)
    }
    requestAnimationFrame(tick)
  })
}

function frameStats(deltas) {
  const sorted = [...deltas].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    late: (100 * sorted.filter((d) => d > 16.7 * 1.5).length) / Math.max(1, sorted.length),
  }
}

function topSelfTime(profile, count) {
  const self = new Map()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const dt = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame
    const file = f.url.split('/').pop() || '(native)'
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
}

/** Trace events by kind of work; main-thread self times, raster on any thread. */
const KINDS = {
  scripting: [
    'FunctionCall',
    'EvaluateScript',
    'FireAnimationFrame',
    'TimerFire',
    'EventDispatch',
    'RunMicrotasks',
    'v8.run',
    'V8.GCScavenger',
    'MinorGC',
    'MajorGC',
    'V8.GC_MC_BACKGROUND_MARKING',
    'v8.callFunction',
    'FireIdleCallback',
    'XHRReadyStateChange',
    'ParseHTML',
    'V8.Execute',
    'HandlePostMessage',
    'EventTiming',
  ],
  paint: [
    'PrePaint',
    'Paint',
    'Layerize',
    'UpdateLayer',
    'CompositeLayers',
    'Commit',
    'PaintImage',
    'ScrollLayer',
  ],
  style: [
    'UpdateLayoutTree',
    'RecalculateStyles',
    'ParseAuthorStyleSheet',
    'InvalidateLayout',
    'ScheduleStyleRecalculation',
  ],
  layout: ['Layout', 'UpdateLayerTree'],
  raster: ['RasterTask', 'ImageDecodeTask', 'GPUTask'],
}
const KIND_OF = new Map(Object.entries(KINDS).flatMap(([k, names]) => names.map((n) => [n, k])))

/**
 * Main-thread CPU time (trace events' thread time, so time the thread waited for a core does
 * not count) by kind of work, self time of nested events; raster on the raster threads.
 */
function summarizeTrace(events) {
  const threads = new Map()
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name)
  }
  const mainTids = new Set([...threads].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k))
  const byKind = { scripting: 0, style: 0, layout: 0, paint: 0, other: 0, raster: 0 }
  const byName = new Map()
  const perThread = new Map()
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue
    const key = `${e.pid}:${e.tid}`
    if (e.name === 'RasterTask') {
      byKind.raster += (e.tdur ?? e.dur) / 1000
      continue
    }
    if (!mainTids.has(key) || e.tdur === undefined) continue
    let list = perThread.get(key)
    if (!list) perThread.set(key, (list = []))
    list.push(e)
  }
  for (const list of perThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    const stack = []
    const self = new Map()
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) {
        stack.pop()
      }
      const parent = stack[stack.length - 1]
      if (parent) self.set(parent, (self.get(parent) ?? parent.tdur) - e.tdur)
      self.set(e, self.get(e) ?? e.tdur)
      stack.push(e)
    }
    for (const [e, us] of self) {
      const ms = Math.max(0, us) / 1000
      const kind = KIND_OF.get(e.name) ?? 'other'
      byKind[kind] += ms
      byName.set(e.name, (byName.get(e.name) ?? 0) + ms)
    }
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)
  return { byKind, top }
}

/** CPU seconds Chromium's renderers and all its processes have used so far. */
/** Bytes allocated per function (self) in a sampling heap profile, the largest first. */
function topAllocations(profile, count) {
  const bytes = new Map()
  let total = 0
  const walk = (node) => {
    const f = node.callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() || '(native)'}:${f.lineNumber + 1}`
    if (node.selfSize > 0) bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize)
    total += node.selfSize
    for (const child of node.children) walk(child)
  }
  walk(profile.head)
  return { total, rows: [...bytes.entries()].sort((a, b) => b[1] - a[1]).slice(0, count) }
}

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

async function scrollOnce(browser, variant, run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  let stopEditor = null
  try {
    const page = await context.newPage()
    await page.goto(pageUrl(variant.room))
    await gridCell(page, 'A1').filter({ hasText: 'row 1' }).waitFor({ timeout: 180_000 })
    await page.waitForFunction(
      () => performance.getEntriesByName('cellmate:sheet-ready').length > 0,
      null,
      { timeout: 180_000, polling: 200 },
    )
    // The first join's IndexedDB writes and the load's garbage are done with.
    await page.waitForTimeout(Number(values.settle))
    if (values.edits) stopEditor = await startEditor(variant.room)
    const cdp = await context.newCDPSession(page)
    const profiling = Boolean(values.profile)
    let traceDone = null
    const traceEvents = []
    if (profiling) {
      cdp.on('Tracing.dataCollected', (d) => traceEvents.push(...d.value))
      traceDone = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
      await cdp.send('Tracing.start', {
        categories: [
          '-*',
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-devtools.timeline.frame',
          'v8.execute',
          'toplevel',
        ].join(','),
        transferMode: 'ReportEvents',
      })
      if (values.cpu) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
        await cdp.send('Profiler.start')
      }
    }
    if (values.alloc) {
      await cdp.send('HeapProfiler.enable')
      await cdp.send('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      })
    }
    const load = os.loadavg()[0]
    const cpu0 = await chromiumCpu(browser)
    const t0 = performance.now()
    const deltas = await page.evaluate(scrollFrames, frames)
    if (values.alloc) {
      const { profile } = await cdp.send('HeapProfiler.stopSampling')
      const top = topAllocations(profile, Number(values.top))
      const total = top.total / 2 ** 20
      log(
        `  ${variant.name} #${run} allocated ${total.toFixed(1)} MB sampled (${(top.total / frames / 1024).toFixed(0)} KB a frame); by function:`,
      )
      for (const [name, bytes] of top.rows)
        log(`    ${(bytes / 1024).toFixed(0).padStart(8)} KB  ${name}`)
    }
    const seconds = (performance.now() - t0) / 1000
    const cpu1 = await chromiumCpu(browser)
    const half = Math.floor(deltas.length / 2)
    const result = {
      variant: variant.name,
      run,
      load,
      all: frameStats(deltas),
      wheel: frameStats(deltas.slice(0, half)),
      jump: frameStats(deltas.slice(half)),
      // CPU per frame moves far less than wall time with other work on the machine.
      rendererMsPerFrame: ((cpu1.renderer - cpu0.renderer) * 1000) / frames,
      allMsPerFrame: ((cpu1.all - cpu0.all) * 1000) / frames,
      dom: await page.evaluate(() => document.querySelectorAll('[role="gridcell"]').length),
    }
    if (profiling) {
      const profile = values.cpu ? (await cdp.send('Profiler.stop')).profile : null
      await cdp.send('Tracing.end')
      await traceDone
      fs.mkdirSync(values.profile, { recursive: true })
      const base = path.join(values.profile, `${variant.name}-${run}`)
      fs.writeFileSync(`${base}.trace.json`, JSON.stringify({ traceEvents }))
      const { byKind, top } = summarizeTrace(traceEvents)
      result.byKind = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v / frames]))
      log(
        `  ${variant.name} #${run} CPU per frame over ${seconds.toFixed(1)} s (ms): ` +
          Object.entries(result.byKind)
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(', '),
      )
      log(`  trace events by self time: ${top.map(([n, v]) => `${n} ${v.toFixed(0)}`).join(', ')}`)
      if (profile) {
        fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile))
        log(`  top self time (${base}.cpuprofile):`)
        for (const [name, ms] of topSelfTime(profile, Number(values.top))) {
          log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`)
        }
      }
    }
    return result
  } finally {
    stopEditor?.()
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
    const system = await CellmateSystem.create()
    await system.start()
    systems.push(system)
    variant.room = await system.createRoom()
    log(`seeding ${rows} rows for ${variant.name}`)
    await seedTallSheet(variant.room)
    if (values.freeze) await freezeFirstRowAndColumn(variant.room)
  }
  browser = await launchChromium(chromium.path)
  for (let run = 1; run <= runs; run++) {
    for (const variant of variants) {
      const r = await scrollOnce(browser, variant, run)
      results.push(r)
      const f = (s) =>
        `p50 ${s.p50.toFixed(1)} p95 ${s.p95.toFixed(1)} max ${s.max.toFixed(0)} late ${s.late.toFixed(1)}%`
      log(
        `${r.variant} #${run} (load ${r.load.toFixed(1)}): all ${f(r.all)} | wheel ${f(r.wheel)} | jump ${f(r.jump)} | CPU/frame renderer ${r.rendererMsPerFrame.toFixed(1)} all ${r.allMsPerFrame.toFixed(1)} ms | ${r.dom} cells in DOM`,
      )
    }
  }
} finally {
  await browser?.close()
  for (const system of systems) await system.dispose()
}

const kindLines = [
  '| build | scripting | style | layout | paint, layers, commit | other | raster (other threads) |',
  '|---|---|---|---|---|---|---|',
]
const lines = [
  '| build | all p50 / p95 / max, ms | late % | wheel p95 / max | wheel late % | jump p95 / max | jump late % | CPU per frame renderer / all, ms | load avg |',
  '|---|---|---|---|---|---|---|---|---|',
]
for (const variant of variants) {
  const rs = results.filter((r) => r.variant === variant.name)
  const m = (part, k) => median(rs.map((r) => r[part][k])).toFixed(1)
  if (rs[0]?.byKind) {
    const k = (name) => median(rs.map((r) => r.byKind[name])).toFixed(1)
    kindLines.push(
      `| ${variant.name} | ${k('scripting')} | ${k('style')} | ${k('layout')} | ${k('paint')} | ${k('other')} | ${k('raster')} |`,
    )
  }
  lines.push(
    `| ${variant.name} | ${m('all', 'p50')} / ${m('all', 'p95')} / ${m('all', 'max')} | ${m('all', 'late')} | ` +
      `${m('wheel', 'p95')} / ${m('wheel', 'max')} | ${m('wheel', 'late')} | ` +
      `${m('jump', 'p95')} / ${m('jump', 'max')} | ${m('jump', 'late')} | ` +
      `${median(rs.map((r) => r.rendererMsPerFrame)).toFixed(1)} / ${median(rs.map((r) => r.allMsPerFrame)).toFixed(1)} | ` +
      `${rs.map((r) => r.load.toFixed(1)).join(', ')} |`,
  )
}
const traced =
  kindLines.length > 2
    ? `\n\nMain-thread CPU per frame (trace thread time), ms:\n\n${kindLines.join('\n')}`
    : ''
process.stdout.write(
  `Medians of ${runs} interleaved run(s), ${rows.toLocaleString('en-US')} rows × 100 columns${values.freeze ? ', first row and column frozen' : ''}${values.edits ? ', another user editing' : ''}.\n\n${lines.join('\n')}${traced}\n`,
)
