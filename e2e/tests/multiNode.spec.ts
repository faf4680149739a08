import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Browser, type Page } from '@playwright/test'
import {
  LocalPostgres,
  LocalRedis,
  TcpBalancer,
  findPostgresBin,
  findRedisServer,
  freeLoopbackPort,
} from '@cellmate/server/testing'
import { SERVER_MAIN } from '../support/cellmateServer.js'
import {
  cell,
  expectCell,
  labelPage,
  openEditor,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/**
 * A deployment of two Cellmate processes sharing Postgres and Redis, each behind its own
 * failover balancer (as a sticky load balancer behaves: a tab's requests all reach one
 * process while it lives, then the other). Both users edit one sheet from different processes.
 */

const missing = [
  findPostgresBin() ? null : 'postgresql',
  findRedisServer() ? null : 'redis-server',
].filter((m) => m !== null)
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`the multi-node spec needs ${missing.join(' and ')} (apt-get install -y ...)`)
}

interface Node {
  port: number
  child: ChildProcess
}

async function startNode(env: NodeJS.ProcessEnv, dataDir: string): Promise<Node> {
  const port = await freeLoopbackPort()
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (const deadline = Date.now() + 45_000; ;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { port, child }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function kill(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return
  const exited = new Promise((r) => node.child.once('exit', r))
  node.child.kill('SIGKILL')
  await exited
}

test.describe('two server processes behind load balancers', () => {
  test.skip(
    missing.length > 0,
    `needs ${missing.join(' and ')}: apt-get install -y redis-server postgresql`,
  )
  test.describe.configure({ timeout: 120_000 })

  let postgres: LocalPostgres
  let redis: LocalRedis
  let dataDir: string
  const nodes: Node[] = []
  const balancers: TcpBalancer[] = []

  test.beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([LocalPostgres.start(), LocalRedis.start()])
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cellmate-e2e-nodes-'))
    const env = {
      DATABASE_URL: await postgres.createDatabase('cellmate_e2e'),
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
    }
    nodes.push(...(await Promise.all([startNode(env, dataDir), startNode(env, dataDir)])))
    const [a, b] = nodes as [Node, Node]
    balancers.push(
      await TcpBalancer.start([a.port, b.port], 'failover'),
      await TcpBalancer.start([b.port, a.port], 'failover'),
    )
  })

  test.afterAll(async () => {
    for (const b of balancers) await b.close()
    await Promise.all(nodes.map(kill))
    await Promise.all([redis?.stop(), postgres?.stop()])
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  async function openAt(browser: Browser, origin: string, editorPath: string, name: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    labelPage(page, name)
    await openEditor(page, `${origin}${editorPath}`)
    return page
  }

  test('people on different processes edit together; when one dies, its tab moves to the other and loses nothing', async ({
    browser,
  }) => {
    const [viaA, viaB] = balancers as [TcpBalancer, TcpBalancer]
    const res = await fetch(`${viaA.url}/api/workbooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Two processes' }),
    })
    const wb = (await res.json()) as { id: string; token: string; sheets: Array<{ id: string }> }
    const editorPath = `/w/${encodeURIComponent(wb.id)}#token=${wb.token}`
    const alice: Page = await openAt(browser, viaA.url, editorPath, 'alice (node A)')
    const bob: Page = await openAt(browser, viaB.url, editorPath, 'bob (node B)')

    await Promise.all([typeInto(alice, 'A1', 'Alice on A'), typeInto(bob, 'B1', 'Bob on B')])
    for (const page of [alice, bob]) {
      await expectCell(page, 'A1', 'Alice on A')
      await expectCell(page, 'B1', 'Bob on B')
    }
    // Presence crosses processes too.
    await selectCell(bob, 'C3')
    await expect(alice.locator('[data-testid="presence-outline"][data-address="C3"]')).toBeVisible()
    await waitSaved(alice)

    // Node A dies. Alice keeps typing; her tab reconnects through her balancer to node B.
    await kill(nodes[0]!)
    await typeInto(alice, 'A2', 'typed as A died')
    await expectCell(bob, 'A2', 'typed as A died')
    await waitSaved(alice)
    await expect(cell(alice, 'B1')).toHaveText('Bob on B')

    // Stored: node B's REST API reads everything, acknowledged before and after the crash.
    const read = await fetch(
      `${viaB.url}/api/workbooks/${wb.id}/sheets/${wb.sheets[0]!.id}/cells?range=A1:B2`,
      { headers: { authorization: `Bearer ${wb.token}` } },
    )
    expect(((await read.json()) as { inputs: string[][] }).inputs).toEqual([
      ['Alice on A', 'Bob on B'],
      ['typed as A died', ''],
    ])
  })
})
