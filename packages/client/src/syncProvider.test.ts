import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Server, type Socket } from 'socket.io'
import * as Y from 'yjs'
import { LIMITS, frameSlices } from '@cellmate/protocol'
import { SyncProvider } from './syncProvider.js'
import { wireParser } from './wireParser.js'

/**
 * A scripted stand-in for the Cellmate server: speaks the join/update protocol over a real
 * Socket.IO connection and lets a test decide how each update is answered.
 */
class FakeServer {
  doc = new Y.Doc()
  readonly received: Uint8Array[] = []
  answer: (n: number) => 'ok' | 'retryable' | 'refuse' | 'drop' = () => 'ok'
  /** Error code the handshake check answers with, or null to let sockets in. */
  refuseHandshake: (n: number) => string | null = () => null
  /**
   * A join that asks to `stream` is answered with these updates: the first in the ack, each
   * other one as a `join-part` message of its own, of which `partsSent(join)` are sent before
   * the connection drops (all by default). Null: one update in the ack.
   */
  streamed: Uint8Array[] | null = null
  partsSent: (join: number) => number = () => Infinity
  /**
   * A streamed join that asks to `download` is answered with a download of the rest instead
   * of parts; `downloadStatus` is what its HTTP request answers (200 with the rest, or not).
   */
  offerDownloads = false
  downloadStatus = 200
  /** Joins that asked to download, and download requests seen. */
  downloadJoins = 0
  downloadRequests = 0
  private readonly downloads = new Map<string, Uint8Array>()
  /** Joins seen, and those answered in parts. */
  joins = 0
  streamedJoins = 0
  /** Handshakes seen (refused ones included). */
  handshakes = 0
  url = ''

  /** The transport each Engine.IO connection started on, in order. */
  readonly firstTransports: string[] = []
  private io: Server | null = null
  private sockets: Socket[] = []

  /**
   * `websocket`: what becomes of a WebSocket on the way to the server — through, refused (a
   * proxy answering the upgrade with an error), or accepted and closed at once (a proxy that
   * lets the upgrade through and drops the connection).
   */
  async start(websocket: 'through' | 'refused' | 'closedAtOnce' = 'through'): Promise<void> {
    const http = createServer((req, res) => {
      // Socket.IO answers its own paths; everything else is a download (`JoinOk.download`).
      this.downloadRequests++
      const body = this.downloads.get(req.url ?? '')
      this.downloads.delete(req.url ?? '')
      if (!body || this.downloadStatus !== 200) {
        res.writeHead(body ? this.downloadStatus : 404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      // In two chunks cut inside a slice: the client reads slices across chunks.
      const cut = Math.floor(body.byteLength / 2) + 1
      res.write(body.subarray(0, cut))
      setTimeout(() => res.end(body.subarray(cut)), 10)
    })
    const io = new Server(http, {
      parser: wireParser,
      // As the Cellmate server: a message over it drops the connection.
      maxHttpBufferSize: LIMITS.maxUpdateBytes + 64 * 1024,
      ...(websocket === 'through' ? {} : { transports: ['polling' as const] }),
    })
    if (websocket === 'closedAtOnce') http.on('upgrade', acceptAndClose)
    this.io = io
    io.engine.on('connection', (conn: { transport: { name: string } }) => {
      this.firstTransports.push(conn.transport.name)
    })
    io.of('/sync').use((_socket, next) => {
      const code = this.refuseHandshake(++this.handshakes)
      if (code === null) next()
      else next(Object.assign(new Error(`refused: ${code}`), { data: { code, message: code } }))
    })
    io.of('/sync').on('connection', (socket) => {
      this.sockets.push(socket)
      socket.on('join', (msg: JoinMessage, ack: (b: unknown) => void) => {
        const join = ++this.joins
        const streamed = this.streamed
        if (streamed && msg.stream !== undefined) {
          this.streamedJoins++
          const [first, ...rest] = streamed
          if (msg.download) this.downloadJoins++
          if (msg.download && this.offerDownloads) {
            const path = `/sync/join-state/${'t'.repeat(20)}${join}`
            this.downloads.set(path, frameSlices(rest))
            ack({
              ok: true,
              update: first,
              download: path,
              stateVector: Y.encodeStateVector(this.doc),
              role: 'editor',
            })
            return
          }
          ack({
            ok: true,
            update: first,
            parts: rest.length,
            stateVector: Y.encodeStateVector(this.doc),
            role: 'editor',
          })
          const sent = Math.min(rest.length, this.partsSent(join))
          rest.slice(0, sent).forEach((update, index) => {
            const part = { doc: msg.doc, join: msg.stream, index, slices: frameSlices([update]) }
            setTimeout(() => socket.emit('join-part', part), 5 * index)
          })
          if (sent < rest.length) setTimeout(() => socket.disconnect(true), 5 * sent + 20)
          return
        }
        ack({
          ok: true,
          update: Y.encodeStateAsUpdate(this.doc, new Uint8Array(msg.stateVector)),
          stateVector: Y.encodeStateVector(this.doc),
          role: 'editor',
        })
      })
      socket.on('sheet', (msg: { op: string }, ack: (b: unknown) => void) => {
        if (msg.op === 'add') ack({ sheet: { id: 'Zx_9-Qa0AbCdEfGhIjKlMn', name: 'Sheet2' } })
        else ack({ error: { code: 'BAD_REQUEST', message: 'a workbook keeps at least one sheet' } })
      })
      socket.on('update', (msg: { update: Uint8Array }, ack: (b: unknown) => void) => {
        const n = this.received.push(new Uint8Array(msg.update))
        if (msg.update.byteLength > LIMITS.maxUpdateBytes) {
          return ack({ error: { code: 'UPDATE_TOO_LARGE', message: 'too large' } })
        }
        const how = this.answer(n)
        if (how === 'drop') return
        if (how === 'refuse') return ack({ error: { code: 'FORBIDDEN', message: 'read only' } })
        if (how === 'retryable') return ack({ error: { code: 'STORAGE_FAILED', message: 'disk' } })
        Y.applyUpdate(this.doc, new Uint8Array(msg.update))
        ack({ ok: true })
      })
    })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  }

  /** Revokes every connected socket's access the way the Cellmate server does. */
  revokeAll(): void {
    for (const s of this.sockets.splice(0)) {
      s.emit('access-revoked', { error: { code: 'FORBIDDEN', message: 'link revoked' } })
      s.disconnect()
    }
  }

  /** The server comes back with only `state` (it lost what came after: a power loss). */
  restore(state: Uint8Array): void {
    this.doc = new Y.Doc()
    Y.applyUpdate(this.doc, state)
  }

  dropConnections(): void {
    for (const s of this.sockets.splice(0)) s.disconnect(true)
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.io?.close(() => r()))
  }
}

interface JoinMessage {
  doc: string
  stateVector: Uint8Array
  stream?: number
  download?: boolean
}

/** Completes a WebSocket upgrade (RFC 6455 §4.2.2), then sends a close frame and hangs up. */
function acceptAndClose(req: IncomingMessage, socket: Duplex): void {
  const accept = createHash('sha1')
    .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest('base64')
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  )
  socket.write(Buffer.from([0x88, 0x00]), () => socket.destroy())
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('SyncProvider', () => {
  let server: FakeServer
  let provider: SyncProvider

  beforeEach(async () => {
    server = new FakeServer()
    await server.start()
    provider = new SyncProvider({
      url: server.url,
      workbookId: 'wb1',
      transports: ['websocket'],
      ackTimeoutMs: 300,
      reconnectionDelayMs: 20,
      reconnectionDelayMaxMs: 50,
    })
  })

  afterEach(async () => {
    provider.destroy()
    await server.stop()
  })

  /**
   * A document made by `edit`, whose updates (one per change) the server answers a streamed
   * join with: each built on the one before, so applied out of order Yjs would hold them.
   */
  function streamEdits(edit: (source: Y.Doc) => void): Y.Doc {
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (u: Uint8Array) => updates.push(u))
    edit(source)
    Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(source))
    server.streamed = updates
    return source
  }
  const sixRows = (d: Y.Doc) => {
    for (let i = 0; i < 6; i++) d.getArray<string>('rows').insert(i, [`r${i}`])
  }
  const sixCells = (d: Y.Doc) => {
    for (let i = 0; i < 6; i++) d.getMap<string>('cells').set(`r${i}:c`, `v${i}`)
  }

  /** Opens the sheet in slices; how many rows it held when it counted as synced. */
  async function openCountingRows(): Promise<{ syncedAt: number; doc: Y.Doc }> {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc, { slices: true })
    let syncedAt = -1
    void synced.whenSynced().then(() => (syncedAt = doc.getArray('rows').length))
    await until(() => syncedAt >= 0)
    return { syncedAt, doc }
  }

  it('applies a join answer that comes in parts after its ack, in order, before it counts as synced', async () => {
    streamEdits(sixRows)
    const { syncedAt, doc } = await openCountingRows()
    // Each insert built on the one before: applied out of order, Yjs would hold them pending.
    expect(syncedAt).toBe(6)
    expect(doc.getArray('rows').toArray()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5'])
    expect(server.streamedJoins).toBe(1)
    expect(server.joins).toBe(1)
  })

  it('a connection lost between the parts of a join answer joins again and gets it all', async () => {
    const source = streamEdits(sixCells)
    server.partsSent = (join) => (join === 1 ? 2 : Infinity)
    const synced = provider.open('sheet:wb1:s1', new Y.Doc(), { slices: true })
    await synced.whenSynced()
    expect(server.streamedJoins).toBe(2)
    expect(synced.doc.getMap('cells').toJSON()).toEqual(source.getMap('cells').toJSON())
  })

  it("downloads a big join answer's rest over HTTP when offered, and applies it in order", async () => {
    streamEdits(sixRows)
    server.offerDownloads = true
    const { syncedAt, doc } = await openCountingRows()
    expect(syncedAt).toBe(6)
    expect(doc.getArray('rows').toArray()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5'])
    expect(server.downloadJoins).toBe(1)
    expect(server.downloadRequests).toBe(1)
  })

  it('a download that fails joins again and takes the answer over the socket', async () => {
    const source = streamEdits(sixCells)
    server.offerDownloads = true
    server.downloadStatus = 503
    const synced = provider.open('sheet:wb1:s1', new Y.Doc(), { slices: true })
    await synced.whenSynced()
    expect(synced.doc.getMap('cells').toJSON()).toEqual(source.getMap('cells').toJSON())
    // The first join asked to download and was offered one that failed; the second did not ask.
    expect(server.downloadRequests).toBe(1)
    expect(server.downloadJoins).toBe(1)
    expect(server.streamedJoins).toBe(2)
  })

  it('counts an edit as pending until the server acks it, then flushed() resolves', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    server.answer = () => 'drop'
    doc.getMap('cells').set('a:b', '1')
    expect(provider.status.pending).toBe(1)
    let flushed = false
    void synced.flushed().then(() => (flushed = true))
    await until(() => server.received.length >= 1)
    expect(flushed).toBe(false)
    // The ack was lost: the provider resends after its timeout, and this time it is acked.
    server.answer = () => 'ok'
    release()
    await gate
    await synced.flushed()
    expect(provider.status.pending).toBe(0)
    expect(server.doc.getMap('cells').get('a:b')).toBe('1')
  })

  it('retries after a passing server fault and drops an update refused for good', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    server.answer = (n) => (n === 1 ? 'retryable' : 'ok')
    doc.getMap('cells').set('a:b', 'retried')
    await synced.flushed()
    expect(server.doc.getMap('cells').get('a:b')).toBe('retried')

    const errors: string[] = []
    provider.on('error', (_doc, e) => errors.push(e.code))
    server.answer = () => 'refuse'
    doc.getMap('cells').set('a:c', 'refused')
    await synced.flushed()
    expect(errors).toEqual(['FORBIDDEN'])
    expect(server.doc.getMap('cells').has('a:c')).toBe(false)
  })

  it('a copy that may hold unsynced state sends nothing when the server already has it all', async () => {
    server.doc.getMap('cells').set('r:c', 'on the server')
    server.answer = () => 'refuse' // what a viewer's link would get for any update
    const errors: string[] = []
    provider.on('error', (_doc, error) => errors.push(error.code))
    const fresh = provider.open('sheet:wb1:s1', new Y.Doc(), { mayHaveUnsyncedState: true })
    await fresh.whenSynced()
    await fresh.flushed()
    expect(fresh.doc.getMap('cells').get('r:c')).toBe('on the server')
    expect(provider.status.pending).toBe(0)
    // A copy with something the server lacks still sends it.
    const local = new Y.Doc()
    local.getMap('cells').set('x:y', 'offline edit')
    server.answer = () => 'ok'
    const restored = provider.open('sheet:wb1:s2', local, { mayHaveUnsyncedState: true })
    await restored.flushed()
    expect(server.received).toHaveLength(1)
    expect(errors).toEqual([])
  })

  it('a restored copy whose only news is a deletion sends it, one whose deletions the server has sends nothing', async () => {
    server.doc.getMap('cells').set('r:c', 'to delete offline')
    server.doc.getMap('cells').set('r:d', 'deleted everywhere')
    server.doc.getMap('cells').delete('r:d')
    const restored = new Y.Doc()
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(server.doc))
    // The copy knows the server's deletion: nothing to send.
    const same = provider.open('sheet:wb1:s1', restored, { mayHaveUnsyncedState: true })
    await same.flushed()
    expect(server.received).toHaveLength(0)
    same.close()
    // Deleted while offline (a deletion only: no new structs in the copy).
    restored.getMap('cells').delete('r:c')
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(restored))
    const synced = provider.open('sheet:wb1:s2', offline, { mayHaveUnsyncedState: true })
    await synced.flushed()
    expect(server.received).toHaveLength(1)
    expect(server.doc.getMap('cells').has('r:c')).toBe(false)
  })

  it('edits made while disconnected are sent as one diff after the next join', async () => {
    server.doc.getMap('cells').set('r1:c1', 'server value')
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    expect(doc.getMap('cells').get('r1:c1')).toBe('server value')

    provider.disconnect()
    await until(() => provider.status.connection === 'offline')
    doc.getMap('cells').set('r2:c1', 'offline 1')
    doc.getMap('cells').set('r3:c1', 'offline 2')
    server.doc.getMap('cells').set('r4:c1', 'meanwhile on the server')
    expect(provider.status).toEqual({ connection: 'offline', pending: 2 })
    const before = server.received.length

    provider.connect()
    await synced.flushed()
    expect(server.received.length - before).toBe(1)
    expect(server.doc.getMap('cells').toJSON()).toEqual(doc.getMap('cells').toJSON())
    expect(doc.getMap('cells').get('r4:c1')).toBe('meanwhile on the server')
  })

  it('edits made offline beyond the size of one message reach the server in parts, in order', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    provider.disconnect()
    await until(() => provider.status.connection === 'offline')
    // ~5 MiB typed offline, in 50 edits of ~100 KiB: the diff after the join is over the
    // server's limit for one update, and over what one message may carry.
    const cells = doc.getMap('cells')
    const text = (i: number): string => `${i} `.padEnd(100 * 1024, 'x')
    for (let i = 0; i < 50; i++) cells.set(`r${i}:c1`, text(i))
    cells.delete('r7:c1')
    const before = server.received.length

    provider.connect()
    await synced.flushed()
    const sent = server.received.slice(before)
    expect(sent.length).toBeGreaterThan(2)
    for (const part of sent) expect(part.byteLength).toBeLessThanOrEqual(LIMITS.maxUpdateBytes / 2)
    expect(server.doc.getMap('cells').toJSON()).toEqual(cells.toJSON())
    expect(server.doc.getMap('cells').has('r7:c1')).toBe(false)
    expect(server.doc.store.pendingStructs).toBeNull()
  })

  it('edits of ours the server acknowledged and then lost are sent again on the next join, ours only', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    const beforeLoss = Y.encodeStateAsUpdate(server.doc)
    // Another session's edit reaches the server and this copy, then ours is acknowledged.
    const other = new Y.Doc()
    other.getMap('cells').set('r9:c1', 'theirs')
    const theirs = Y.encodeStateAsUpdate(other)
    Y.applyUpdate(server.doc, theirs)
    Y.applyUpdate(doc, theirs)
    doc.getMap('cells').set('r1:c1', 'mine')
    await synced.flushed()
    expect(server.doc.getMap('cells').get('r1:c1')).toBe('mine')

    // Power loss: the server restarts without the last moment's writes.
    server.restore(beforeLoss)
    const before = server.received.length
    server.dropConnections()
    await until(() => server.doc.getMap('cells').get('r1:c1') === 'mine')
    const resent = server.received.slice(before)
    expect(resent).toHaveLength(1)
    const clients = new Set(Y.decodeUpdate(resent[0] as Uint8Array).structs.map((s) => s.id.client))
    expect([...clients]).toEqual([doc.clientID])
    // The other session's edit is its own browser's to send again.
    expect(server.doc.getMap('cells').get('r9:c1')).toBeUndefined()
  })

  it('an edit the server refused for good is not sent again on later joins', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    server.answer = () => 'refuse'
    doc.getMap('cells').set('r1:c1', 'refused')
    await synced.flushed()
    server.answer = () => 'ok'
    const before = server.received.length
    const joins = server.joins
    server.dropConnections()
    await until(() => server.joins > joins && synced.online)
    // The join is over (any resend of lost edits goes out during it): the next edit goes alone.
    doc.getMap('cells').set('r2:c1', 'accepted')
    await synced.flushed()
    const sent = server.received.slice(before)
    expect(sent).toHaveLength(1)
    expect(Y.decodeUpdate(sent[0] as Uint8Array).structs).toHaveLength(1)
  })

  it('rejoins by itself after the server drops the connection', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    server.dropConnections()
    await until(() => provider.status.connection === 'offline')
    doc.getMap('cells').set('x:y', 'queued')
    await synced.flushed()
    expect(provider.status.connection).toBe('connected')
    expect(server.doc.getMap('cells').get('x:y')).toBe('queued')
  })

  it('a sheet operation answers the sheet, or the refusal as a CellmateError; offline it fails at once', async () => {
    await until(() => provider.status.connection === 'connected')
    expect(await provider.sheetOp({ op: 'add' })).toEqual({
      id: 'Zx_9-Qa0AbCdEfGhIjKlMn',
      name: 'Sheet2',
    })
    await expect(provider.sheetOp({ op: 'delete', sheetId: 's1' })).rejects.toMatchObject({
      name: 'CellmateError',
      code: 'BAD_REQUEST',
    })
    provider.disconnect()
    await expect(provider.sheetOp({ op: 'add' })).rejects.toMatchObject({ code: 'NOT_JOINED' })
  })

  it('a revoked link is final: denied with the reason, and no reconnection', async () => {
    const doc = new Y.Doc()
    const synced = provider.open('sheet:wb1:s1', doc)
    await synced.whenSynced()
    const errors: string[] = []
    provider.on('error', (_doc, e) => errors.push(e.code))
    server.revokeAll()
    await until(() => provider.status.connection === 'denied')
    expect(errors).toEqual(['FORBIDDEN'])
    expect(provider.denial).toEqual({ code: 'FORBIDDEN', message: 'link revoked' })
    expect(provider.socket.active).toBe(false)
    provider.connect()
    expect(provider.socket.active).toBe(false)
    expect(server.handshakes).toBe(1)
    expect(provider.status.connection).toBe('denied')
  })

  it('a handshake refused for lack of access is final; a passing server fault is retried', async () => {
    provider.destroy()
    server.refuseHandshake = (n) => (n === 1 ? 'INTERNAL' : n === 2 ? 'FORBIDDEN' : null)
    provider = new SyncProvider({
      url: server.url,
      workbookId: 'wb1',
      token: 'wrong',
      transports: ['websocket'],
      reconnectionDelayMs: 20,
      reconnectionDelayMaxMs: 50,
    })
    await until(() => provider.status.connection === 'denied')
    expect(server.handshakes).toBe(2)
    expect(provider.denial?.code).toBe('FORBIDDEN')
    provider.connect()
    expect(provider.socket.active).toBe(false)
    expect(server.handshakes).toBe(2)
  })
})

describe('SyncProvider transports', () => {
  let server: FakeServer
  let provider: SyncProvider | null = null

  afterEach(async () => {
    provider?.destroy()
    await server.stop()
  })

  async function joinWithDefaults(): Promise<SyncProvider> {
    const opened = new SyncProvider({ url: server.url, workbookId: 'wb1' })
    provider = opened
    await opened.open('wb:wb1', new Y.Doc()).whenSynced()
    return opened
  }

  it('connects with a WebSocket at once, without a long-polling handshake first', async () => {
    server = new FakeServer()
    await server.start()
    const opened = await joinWithDefaults()
    expect(server.firstTransports).toEqual(['websocket'])
    expect(opened.socket.io.engine.transport.name).toBe('websocket')
  })

  it('falls back to long-polling at once where a WebSocket cannot open (as behind some proxies)', async () => {
    server = new FakeServer()
    await server.start('refused')
    const opened = await joinWithDefaults()
    expect(server.firstTransports).toEqual(['polling'])
    expect(opened.socket.io.engine.transport.name).toBe('polling')
  })

  it('falls back to long-polling when a WebSocket is dropped before its handshake, without waiting for the connect timeout', async () => {
    server = new FakeServer()
    await server.start('closedAtOnce')
    const opened = await joinWithDefaults()
    expect(server.firstTransports).toEqual(['polling'])
    expect(opened.socket.io.engine.transport.name).toBe('polling')
  })
})
