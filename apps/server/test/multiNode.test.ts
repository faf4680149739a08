import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, setCell, sheetDocName, sheetTypes } from '@cellmate/model'
import type { CreatedWorkbook } from '@cellmate/client'
import { PostgresStore } from '../src/index.js'
import { LocalPostgres, LocalRedis, TcpBalancer } from '../src/testing/index.js'
import { clusterServicesAvailable } from './support/clusterServices.js'
import {
  ServerProcess,
  freePort,
  openSheetClient,
  rest,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'
import { mulberry32 } from './support/random.js'

/** The cells of a client's sheet, in key order (index order differs between replicas). */
const cellsOf = (c: SheetClient): string =>
  JSON.stringify(
    Object.entries(sheetTypes(c.doc).cells.toJSON()).sort(([a], [b]) => a.localeCompare(b)),
  )

/** Where each node serves `/metrics` (its `METRICS_PORT`). */
const metricsUrls = new Map<ServerProcess, string>()

/** A Prometheus sample of a node, e.g. `cellmate_updates_in_total{source="remote"}`. */
async function metric(node: ServerProcess, series: string): Promise<number> {
  const text = await (await fetch(`${metricsUrls.get(node)}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : NaN
}

const available = clusterServicesAvailable()

describe.skipIf(!available)('two server processes sharing Postgres and Redis', () => {
  let postgres: LocalPostgres
  let redis: LocalRedis
  let databaseUrl: string
  let nodeA: ServerProcess
  let nodeB: ServerProcess
  const dataDirs: Array<ReturnType<typeof tempDataDir>> = []
  const clients: SheetClient[] = []

  async function client(url: string, wb: CreatedWorkbook, token = wb.token): Promise<SheetClient> {
    const c = await openSheetClient(url, wb.id, wb.sheets[0]!.id, token)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([LocalPostgres.start(), LocalRedis.start()])
    databaseUrl = await postgres.createDatabase('cellmate')
    const node = async (): Promise<ServerProcess> => {
      const data = tempDataDir()
      dataDirs.push(data)
      const metricsPort = await freePort()
      const server = new ServerProcess(
        data.dir,
        await freePort(),
        {
          METRICS_PORT: String(metricsPort),
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis.url,
          IDLE_UNLOAD_MS: '1000',
          RATE_LIMIT_CREATE_PER_MIN: '0',
          RATE_LIMIT_API_PER_MIN: '0',
        },
        45_000,
      )
      metricsUrls.set(server, `http://127.0.0.1:${metricsPort}`)
      return server
    }
    nodeA = await node()
    nodeB = await node()
    // Both at once: the schema migration must cope with a concurrent start.
    await Promise.all([nodeA.start(), nodeB.start()])
  }, 90_000)

  afterAll(async () => {
    for (const c of clients.splice(0)) c.close()
    await Promise.all([nodeA?.stop('SIGKILL'), nodeB?.stop('SIGKILL')])
    await Promise.all([redis?.stop(), postgres?.stop()])
    for (const d of dataDirs) d.remove()
  }, 30_000)

  it('people on different nodes edit the same sheet at once and all converge', async () => {
    const wb = await rest(nodeA.url).createWorkbook('converge')
    const people = [
      await client(nodeA.url, wb),
      await client(nodeA.url, wb),
      await client(nodeB.url, wb),
      await client(nodeB.url, wb),
    ]
    const layouts = people.map((p) => new SheetLayout(p.doc))
    await Promise.all(
      people.map(async (p, i) => {
        const layout = layouts[i]!
        for (let row = 0; row < 40; row++) {
          setCell(p.doc, layout.rowId(row)!, layout.colId(i)!, `p${i}-r${row}`)
          // Everyone also writes one shared cell: one value must win everywhere.
          if (row % 10 === 0) setCell(p.doc, layout.rowId(0)!, layout.colId(9)!, `p${i}-${row}`)
          if (row % 5 === 0) await new Promise((r) => setImmediate(r))
        }
        await p.sheet.flushed()
      }),
    )
    await waitUntil(() => {
      const first = cellsOf(people[0]!)
      return people.every((p) => cellsOf(p) === first)
    })
    const expected = layouts[0]!
    for (let i = 0; i < 4; i++) {
      for (let row = 0; row < 40; row++) expect(expected.cellAt(row, i)).toBe(`p${i}-r${row}`)
    }
    // The REST API of either node reads the same sheet.
    const [readA, readB] = await Promise.all(
      [nodeA, nodeB].map((n) => rest(n.url, wb.token).readCells(wb.id, wb.sheets[0]!.id, 'A1:J40')),
    )
    expect(readB!.inputs).toEqual(readA!.inputs)
    expect(readA!.inputs[0]![9]).toBe(expected.cellAt(0, 9))
    for (const l of layouts) l.destroy()
  })

  it('presence crosses nodes, also to someone who joins later, and leaves with its owner', async () => {
    const wb = await rest(nodeA.url).createWorkbook('presence')
    const ann = await client(nodeA.url, wb)
    const bob = await client(nodeB.url, wb)
    ann.sheet.awareness.setLocalStateField('user', { name: 'Ann' })
    const seesAnn = (c: SheetClient): boolean =>
      [...c.sheet.awareness.getStates().values()].some(
        (s) => (s as { user?: { name?: string } }).user?.name === 'Ann',
      )
    await waitUntil(() => seesAnn(bob))
    const cleo = await client(nodeB.url, wb)
    await waitUntil(() => seesAnn(cleo))
    ann.close()
    await waitUntil(() => !seesAnn(bob) && !seesAnn(cleo))
  })

  it('a REST write on one node reaches the people on the other', async () => {
    const wb = await rest(nodeA.url).createWorkbook('rest')
    const onB = await client(nodeB.url, wb)
    const layout = new SheetLayout(onB.doc)
    const remoteBefore = await metric(nodeB, 'cellmate_updates_in_total{source="remote"}')
    await rest(nodeA.url, wb.token).writeCells(wb.id, wb.sheets[0]!.id, { B2: 'from A' })
    await waitUntil(() => layout.cellAt(1, 1) === 'from A')
    expect(await metric(nodeB, 'cellmate_updates_in_total{source="remote"}')).toBeGreaterThan(
      remoteBefore,
    )
    layout.destroy()
  })

  it('a restore on one node reaches the people on the other, and both nodes list the versions', async () => {
    const wb = await rest(nodeA.url).createWorkbook('restore across nodes')
    const sheetId = wb.sheets[0]!.id
    const onA = rest(nodeA.url, wb.token)
    await onA.writeCells(wb.id, sheetId, { A1: 'monday' })
    const monday = await onA.createVersion(wb.id, 'Monday')
    await onA.writeCells(wb.id, sheetId, { A1: 'tuesday', B2: 'later' })
    const watcher = await client(nodeB.url, wb)
    const layout = new SheetLayout(watcher.doc)
    await waitUntil(() => layout.cellAt(0, 0) === 'tuesday')
    await onA.restoreVersion(wb.id, monday.id)
    await waitUntil(() => layout.cellAt(0, 0) === 'monday' && layout.cellAt(1, 1) === '')
    layout.destroy()
    const onB = rest(nodeB.url, wb.token)
    expect((await onB.listVersions(wb.id)).map((v) => v.kind)).toEqual(['named', 'restore'])
    expect((await onB.readCells(wb.id, sheetId, 'A1', { version: monday.id })).inputs).toEqual([
      ['monday'],
    ])
  })

  it('revoking a link on one node closes the sockets opened with it on the other', async () => {
    const wb = await rest(nodeA.url).createWorkbook('revoke')
    const owner = rest(nodeA.url, wb.token)
    const link = await owner.createLink(wb.id, 'edit')
    const guest = await client(nodeB.url, wb, link.token)
    const bystander = await client(nodeB.url, wb)
    await owner.revokeLink(wb.id, link.id)
    await waitUntil(() => guest.provider.status.connection === 'denied')
    expect(guest.provider.denial?.code).toBe('FORBIDDEN')
    expect(bystander.provider.status.connection).toBe('connected')
  })

  it('edits stored while Redis is down, even ones never published, reach the other node once it is back', async () => {
    const wb = await rest(nodeA.url).createWorkbook('redis outage')
    const onA = await client(nodeA.url, wb)
    const onB = await client(nodeB.url, wb)
    const [layoutA, layoutB] = [new SheetLayout(onA.doc), new SheetLayout(onB.doc)]
    const errorsBefore = await metric(nodeA, 'cellmate_redis_errors_total')
    await redis.stop()
    setCell(onA.doc, layoutA.rowId(2)!, layoutA.colId(2)!, 'during the outage')
    // Stored in Postgres and acked: Redis is not on the durability path.
    await onA.sheet.flushed()
    await waitUntil(async () => (await metric(nodeA, 'cellmate_redis_errors_total')) > errorsBefore)
    // An edit stored by a node that died before it could publish: nothing will ever be
    // published for it, so B only learns of it by re-reading the store after the outage.
    const unpublished = new Y.Doc()
    Y.applyUpdate(unpublished, Y.encodeStateAsUpdate(onA.doc))
    const before = Y.encodeStateVector(unpublished)
    const layoutU = new SheetLayout(unpublished)
    setCell(unpublished, layoutU.rowId(4)!, layoutU.colId(4)!, 'never published')
    const store = await PostgresStore.open({ connectionString: databaseUrl })
    await store.appendUpdate(
      sheetDocName(wb.id, wb.sheets[0]!.id),
      Y.encodeStateAsUpdate(unpublished, before),
    )
    await store.close()
    layoutU.destroy()
    redis = await LocalRedis.restart(redis)
    await waitUntil(
      () =>
        layoutB.cellAt(2, 2) === 'during the outage' && layoutB.cellAt(4, 4) === 'never published',
      20_000,
    )
    // And the fan-out works again afterwards.
    setCell(onB.doc, layoutB.rowId(3)!, layoutB.colId(3)!, 'after')
    await waitUntil(() => layoutA.cellAt(3, 3) === 'after')
    layoutA.destroy()
    layoutB.destroy()
  }, 40_000)

  it('SIGKILL of a node under load: every acked edit survives and its clients move to the other node', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1e9)
    console.log(`multi-node kill seed=${seed}`)
    const random = mulberry32(seed)
    const balancer = await TcpBalancer.start([nodeA.port, nodeB.port])
    try {
      const wb = await rest(nodeA.url).createWorkbook('kill')
      const sheetId = wb.sheets[0]!.id
      // Four writers through the balancer: two land on each node.
      const writers: SheetClient[] = []
      for (let i = 0; i < 4; i++) writers.push(await client(balancer.url, wb))
      await waitUntil(async () => (await metric(nodeA, 'cellmate_connected_sockets')) >= 2, 5000)
      const layouts = writers.map((w) => new SheetLayout(w.doc))
      const made = new Map<string, string>()
      const acked = new Map<string, string>()
      let stop = false
      const loops = writers.map(async (w, wi) => {
        const layout = layouts[wi]!
        for (let n = 0; !stop;) {
          const batch: Array<[string, string]> = []
          for (let i = 1 + Math.floor(random() * 4); i > 0; i--, n++) {
            const row = n % 500
            const col = wi * 2 + Math.floor(n / 500)
            const value = `w${wi}-${n}`
            setCell(w.doc, layout.rowId(row)!, layout.colId(col)!, value)
            made.set(`${row}:${col}`, value)
            batch.push([`${row}:${col}`, value])
          }
          await w.sheet.flushed()
          for (const [key, value] of batch) acked.set(key, value)
        }
      })
      await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 400)))
      await nodeA.stop('SIGKILL')
      const ackedAtKill = new Map(acked)
      const pendingAtKill = writers.reduce((n, w) => n + w.provider.status.pending, 0)

      // Every acked edit is in Postgres, read directly with both nodes' caches out of the way.
      const store = await PostgresStore.open({ connectionString: databaseUrl })
      const stored = new Y.Doc()
      for (const u of (await store.loadDoc(sheetDocName(wb.id, sheetId))).updates)
        Y.applyUpdate(stored, u)
      await store.close()
      const onDisk = new SheetLayout(stored)
      for (const [key, value] of ackedAtKill) {
        const [row, col] = key.split(':').map(Number) as [number, number]
        expect(onDisk.cellAt(row, col), `acked ${key}`).toBe(value)
      }
      onDisk.destroy()

      // Node A stays dead: its clients reconnect through the balancer to B and push the rest.
      await waitUntil(
        () => writers.every((w) => w.provider.status.connection === 'connected'),
        20_000,
      )
      await new Promise((r) => setTimeout(r, 200))
      stop = true
      await Promise.all(loops)
      console.log(
        `killed node A: ${ackedAtKill.size} edits acked before, ${pendingAtKill} pending at the kill, ${made.size} made in all`,
      )
      expect(ackedAtKill.size).toBeGreaterThan(0)
      expect(await metric(nodeB, 'cellmate_connected_sockets')).toBeGreaterThanOrEqual(4)

      const read = (await rest(nodeB.url, wb.token).readCells(wb.id, sheetId, 'A1:H500')).inputs
      for (const [key, value] of made) {
        const [row, col] = key.split(':').map(Number) as [number, number]
        expect(read[row]![col], `stored ${key}`).toBe(value)
      }
      await waitUntil(() =>
        layouts.every((l) =>
          [...made].every(([key, value]) => {
            const [row, col] = key.split(':').map(Number) as [number, number]
            return l.cellAt(row, col) === value
          }),
        ),
      )
      for (const l of layouts) l.destroy()
    } finally {
      await balancer.close()
    }
  }, 90_000)
})
