/**
 * Cross-node figures: propagation latency (an edit made through node A, seen by a client of
 * node B) and throughput (acknowledged edits per second with writers on both nodes), next to
 * the same probe on one node. Starts its own Postgres cluster, Redis and two server processes
 * (the built `dist/main.js`), like `test/multiNode.test.ts`.
 *
 *   pnpm --filter @cellmate/server build
 *   pnpm --filter @cellmate/server exec tsx scripts/twoNodePropagation.ts [--edits 500] [--seconds 5]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { SheetLayout, setCell, sheetDocName, sheetTypes } from '@cellmate/model'
import { RestClient, SyncProvider } from '@cellmate/client'
import { LocalPostgres, LocalRedis, freeLoopbackPort } from '../src/testing/index.js'

const { values: args } = parseArgs({
  options: {
    edits: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '5' },
    writers: { type: 'string', default: '4' },
  },
})
const EDITS = Number(args.edits)
const SECONDS = Number(args.seconds)
const WRITERS_PER_NODE = Number(args.writers)
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))

interface Node {
  url: string
  child: ChildProcess
}

async function startNode(env: NodeJS.ProcessEnv): Promise<Node> {
  const port = await freeLoopbackPort()
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      IDLE_UNLOAD_MS: '600000',
      RATE_LIMIT_CREATE_PER_MIN: '0',
      RATE_LIMIT_API_PER_MIN: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 20_000; ;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null) return
  const exited = new Promise((r) => node.child.once('exit', r))
  node.child.kill('SIGTERM')
  await exited
}

interface Client {
  provider: SyncProvider
  doc: Y.Doc
  layout: SheetLayout
  flushed(): Promise<void>
}

async function openClient(url: string, wb: { id: string; token: string }, sheetId: string) {
  const provider = new SyncProvider({
    url,
    workbookId: wb.id,
    token: wb.token,
    transports: ['websocket'],
  })
  const doc = new Y.Doc()
  const synced = provider.open(sheetDocName(wb.id, sheetId), doc)
  await synced.whenSynced()
  return {
    provider,
    doc,
    layout: new SheetLayout(doc),
    flushed: () => synced.flushed(),
  } satisfies Client
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** Latency from `setCell` on the writer to the value appearing on the reader, one edit at a time. */
async function propagation(writer: Client, reader: Client): Promise<number[]> {
  const cells = sheetTypes(reader.doc).cells
  const samples: number[] = []
  for (let i = 0; i < EDITS; i++) {
    const value = `p${i}`
    const seen = new Promise<number>((resolve) => {
      const stop = cells.observe(() => {
        if (reader.layout.cellAt(i % 1000, 0) === value) {
          stop()
          resolve(performance.now())
        }
      })
    })
    const t0 = performance.now()
    setCell(writer.doc, writer.layout.rowId(i % 1000)!, writer.layout.colId(0)!, value)
    samples.push((await seen) - t0)
    // A human pace between edits keeps this a latency figure, not a queueing one.
    await new Promise((r) => setTimeout(r, 5))
  }
  return samples.sort((a, b) => a - b)
}

/** Closed-loop writers (edit, wait for the ack, repeat) on the given nodes; acked edits/s. */
async function throughput(writers: Client[]): Promise<number> {
  let acked = 0
  const until = performance.now() + SECONDS * 1000
  await Promise.all(
    writers.map(async (w, wi) => {
      for (let n = 0; performance.now() < until; n++) {
        setCell(w.doc, w.layout.rowId(n % 1000)!, w.layout.colId(1 + wi)!, `w${wi}-${n}`)
        await w.flushed()
        acked++
      }
    }),
  )
  return acked / SECONDS
}

function row(name: string, samples: number[], rate: number): string {
  const f = (x: number): string => x.toFixed(2).padStart(7)
  return `| ${name.padEnd(28)} | ${f(percentile(samples, 50))} | ${f(percentile(samples, 99))} | ${rate.toFixed(0).padStart(8)} |`
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-2node-'))
  const [postgres, redis] = await Promise.all([LocalPostgres.start(), LocalRedis.start()])
  const nodes: Node[] = []
  const clients: Client[] = []
  try {
    const databaseUrl = await postgres.createDatabase('cellmate')
    const cluster = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, DATA_DIR: tmp }
    const [a, b] = await Promise.all([startNode(cluster), startNode(cluster)])
    const single = await startNode({ DATA_DIR: path.join(tmp, 'single') })
    nodes.push(a, b, single)

    const open = async (creator: string, urls: string[]): Promise<Client[]> => {
      const wb = await new RestClient(creator).createWorkbook('probe')
      const sheetId = wb.sheets[0]!.id
      const opened = await Promise.all(urls.map((u) => openClient(u, wb, sheetId)))
      clients.push(...opened)
      return opened
    }
    const lines: string[] = []
    {
      const [w, r] = await open(single.url, [single.url, single.url])
      const lat = await propagation(w!, r!)
      const writers = await open(single.url, Array(2 * WRITERS_PER_NODE).fill(single.url))
      lines.push(row('one node, SQLite', lat, await throughput(writers)))
    }
    {
      const [w, r] = await open(a.url, [a.url, a.url])
      const lat = await propagation(w!, r!)
      const writers = await open(a.url, Array(2 * WRITERS_PER_NODE).fill(a.url))
      lines.push(row('one node of two, Postgres', lat, await throughput(writers)))
    }
    {
      const [w, r] = await open(a.url, [a.url, b.url])
      const lat = await propagation(w!, r!)
      const urls = [...Array(WRITERS_PER_NODE).fill(a.url), ...Array(WRITERS_PER_NODE).fill(b.url)]
      const writers = await open(a.url, urls)
      lines.push(row('node A -> node B (Redis)', lat, await throughput(writers)))
      // Everyone ends up with every acked edit (a sanity check, not a timing).
      await Promise.all(writers.map((w) => w.flushed()))
    }
    console.log(
      `\n${EDITS} edits one at a time for latency; ${2 * WRITERS_PER_NODE} closed-loop writers for ${SECONDS} s for throughput\n`,
    )
    console.log('| setup                        | p50 ms  | p99 ms  | edits/s  |')
    console.log('| ---------------------------- | ------- | ------- | -------- |')
    for (const l of lines) console.log(l)
  } finally {
    for (const c of clients) c.provider.destroy()
    await Promise.all(nodes.map(stopNode))
    await Promise.all([redis.stop(), postgres.stop()])
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
