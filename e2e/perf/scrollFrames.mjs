/* global document, requestAnimationFrame -- the page.evaluate bodies run in the browser */
// Frame times while scrolling a 1,000,000 x 100 sheet, for the report (not a test: timings
// are never asserted). Usage, with a built server running (`node apps/server/dist/main.js`):
//   node e2e/perf/scrollFrames.mjs http://127.0.0.1:3000
import { chromium } from '@playwright/test'

const base = process.argv[2] ?? 'http://127.0.0.1:3000'

async function api(method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1)
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (n=${s.length})`
}

const wb = await api('POST', '/api/workbooks', undefined, { title: 'Million rows' })
// Writing row 1,000,000 and column CV grows the sheet to 1,000,000 x 100.
await api('PATCH', `/api/workbooks/${wb.id}/sheets/${wb.sheets[0].id}/cells`, wb.token, {
  cells: { A1: 'top', A1000000: 'bottom', CV1000000: 'corner' },
})
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
const opened = Date.now()
await page.goto(`${base}/w/${wb.id}#token=${wb.token}`)
await page.locator('[role="gridcell"][data-address="A1"]').waitFor({ timeout: 300_000 })
console.log(`open: ${Date.now() - opened} ms`)
const cdp = await page.context().newCDPSession(page)
await cdp.send('Performance.enable')
const metrics = async () =>
  Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
  )

const before = await metrics()
const wheel = await page.evaluate(async () => {
  const el = document.querySelector('[role="grid"]')
  el.scrollTop = (el.scrollHeight - el.clientHeight) / 2
  await new Promise((r) => requestAnimationFrame(r))
  const out = []
  let last = performance.now()
  for (let i = 0; i < 300; i++) {
    el.scrollTop += 100
    await new Promise((r) => requestAnimationFrame(r))
    const now = performance.now()
    out.push(now - last)
    last = now
  }
  return out
})
const after = await metrics()
const perFrame = (k) => (((after[k] - before[k]) * 1000) / 300).toFixed(2)
console.log(`frame interval, wheel-like scrolling (100 px per frame): ${stats(wheel)}`)
console.log(
  `main-thread CPU per frame: ${perFrame('ThreadTime')} ms (script ${perFrame('ScriptDuration')}, style ${perFrame('RecalcStyleDuration')}, layout ${perFrame('LayoutDuration')})`,
)
const fling = await page.evaluate(async () => {
  const el = document.querySelector('[role="grid"]')
  const step = (el.scrollHeight - el.clientHeight) / 300
  const out = []
  let last = performance.now()
  for (let i = 0; i < 300; i++) {
    await new Promise((r) => requestAnimationFrame(r))
    const now = performance.now()
    out.push(now - last)
    last = now
    el.scrollTop = (i + 1) * step
  }
  return out.slice(1)
})
console.log(`frame interval, top to bottom in 300 frames: ${stats(fling)}`)
console.log(`cells in the DOM: ${await page.locator('[role="gridcell"]').count()}`)
await browser.close()
