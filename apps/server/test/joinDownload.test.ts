import { afterEach, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import { wireParser } from '@cellmate/client/wire'
import {
  EVENTS,
  JOIN_DOWNLOAD_PATH,
  PROTOCOL_VERSION,
  SYNC_NAMESPACE,
  joinAck,
  unframeSlices,
} from '@cellmate/protocol'
import { SheetCells, sheetDocName } from '@cellmate/model'
import { rest, serverForSuite, waitUntil } from './support/testServer.js'

/**
 * A big sheet's join answer: its first slice in the ack, the rest downloaded over HTTP behind a
 * single-use ticket (`JoinOk.download`) instead of socket messages a browser reads only while
 * its main thread is free (issue 19).
 */
describe('join answers downloaded over HTTP', () => {
  const suite = serverForSuite()
  const sockets: Socket[] = []
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close()
  })

  /**
   * A sheet of `cells` cells of 100 characters in two writes: 20,000 make ~2.4 MB, five
   * slices of 4,000 entries (`SLICE_LENGTH`), so the rest after the first is over 1 MB
   * whichever slice comes first.
   */
  async function bigSheet(cells = 20_000): Promise<{ id: string; sheetId: string; token: string }> {
    const wb = await rest(suite.url).createWorkbook('big')
    const sheetId = wb.sheets[0]!.id
    const cols = ['A', 'B', 'C', 'D']
    for (const half of [0, 1]) {
      const values: Record<string, string> = {}
      for (let r = 1 + (half * cells) / 8; r <= ((half + 1) * cells) / 8; r++) {
        for (const c of cols) values[`${c}${r}`] = `${c}${r}:`.padEnd(100, c)
      }
      await rest(suite.url, wb.token).writeCells(wb.id, sheetId, values)
    }
    return { id: wb.id, sheetId, token: wb.token }
  }

  async function connect(workbookId: string, token: string): Promise<Socket> {
    const socket = io(`${suite.url}${SYNC_NAMESPACE}`, {
      auth: { workbookId, token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      parser: wireParser,
      reconnection: false,
    })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    return socket
  }

  async function join(socket: Socket, doc: string, extra: Record<string, unknown>) {
    const raw: unknown = await socket.timeout(10_000).emitWithAck(EVENTS.join, {
      doc,
      stateVector: new Uint8Array([0]),
      slices: true,
      stream: 7,
      ...extra,
    })
    return joinAck.parse(raw)
  }

  const download = (path: string) => fetch(`${suite.url}${path}`)

  it('a big sheet: the ack names a download, once, and it makes the server sheet', async () => {
    const wb = await bigSheet()
    const name = sheetDocName(wb.id, wb.sheetId)
    const socket = await connect(wb.id, wb.token)
    let parts = 0
    socket.on(EVENTS.joinPart, () => parts++)
    const ack = await join(socket, name, { download: true })
    if ('error' in ack) throw new Error(ack.error.message)
    expect(ack.download).toMatch(new RegExp(`^${JOIN_DOWNLOAD_PATH}/[A-Za-z0-9_-]{24}$`))
    expect(ack.parts).toBeUndefined()
    expect(ack.more).toBeUndefined()

    const res = await download(ack.download!)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const slices = unframeSlices(new Uint8Array(await res.arrayBuffer()))!
    expect(slices.length).toBeGreaterThan(1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, ack.update)
    for (const slice of slices) Y.applyUpdate(doc, slice)
    // Nothing left pending: the slices came whole and in order.
    expect(doc.store.pendingStructs).toBeNull()
    const cells = SheetCells.of(doc)
    expect(cells.size).toBe(20_000)
    expect(Y.encodeStateVector(doc)).toEqual(new Uint8Array(ack.stateVector))

    // Taken once; no socket part was sent meanwhile.
    expect((await download(ack.download!)).status).toBe(404)
    expect(parts).toBe(0)
  })

  it('a made-up or another ticket answers 404 with a clear error', async () => {
    const res = await download(`${JOIN_DOWNLOAD_PATH}/AAAAAAAAAAAAAAAAAAAAAAAA`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('a download dies with its connection: after a disconnect it is gone', async () => {
    const wb = await bigSheet()
    const socket = await connect(wb.id, wb.token)
    const before = suite.server.downloads.size
    const ack = await join(socket, sheetDocName(wb.id, wb.sheetId), { download: true })
    if ('error' in ack) throw new Error(ack.error.message)
    expect(suite.server.downloads.size).toBe(before + 1)
    socket.close()
    // The server sees the disconnect within a moment (a download would take the ticket, so
    // the waiting count is what is watched).
    await waitUntil(() => suite.server.downloads.size === before)
    expect((await download(ack.download!)).status).toBe(404)
  })

  it('without `download`, or for a small rest, the answer comes over the socket as before', async () => {
    const wb = await bigSheet()
    const socket = await connect(wb.id, wb.token)
    let parts = 0
    socket.on(EVENTS.joinPart, () => parts++)
    const plain = await join(socket, sheetDocName(wb.id, wb.sheetId), {})
    if ('error' in plain) throw new Error(plain.error.message)
    expect(plain.download).toBeUndefined()
    expect(plain.parts).toBeGreaterThan(1)

    const small = await bigSheet(8)
    const other = await connect(small.id, small.token)
    const ack = await join(other, sheetDocName(small.id, small.sheetId), { download: true })
    if ('error' in ack) throw new Error(ack.error.message)
    expect(ack.download).toBeUndefined()
    expect(ack.parts).toBeDefined()
  })

  it('the client SDK opens a big sheet through the download and stays in sync', async () => {
    const wb = await bigSheet()
    const provider = new SyncProvider({
      url: suite.url,
      workbookId: wb.id,
      token: wb.token,
      transports: ['websocket'],
    })
    try {
      let parts = 0
      provider.socket.on(EVENTS.joinPart, () => parts++)
      const synced = provider.open(sheetDocName(wb.id, wb.sheetId), new Y.Doc(), { slices: true })
      await synced.whenSynced()
      expect(parts).toBe(0)
      const cells = SheetCells.of(synced.doc)
      expect(cells.size).toBe(20_000)
      expect(suite.server.downloads.size).toBe(0)
    } finally {
      provider.destroy()
    }
  })
})
