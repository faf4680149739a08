#!/usr/bin/env node
/**
 * Where an edit's propagation time goes (the latency rows' "edit → every other client"):
 * starts the built Cellmate server (`apps/server/dist/main.js`, or `--server`) with
 * `propagationMarks.mjs` preloaded, and y-websocket, opens `--clients` light clients of each in
 * this process (the bench's own, `dist/clients/*LightClient.js`), has one client after another
 * make a timed edit every `--gap` ms (as the latency rows do at 10 edits/s), and prints:
 *   - per system, the receipt times (send → first receiver, send → every receiver; p50/p99),
 *     and the client's own part (the edit's call → its WebSocket `send`);
 *   - for Cellmate, the medians of the server's stages, from its first frame of the edit to the
 *     ack, and the two ends around them (client send → server's first frame, server's flush →
 *     first receipt).
 * Runs alternate between the systems (`--runs`), so a machine's changing speed hits both.
 *
 *   pnpm --filter @cellmate/bench build && node packages/bench/scripts/propagationTimeline.mjs
 *
 * `EXTRA_IMPORT=<module>` preloads one more module into the Cellmate server (a profiler, say).
 *
 * Timestamps are epoch ms with µs precision (`performance.timeOrigin + performance.now()`),
 * comparable across the processes of one machine.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10' },
    edits: { type: 'string', default: '150' },
    gap: { type: 'string', default: '100' },
    runs: { type: 'string', default: '2' },
    server: { type: 'string' },
    slowest: { type: 'string', default: '0' },
  },
})
const bench = path.resolve(here, '../dist')
const main = path.resolve(values.server ?? path.resolve(here, '../../../apps/server/dist/main.js'))
const { CellmateSystem } = await import(path.join(bench, 'systems/cellmateSystem.js'))
const { YWebsocketSystem } = await import(path.join(bench, 'systems/yWebsocketSystem.js'))
const { CellmateLightClient } = await import(path.join(bench, 'clients/cellmateLightClient.js'))
const { YWebsocketLightClient } = await import(path.join(bench, 'clients/yWebsocketLightClient.js'))
const { formatTimedValue } = await import(path.join(bench, 'clients/timedValue.js'))
const { median } = await import(path.join(bench, 'stats/median.js'))

const N = Number(values.clients)
const EDITS = Number(values.edits)
const GAP = Number(values.gap)
/** The first edits load code and start threads; they are not counted. */
const WARM_UP = 30
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const pct = (a, q) => [...a].sort((x, y) => x - y)[Math.floor(a.length * q)]
const ms = (x) => (Number.isFinite(x) ? x.toFixed(3) : '—')

// Every WebSocket `send` of this process (the ws copies of the bench and of engine.io-client):
// the client's own part of an edit ends there.
const require = createRequire(path.join(bench, 'cli.js'))
const engineClient = createRequire(require.resolve('socket.io-client')).resolve('engine.io-client')
const wsSends = []
for (const from of new Set([createRequire(engineClient).resolve('ws'), require.resolve('ws')])) {
  const { WebSocket } = createRequire(from)('ws')
  const send = WebSocket.prototype.send
  if (send.__timed) continue
  WebSocket.prototype.send = function (...args) {
    wsSends.push(now())
    return send.apply(this, args)
  }
  WebSocket.prototype.send.__timed = true
}

/** The Cellmate server's marks of each edit, in order, `null` for y-websocket. */
async function run(kind) {
  const marks = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-prop-')), 'marks.json')
  const options = process.env.NODE_OPTIONS ?? ''
  if (kind === 'cellmate') {
    process.env.NODE_OPTIONS = `${options} --import ${path.join(here, 'propagationMarks.mjs')}${process.env.EXTRA_IMPORT ? ' --import ' + process.env.EXTRA_IMPORT : ''}`
    process.env.CELLMATE_MARKS = marks
  }
  const system =
    kind === 'cellmate' ? await CellmateSystem.create(main) : await YWebsocketSystem.create()
  await system.start()
  process.env.NODE_OPTIONS = options
  const room = await system.createRoom()
  const Client = kind === 'cellmate' ? CellmateLightClient : YWebsocketLightClient
  const clients = []
  for (let i = 0; i < N; i++) clients.push(await Client.open(room, 30_000))
  const receipts = new Map()
  for (const c of clients) {
    c.onTimedValue((v) => {
      const list = receipts.get(v.step) ?? []
      list.push(now())
      receipts.set(v.step, list)
    })
  }
  const sent = []
  for (let s = 0; s < EDITS; s++) {
    const writer = s % N
    wsSends.length = 0
    const at = now()
    clients[writer].setCellAt(
      writer % 20,
      Math.floor(writer / 20),
      formatTimedValue(`e${s}`, at, writer, s),
    )
    sent.push({ step: `e${s}`, at, wsSend: wsSends[0] })
    await sleep(GAP)
  }
  await sleep(500)
  for (const c of clients) c.close()
  await system.dispose()
  const measured = sent.slice(WARM_UP).map((e) => {
    const got = (receipts.get(e.step) ?? []).map((t) => t - e.at)
    return { ...e, first: Math.min(...got), all: got }
  })
  const out = {
    first: measured.map((e) => e.first),
    all: measured.flatMap((e) => e.all),
    client: measured.map((e) => e.wsSend - e.at),
    stages: null,
  }
  if (kind === 'cellmate')
    out.stages = serverStages(JSON.parse(fs.readFileSync(marks, 'utf8')), measured)
  fs.rmSync(path.dirname(marks), { recursive: true, force: true })
  return out
}

const STAGES = [
  ['frame', 'Socket.IO decode → event', 'event'],
  ['event', 'handler: rate limit, parse, lookup, validation, queue', 'batch'],
  ['batch', 'document check', 'append'],
  ['append', 'group commit posted to the commit thread (or written inline)', 'posted'],
  ['posted', 'commit thread: wake, transaction, answer (or the inline transaction)', 'written'],
  ['written', '→ room flush starts', 'flush'],
  ['flush', 'room flush: encode, write to every socket', 'flushed'],
  ['flushed', '→ flush done (fsync)', 'durable'],
  ['durable', '→ ack handed to Socket.IO', 'ack'],
]

function serverStages(records, measured) {
  const rows = new Map(STAGES.map(([, label]) => [label, []]))
  const before = []
  const after = []
  const slow = []
  for (const e of measured) {
    const r = records.find((x) => x.frame >= e.at && x.frame < e.at + GAP / 2)
    if (!r?.ack) continue
    const last = Math.max(...e.all)
    slow.push({
      last,
      stages: STAGES.map(([from, , to]) => (r[to] ?? NaN) - (r[from] ?? NaN)),
      before: r.frame - e.at,
    })
    before.push(r.frame - e.at)
    if (r.flush !== undefined) after.push(e.first - (r.flush - e.at))
    for (const [from, label, to] of STAGES) {
      if (r[from] !== undefined && r[to] !== undefined) rows.get(label).push(r[to] - r[from])
    }
  }
  slow.sort((a, b) => b.last - a.last)
  return { rows, before, after, slow: slow.slice(0, Number(values.slowest)) }
}

const results = { cellmate: [], 'y-websocket': [] }
for (let i = 0; i < Number(values.runs); i++) {
  for (const kind of ['cellmate', 'y-websocket']) results[kind].push(await run(kind))
}

const lines = [
  `${N} clients in this process, one timed edit every ${GAP} ms (${EDITS - WARM_UP} counted per run, ${values.runs} runs per system, alternating); load average ${os.loadavg()[0].toFixed(1)}`,
  '',
  '| | Cellmate | y-websocket |',
  '|---|---|---|',
]
const both = (f) => ['cellmate', 'y-websocket'].map((k) => f(results[k]))
const flat = (runs, key) => runs.flatMap((r) => r[key])
lines.push(
  `| send → first receiver, p50 (ms) | ${both((r) => ms(median(flat(r, 'first')))).join(' | ')} |`,
)
lines.push(
  `| send → every receiver, p50 (ms) | ${both((r) => ms(median(flat(r, 'all')))).join(' | ')} |`,
)
lines.push(
  `| send → every receiver, p99 (ms) | ${both((r) => ms(pct(flat(r, 'all'), 0.99))).join(' | ')} |`,
)
lines.push(
  `| client: edit → its WebSocket send, p50 (ms) | ${both((r) => ms(median(flat(r, 'client')))).join(' | ')} |`,
)
const stages = results.cellmate.map((r) => r.stages)
const joined = (pick) => stages.flatMap(pick)
lines.push('', '| Cellmate, stage (median ms) | |', '|---|---|')
lines.push(
  `| client send → server reads the first frame | ${ms(median(joined((s) => s.before)))} |`,
)
for (const [, label] of STAGES)
  lines.push(`| ${label} | ${ms(median(joined((s) => s.rows.get(label))))} |`)
lines.push(`| room flush starts → first receiver has it | ${ms(median(joined((s) => s.after)))} |`)
for (const [run, r] of results.cellmate.entries()) {
  for (const e of r.stages.slow) {
    lines.push(
      `slow edit (run ${run + 1}): last receipt ${ms(e.last)}; client → frame ${ms(e.before)}; ` +
        STAGES.map(([, label], i) => `${label.split(':')[0]} ${ms(e.stages[i])}`).join('; '),
    )
  }
}
console.log(lines.join('\n'))
process.exit(0)
