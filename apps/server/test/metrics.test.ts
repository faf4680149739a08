import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SheetLayout, setCell } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

/** Every sample of a Prometheus text exposition, by series (name plus labels). */
async function scrape(server: CellmateServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.metricsUrl}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  const samples = new Map<string, number>()
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    samples.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return samples
}

describe('/metrics on a single node, with METRICS_PORT', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const clients: SheetClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, { metricsPort: 0 }))
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
    data.remove()
  })

  it('is served on its own listener, bound to 127.0.0.1, and not on the public port', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.metricsUrl).not.toBe(url)
    const onPublicPort = await fetch(`${url}/metrics`)
    expect(onPublicPort.status).toBe(404)
    expect(await onPublicPort.text()).not.toContain('cellmate_')
    // The metrics listener serves nothing else.
    expect((await fetch(`${server.metricsUrl}/api/openapi.json`)).status).toBe(404)
    expect((await fetch(`${server.metricsUrl}/healthz`)).status).toBe(404)
  })

  it('starts at zero, with the Node.js defaults and no cluster errors', async () => {
    const m = await scrape(server)
    expect(m.get('cellmate_connected_sockets')).toBe(0)
    expect(m.get('cellmate_loaded_documents')).toBe(0)
    expect(m.get('cellmate_updates_in_total{source="client"}')).toBe(0)
    expect(m.get('cellmate_updates_out_total{to="sockets"}')).toBe(0)
    expect(m.get('cellmate_persist_duration_seconds_count')).toBe(0)
    expect(m.get('cellmate_redis_errors_total')).toBe(0)
    expect(m.get('cellmate_postgres_errors_total')).toBe(0)
    expect(m.get('process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(m.has('nodejs_eventloop_lag_seconds')).toBe(true)
  })

  it('counts sockets, loaded documents, updates in and out, and persist latency', async () => {
    const wb = await rest(url).createWorkbook('metrics')
    const sheetId = wb.sheets[0]!.id
    const writer = await openSheetClient(url, wb.id, sheetId, wb.token)
    const readers = [
      await openSheetClient(url, wb.id, sheetId, wb.token),
      await openSheetClient(url, wb.id, sheetId, wb.token),
    ]
    clients.push(writer, ...readers)
    let m = await scrape(server)
    expect(m.get('cellmate_connected_sockets')).toBe(3)
    // The sheet, and the workbook document while it is checked on join (unloaded when idle).
    expect(m.get('cellmate_loaded_documents')).toBeGreaterThanOrEqual(1)

    const layout = new SheetLayout(writer.doc)
    for (let i = 0; i < 5; i++) {
      setCell(writer.doc, layout.rowId(i)!, layout.colId(0)!, `v${i}`)
      await writer.sheet.flushed()
    }
    const readerLayouts = readers.map((r) => new SheetLayout(r.doc))
    await waitUntil(() => readerLayouts.every((l) => l.cellAt(4, 0) === 'v4'))
    await rest(url, wb.token).writeCells(wb.id, sheetId, { B1: 'rest' })

    m = await scrape(server)
    expect(m.get('cellmate_updates_in_total{source="client"}')).toBe(5)
    expect(m.get('cellmate_updates_in_total{source="server"}')).toBe(1)
    expect(m.get('cellmate_updates_in_total{source="remote"}')).toBe(0)
    // Each client update to the two readers, the REST write to all three.
    expect(m.get('cellmate_updates_out_total{to="sockets"}')).toBe(5 * 2 + 3)
    expect(m.get('cellmate_updates_out_total{to="nodes"}')).toBe(0)
    expect(m.get('cellmate_persist_duration_seconds_count')).toBe(6)
    expect(m.get('cellmate_persist_duration_seconds_bucket{le="+Inf"}')).toBe(6)
    expect(m.get('cellmate_persist_duration_seconds_sum')).toBeGreaterThan(0)

    for (const c of clients.splice(0)) c.close()
    await waitUntil(async () => {
      const after = await scrape(server)
      return (
        after.get('cellmate_connected_sockets') === 0 &&
        after.get('cellmate_loaded_documents') === 0
      )
    })
    layout.destroy()
    for (const l of readerLayouts) l.destroy()
  })
})

describe('/metrics without METRICS_PORT', () => {
  it('is not served at all', async () => {
    const data = tempDataDir()
    const { server, url } = await startInProcess(data.dir)
    try {
      expect(server.metricsUrl).toBeNull()
      expect((await fetch(`${url}/metrics`)).status).toBe(404)
    } finally {
      await server.close()
      data.remove()
    }
  })
})
