#!/usr/bin/env node
/**
 * Where a Cellmate server spends its CPU on the update path: starts the built server
 * (`apps/server/dist/main.js` of the repo this script is in, or of `--root`) under
 * `--cpu-prof`, has 20 users (`@cellmate/client`, in this process) each edit its own cell and
 * wait for the ack for `--seconds`, stops the server and sorts the profile's samples into the
 * stages of the path. Prints a Markdown table: CPU ms per stage and µs per acknowledged edit.
 *
 *   pnpm --filter @cellmate/bench build && node packages/bench/scripts/updatePathProfile.mjs
 *
 * Each sample goes to the innermost frame that is a server module or a library named below;
 * Yjs, lib0 and Node internals count toward whoever called them. The profiler samples the
 * main thread by wall clock: a call that wakes another thread or process (`postMessage` to the
 * commit thread, a socket's `writev`) is also charged the time the scheduler then gave the
 * woken one, on a machine with fewer free cores than runnable threads.
 *
 * `--timeline` (stage table meant for `--clients 1`): no profiler; the server runs with
 * `updatePathTimeline.mjs` preloaded, and the table says where each acknowledged edit's
 * wall-clock time went, stage by stage, from the client's send to the ack's receipt (medians);
 * a last line says how busy the commit thread was (useful with several clients too).
 * `--plain`: neither; only acked edits, acks and CPU, for A/B runs of two builds.
 * `--server <main.js>` profiles another build (e.g. a copy of `dist/` from before a change).
 * `--gap <ms>`: each client pauses this long after each ack (edits now and then, as the latency
 * rows make them, where threads and caches go cold between edits, instead of back to back).
 * Every mode prints the server process's CPU per acknowledged edit, all threads and the main
 * thread's (Linux `/proc`).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    root: { type: 'string', default: path.resolve(here, '../../..') },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    port: { type: 'string', default: '18311' },
    timeline: { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    server: { type: 'string' },
    gap: { type: 'string', default: '0' },
  },
})
const root = path.resolve(values.root)
const bench = path.join(root, 'packages/bench/dist')
const { CellmateClient } = await import(path.join(bench, 'clients/cellmateClient.js'))
const { RestClient } = await import(
  path.join(root, 'packages/bench/node_modules/@cellmate/client/dist/index.js')
)

const STAGES = [
  ['inspector (worker round trip)', /sync\/updateInspector|updateInspectorWorker/],
  ['validation (bounded, inline)', /sync\/(updateValidation|updateBounds)/],
  ['document check', /sync\/(sheetUpdateCheck|workbookUpdateCheck)/],
  ['store (SQLite, main thread)', /better-sqlite3|store\/sqlite/],
  ['fan-out merge', /sync\/updateFanout/],
  ['registry: apply, queue, batch', /documentRegistry|documentWrites/],
  ['handlers, zod parsing', /sync\/(syncNamespace|syncHandlers|syncRequest|joinedDocs)|zod@/],
  ['Socket.IO encode + send/receive', /socket\.io|engine\.io|\/ws@/],
  ['logging', /pino/],
]

const port = Number(values.port)
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-prof-'))
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-prof-data-'))
const timelineFile = path.join(profDir, 'timeline.jsonl')
const nodeArgs = values.plain
  ? []
  : values.timeline
    ? ['--import', path.join(here, 'updatePathTimeline.mjs')]
    : ['--cpu-prof', `--cpu-prof-dir=${profDir}`]
const server = spawn(
  process.execPath,
  [...nodeArgs, path.resolve(values.server ?? path.join(root, 'apps/server/dist/main.js'))],
  {
    env: {
      ...process.env,
      CELLMATE_TIMELINE: timelineFile,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_CREATE_PER_MIN: '0',
      RATE_LIMIT_API_PER_MIN: '0',
      MAX_SOCKETS_PER_ADDRESS: '0',
      SOCKET_RATE_PER_ADDRESS: '0',
      SOCKET_RATE_PER_SOCKET: '0',
    },
    stdio: 'inherit',
  },
)
const url = `http://127.0.0.1:${port}`
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break
  } catch {
    if (i > 200) throw new Error('the server did not start')
  }
  await new Promise((r) => setTimeout(r, 100))
}
const wb = await new RestClient(url).createWorkbook('profile')
const room = {
  system: 'cellmate',
  url,
  workbookId: wb.id,
  sheetId: wb.sheets[0].id,
  token: wb.token,
}
const n = Number(values.clients)
const gapMs = Number(values.gap)
const clients = []
for (let i = 0; i < n; i++) clients.push(await CellmateClient.open(room, 30_000))
// Warm-up: the first edits load code paths and start threads.
await Promise.all(
  clients.map(async (c, i) => {
    for (let s = 0; s < 5; s++) {
      c.setCellAt(i % 20, Math.floor(i / 20), `warm ${s}`)
      await c.acked()
    }
  }),
)
const acks = []
const sent = []
const epoch = () => performance.timeOrigin + performance.now()
const end = performance.now() + Number(values.seconds) * 1000
const cpu0 = serverCpuMs()
const threads0 = threadCpuMs()
const t0 = performance.now()
// V8 times profile samples in µs of the monotonic clock, which every process shares.
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)
const window0 = monotonicUs()
await Promise.all(
  clients.map(async (c, i) => {
    for (let s = 0; performance.now() < end; s++) {
      const t = performance.now()
      const at = epoch()
      c.setCellAt(i % 20, Math.floor(i / 20), `v${s}`)
      await c.acked()
      acks.push(performance.now() - t)
      sent.push({ at, acked: epoch() })
      if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs))
    }
  }),
)
const elapsed = (performance.now() - t0) / 1000
const window1 = monotonicUs()
// CPU of the server process, all its threads (user + system), per acknowledged edit: on a
// machine shared with other work this varies far less between runs than the timings do.
const cpuPerEdit = (serverCpuMs() - cpu0) / Math.max(1, acks.length)
const mainCpuPerEdit = (threadCpuMs().get(server.pid) - threads0.get(server.pid)) / acks.length
for (const c of clients) c.close()
server.kill('SIGINT')
await new Promise((r) => server.once('exit', r))
acks.sort((a, b) => a - b)
const summary =
  `${n} clients each waiting for its ack, ${elapsed.toFixed(1)} s: ${acks.length} acked edits ` +
  `(${Math.round(acks.length / elapsed)}/s), ack p50 ${acks[acks.length >> 1]?.toFixed(2)} ms, ` +
  `p99 ${acks[Math.floor(acks.length * 0.99)]?.toFixed(2)} ms; server CPU ` +
  `${cpuPerEdit.toFixed(3)} ms per edit (main thread ${mainCpuPerEdit.toFixed(3)}); ` +
  `load average ${os.loadavg()[0].toFixed(1)}`
if (values.plain) {
  console.log(summary)
  fs.rmSync(profDir, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
if (values.timeline) {
  printTimeline()
  process.exit(0)
}
const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8'))

const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map()
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id)
const stageOf = new Map()
function stage(id) {
  if (stageOf.has(id)) return stageOf.get(id)
  const node = byId.get(id)
  const name = node.callFrame.functionName
  let s
  if (name === '(idle)') s = 'idle'
  else if (name === '(garbage collector)') s = 'garbage collector'
  else {
    const url = node.callFrame.url
    const hit = url ? STAGES.find(([, re]) => re.test(url)) : undefined
    if (hit) s = hit[0]
    else s = parent.has(id) ? stage(parent.get(id)) : 'other'
  }
  stageOf.set(id, s)
  return s
}
const totals = new Map()
// Only the measured window (not the shutdown's compaction): samples are timed from
// profile.startTime.
let t = profile.startTime
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0
  if (t < window0 || t > window1) continue
  const s = stage(profile.samples[i])
  totals.set(s, (totals.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const edits = acks.length
const busy = [...totals].filter(([s]) => s !== 'idle').reduce((a, [, v]) => a + v, 0)
const lines = [
  `${n} clients each waiting for its ack, ${elapsed.toFixed(1)} s: ${edits} acked edits ` +
    `(${Math.round(edits / elapsed)}/s), ack p50 ${acks[Math.floor(edits / 2)]?.toFixed(2)} ms, ` +
    `server CPU ${cpuPerEdit.toFixed(3)} ms per edit (main thread ${mainCpuPerEdit.toFixed(3)}), ` +
    `p99 ${acks[Math.floor(edits * 0.99)]?.toFixed(2)} ms; server main thread busy ` +
    `${((100 * busy) / 1000 / (elapsed * 1000)).toFixed(0)} %; load average ${os.loadavg()[0].toFixed(1)}`,
  '',
  '| Stage (server main thread) | CPU ms | µs per acked edit |',
  '|---|---|---|',
  ...[...totals]
    .filter(([s]) => s !== 'idle')
    .sort((a, b) => b[1] - a[1])
    .map(([s, us]) => `| ${s} | ${(us / 1000).toFixed(0)} | ${(us / edits).toFixed(0)} |`),
  `| **total busy** | ${(busy / 1000).toFixed(0)} | ${(busy / edits).toFixed(0)} |`,
]
console.log(lines.join('\n'))
fs.rmSync(profDir, { recursive: true, force: true })
fs.rmSync(dataDir, { recursive: true, force: true })
process.exit(0)

/** Medians of each stage's wall-clock time over the measured edits (`--timeline`). */
function printTimeline() {
  const lines = fs
    .readFileSync(timelineFile, 'utf8')
    .split('\n')
    .map((l) => JSON.parse(l))
  // An update refused before its handler ran (over the socket's message budget, 100/s with
  // bursts of 300: one client in a closed loop passes it within a second, and its next edit
  // waits for the client's resend a second later) has no handler stage; its resend does.
  const records = lines.flatMap((l) => (l.update?.handler !== undefined ? [l.update] : []))
  const commits = lines.flatMap((l) => (l.commit ? [l.commit] : []))
  const measured = records.slice(-sent.length)
  const first = sent[0]?.at ?? 0
  const stages = [
    ['client send → first frame read by engine.io', (r, c) => r.in - c.at],
    ['Socket.IO decode (binary attachment) → event', (r) => r.decoded - r.in],
    ['rate limit, zod parse, document lookup', (r) => r.handler - r.decoded],
    ['bounded check + validation', (r) => r.checked - r.handler],
    ['registry write queue', (r) => r.batch - r.checked],
    ['document check (against the live document)', (r) => r.enqueued - r.batch],
    ['waiting for the commit thread', (r) => r.posted - r.enqueued],
    ['commit thread round trip (transaction; written)', (r) => r.written - r.posted],
    ['  of which: posted → the thread runs', (r) => r.commit?.started - r.posted],
    ['  of which: transaction in the thread', (r) => r.commit?.ended - r.commit?.started],
    ['  of which: the thread answers → event loop has it', (r) => r.written - r.commit?.ended],
    ['written → room flush starts (fan-out, then apply)', (r) => r.applied - r.written],
    ['written → flushed (the WAL fsync, beside the above)', (r) => r.committed - r.written],
    ['→ ack handed to Socket.IO', (r) => r.ack - Math.max(r.applied, r.committed)],
    ['ack encode + write', (r) => r.ackWritten - r.ack],
    ['ack write → client has it', (r, c) => c.acked - r.ackWritten],
  ]
  const median = (xs) => {
    const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
    return s[Math.floor(s.length / 2)] ?? NaN
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
  const rows = stages.map(([name, f]) => {
    const xs = measured.map((r, i) => f(r, sent[i]))
    return [name, median(xs), mean(xs)]
  })
  const totals = sent.map((c) => c.acked - c.at)
  const total = median(totals)
  const ownCommits = commits.filter((c) => c.posted >= first)
  const editLog = ownCommits.filter((c) => c.appends === 0)
  console.log(
    [
      `${sent.length} acked edits; ack p50 ${total.toFixed(3)} ms; server CPU ` +
        `${cpuPerEdit.toFixed(3)} ms per edit (main thread ${mainCpuPerEdit.toFixed(3)}); ` +
        `commits ${ownCommits.length} ` +
        `(${editLog.length} holding only cell edit log rows, median ` +
        `${median(editLog.map((c) => c.answered - c.posted)).toFixed(3)} ms); ` +
        `load average ${os.loadavg()[0].toFixed(1)}`,
      '',
      '| Stage (wall clock per acked edit) | median ms | mean ms |',
      '|---|---|---|',
      ...rows.map(([name, p50, avg]) => `| ${name} | ${p50.toFixed(3)} | ${avg.toFixed(3)} |`),
      `| **client send → ack** | **${total.toFixed(3)}** | **${mean(totals).toFixed(3)}** |`,
      '',
      commitThreadLine(
        ownCommits.filter((c) => c.appends > 0),
        median,
      ),
    ].join('\n'),
  )
  fs.rmSync(profDir, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
}

/**
 * How busy the commit thread was with updates' commits (`--timeline`): with several clients the
 * stage table above mixes their edits, but the commits say how much of the time the thread
 * committed, and how much it sat between an answer and the next post (the event loop's work
 * in between, or no edit waiting: clients acked by one commit make the one after the next).
 */
function commitThreadLine(commits, median) {
  if (commits.length < 2) return 'commit thread: fewer than two commits of updates'
  const span = commits.at(-1).answered - commits[0].posted
  const share = (xs) => `${((100 * xs.reduce((a, b) => a + b, 0)) / span).toFixed(0)} %`
  const gaps = commits.slice(1).map((c, i) => c.posted - commits[i].answered)
  const work = commits.map((c) => c.ended - c.started)
  const appends = commits.reduce((n, c) => n + c.appends, 0) / commits.length
  return (
    `commit thread, ${commits.length} commits of updates (${appends.toFixed(2)} updates each): ` +
    `transaction until written ${share(work)} of the time (median ${median(work).toFixed(3)} ms; ` +
    `a build from before the written answer: with its fsync), idle between that answer and the ` +
    `next post ${share(gaps)} (median gap ${median(gaps).toFixed(3)} ms), the rest fsyncs and ` +
    `thread wake-ups`
  )
}

/**
 * User + system CPU ms of each thread of the server so far, by thread id (Linux `/proc`; empty
 * elsewhere). The main thread's id is the process id; the others are V8's helpers (GC,
 * compilation), libuv's pool and the worker threads (the commit thread, update checkers).
 */
function threadCpuMs() {
  const out = new Map()
  try {
    for (const tid of fs.readdirSync(`/proc/${server.pid}/task`)) {
      const fields = fs
        .readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ')
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100)
    }
  } catch {
    // a thread ended between the listing and the read, or no /proc: what was read is kept
  }
  return out
}

/** User + system CPU ms of the server process so far (Linux `/proc`; NaN elsewhere). */
function serverCpuMs() {
  try {
    const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}
