import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import { sheetTypes } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

/**
 * A corpus of hostile inputs. Each case asserts a clear refusal (an error ack or a 4xx with a
 * code), that the stored sheet is unchanged, and that the server still serves normal clients.
 */

/** Deterministic bytes for the fuzz cases. */
function bytes(seed: number, length: number): Uint8Array {
  let a = seed >>> 0
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    a = (a * 1664525 + 1013904223) >>> 0
    out[i] = a >>> 24
  }
  return out
}

/** Parts in one binary frame as `@cellmate/client/wire` lays them out: each after its length. */
function frameOf(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    new DataView(out.buffer).setUint32(at, p.byteLength)
    out.set(p, at + 4)
    at += 4 + p.byteLength
  }
  return out
}

/** The bytes of an ASCII string, for hand-built update frames. */
function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0))
}

function updateOf(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  build(doc)
  return Y.encodeStateAsUpdate(doc)
}

describe('hostile input', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wbId: string
  let sheetId: string
  /** The owner's token: the attacker holds a valid link, which is the harder case. */
  let token: string
  let attacker: SheetClient
  let baseline: string

  /** The sheet as a fresh reader sees it: rows, columns and cells. */
  async function sheetState(): Promise<string> {
    const reader = await openSheetClient(url, wbId, sheetId, token)
    const t = sheetTypes(reader.doc)
    const state = JSON.stringify({
      rows: t.rows.toArray(),
      cols: t.cols.toArray(),
      cells: Object.entries(t.cells.toJSON()).sort(),
    })
    reader.close()
    return state
  }

  async function send(event: string, payload: unknown): Promise<unknown> {
    return attacker.provider.socket.timeout(5000).emitWithAck(event, payload)
  }

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
    const wb = await rest(url).createWorkbook('target')
    wbId = wb.id
    sheetId = wb.sheets[0]!.id
    token = wb.token
    await rest(url, token).writeCells(wbId, sheetId, { A1: 'precious', B2: 'data' })
    attacker = await openSheetClient(url, wbId, sheetId, token)
    baseline = await sheetState()
  })

  afterAll(async () => {
    attacker.close()
    await server.close()
    data.remove()
  })

  const doc = (): string => `sheet:${wbId}:${sheetId}`
  const crafted: Array<[string, () => unknown, string]> = [
    [
      'yjs#479 garbage bytes',
      () => new Uint8Array(Buffer.from('garbagedoc', 'base64')),
      'INVALID_UPDATE',
    ],
    [
      'huge varint lengths',
      () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f]),
      'INVALID_UPDATE',
    ],
    [
      'truncated valid update',
      () => {
        const u = updateOf((d) => d.getMap('cells').set('r:c', 'x'.repeat(50)))
        return u.slice(0, Math.floor(u.length / 2))
      },
      'INVALID_UPDATE',
    ],
    ['unknown root name', () => updateOf((d) => d.getMap('evil').set('x', 'y')), 'INVALID_UPDATE'],
    [
      'prototype-pollution root name',
      () => updateOf((d) => d.getMap('__proto__').set('polluted', 'yes')),
      'INVALID_UPDATE',
    ],
    ['cells as an array', () => updateOf((d) => d.getArray('cells').push(['x'])), 'INVALID_UPDATE'],
    ['rows as a map', () => updateOf((d) => d.getMap('rows').set('k', 'v')), 'INVALID_UPDATE'],
    [
      'cells as text',
      () => updateOf((d) => d.getText('cells').insert(0, 'hello')),
      'INVALID_UPDATE',
    ],
    [
      'nested map in cells',
      () => updateOf((d) => d.getMap('cells').set('r:c', new Y.Map())),
      'INVALID_UPDATE',
    ],
    [
      'nested array in rows',
      () => updateOf((d) => d.getArray('rows').push([new Y.Array()])),
      'INVALID_UPDATE',
    ],
    [
      'object value in cells',
      () => updateOf((d) => d.getMap('cells').set('r:c', { evil: true } as never)),
      'INVALID_UPDATE',
    ],
    [
      'array value in cells',
      () => updateOf((d) => d.getMap('cells').set('r:c', [1, 2] as never)),
      'INVALID_UPDATE',
    ],
    [
      'null value in cells',
      () => updateOf((d) => d.getMap('cells').set('r:c', null as never)),
      'INVALID_UPDATE',
    ],
    [
      'binary value in cells',
      () => updateOf((d) => d.getMap('cells').set('r:c', new Uint8Array(4) as never)),
      'INVALID_UPDATE',
    ],
    // The cell log (`cellEntries`): only `rowId:colId:input` strings, appended or inserted.
    [
      'cell log as a map',
      () => updateOf((d) => d.getMap('cellEntries').set('r:c', 'x')),
      'INVALID_UPDATE',
    ],
    [
      'number in the cell log',
      () => updateOf((d) => d.getArray('cellEntries').push([42])),
      'INVALID_UPDATE',
    ],
    [
      'cell entry without an input separator',
      () => updateOf((d) => d.getArray('cellEntries').push(['r1c1'])),
      'INVALID_UPDATE',
    ],
    [
      'cell entry whose row is not an id',
      () => updateOf((d) => d.getArray('cellEntries').push(['r 1:c1:x'])),
      'INVALID_UPDATE',
    ],
    [
      'nested map in the cell log',
      () => updateOf((d) => d.getArray('cellEntries').push([new Y.Map()])),
      'INVALID_UPDATE',
    ],
    [
      'cell entry with a 60,000-character input',
      () => updateOf((d) => d.getArray('cellEntries').push([`r1:c1:${'x'.repeat(60_000)}`])),
      'LIMIT_EXCEEDED',
    ],
    [
      'cell entry with a 50,001-character input',
      () => updateOf((d) => d.getArray('cellEntries').push([`r1:c1:${'x'.repeat(50_001)}`])),
      'INVALID_UPDATE',
    ],
    [
      '60,000-character cell',
      () => updateOf((d) => d.getMap('cells').set('r:c', 'x'.repeat(60_000))),
      'LIMIT_EXCEEDED',
    ],
    [
      'update over 2 MB',
      () => updateOf((d) => d.getMap('cells').set('r:c', 'y'.repeat(2_100_000))),
      'UPDATE_TOO_LARGE',
    ],
    [
      'a row id that is not an id',
      () => updateOf((d) => d.getArray('rows').push(['a:b'])),
      'INVALID_UPDATE',
    ],
    [
      'a 45,000-character row id',
      () => updateOf((d) => d.getArray('rows').push(['y'.repeat(45_000)])),
      'INVALID_UPDATE',
    ],
    [
      'a format attribute Cellmate does not have',
      () => updateOf((d) => d.getMap('formats').set('a.1:b.1:font', 'Comic Sans')),
      'INVALID_UPDATE',
    ],
    [
      'a format key without ids',
      () => updateOf((d) => d.getMap('formats').set('bold', true)),
      'INVALID_UPDATE',
    ],
    [
      'a CSS injection as a fill colour',
      () => updateOf((d) => d.getMap('formats').set('a.1:b.1:fill', 'red;background:url(//evil)')),
      'INVALID_UPDATE',
    ],
    [
      'a text as bold',
      () => updateOf((d) => d.getMap('formats').set('a.1:b.1:bold', 'yes')),
      'INVALID_UPDATE',
    ],
    [
      'an unknown number format',
      () => updateOf((d) => d.getMap('formats').set('a.1:b.1:numFmt', 'engineering')),
      'INVALID_UPDATE',
    ],
    [
      '1,000,000 decimals',
      () => updateOf((d) => d.getMap('formats').set('a.1:b.1:decimals', 1_000_000)),
      'INVALID_UPDATE',
    ],
    ['zero-length update (yjs#498)', () => new Uint8Array(0), 'BAD_REQUEST'],
    ['text instead of binary', () => 'AAECAwQ=', 'BAD_REQUEST'],
    ['number instead of binary', () => 42, 'BAD_REQUEST'],
    ['array of numbers instead of binary', () => [0, 0], 'BAD_REQUEST'],
    ['object instead of binary', () => ({ 0: 0, 1: 0, length: 2 }), 'BAD_REQUEST'],
    ['null instead of binary', () => null, 'BAD_REQUEST'],
  ]
  for (const [name, make, code] of crafted) {
    it(`update: ${name} is refused with ${code}`, async () => {
      const ack = await send('update', { doc: doc(), update: make() })
      expect(ack).toMatchObject({ error: { code } })
      expect(typeof (ack as { error: { message: string } }).error.message).toBe('string')
    })
  }

  it('update: the yjs#687 run-length bomb and 15 random byte strings are refused or harmless, none hangs', async () => {
    const bomb = new Uint8Array(
      Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
    )
    const inputs = [bomb, ...Array.from({ length: 15 }, (_, i) => bytes(i + 1, 14 + i * 13))]
    for (const [seed, update] of inputs.entries()) {
      const ack = (await send('update', { doc: doc(), update })) as {
        ok?: true
        error?: { code: string }
      }
      expect(ack.ok === true || ack.error?.code === 'INVALID_UPDATE', `seed ${seed}`).toBe(true)
    }
  })

  const malformedMessages: Array<[string, string, unknown, string]> = [
    [
      'update to a document not joined',
      'update',
      { doc: 'sheet:someone-else:other', update: new Uint8Array([0, 0]) },
      'NOT_JOINED',
    ],
    ['update without a document', 'update', { update: new Uint8Array([0, 0]) }, 'BAD_REQUEST'],
    [
      'update with a path as document',
      'update',
      { doc: 'sheet:../../etc/passwd', update: new Uint8Array([0, 0]) },
      'BAD_REQUEST',
    ],
    [
      'join of another workbook',
      'join',
      { doc: 'wb:someone-else', stateVector: new Uint8Array([0]) },
      'FORBIDDEN',
    ],
    [
      'join of a sheet of another workbook',
      'join',
      { doc: 'sheet:someone-else:nope', stateVector: new Uint8Array([0]) },
      'FORBIDDEN',
    ],
    [
      'join with an unknown document kind',
      'join',
      { doc: 'file:/etc/passwd', stateVector: new Uint8Array([0]) },
      'BAD_REQUEST',
    ],
    [
      'join with __proto__ keys',
      'join',
      JSON.parse('{"__proto__": {"polluted": true}, "doc": "wb:x"}'),
      'BAD_REQUEST',
    ],
    ['join with text state vector', 'join', { doc: 'wb:x', stateVector: 'AA==' }, 'BAD_REQUEST'],
    [
      'join with a 1 MB document name',
      'join',
      { doc: 'sheet:' + 'a'.repeat(1_000_000), stateVector: new Uint8Array([0]) },
      'BAD_REQUEST',
    ],
  ]
  for (const [name, event, payload, code] of malformedMessages) {
    it(`message: ${name} is refused with ${code}`, async () => {
      expect(await send(event, payload)).toMatchObject({ error: { code } })
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it('message: unknown events, missing acks and garbage awareness are ignored without harm', async () => {
    const socket = attacker.provider.socket
    socket.emit('nope', { doc: doc() })
    socket.emit('__proto__', {})
    socket.emit('update', { doc: doc(), update: new Uint8Array([1, 2, 3]) })
    socket.emit('join', { doc: doc(), stateVector: new Uint8Array([0]) })
    socket.emit('awareness', { doc: doc(), update: bytes(7, 64) })
    socket.emit('awareness', { doc: doc(), update: 'not binary' })
    socket.emit('leave', { doc: 42 })
    const ack = await send('update', { doc: doc(), update: new Uint8Array([0, 0]) })
    expect(ack).toEqual({ ok: true })
  })

  it('message: a raw packet nested 10,000 deep is refused and the connection keeps working', async () => {
    // Sent below socket.io-client, whose own encoder would overflow its stack first.
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    attacker.provider.socket.io.engine.send(`2/sync,9999["join",${deep}]`)
    attacker.provider.socket.io.engine.send(`2/sync,9998["update",{"doc":${deep}}]`)
    expect(await send('update', { doc: doc(), update: new Uint8Array([0, 0]) })).toEqual({
      ok: true,
    })
  })

  it('flood: a burst of joins and updates is rate limited, and the socket recovers', async () => {
    const acks = await Promise.all(
      Array.from({ length: 600 }, () =>
        send('join', { doc: doc(), stateVector: new Uint8Array([0]) }),
      ),
    )
    const limited = acks.filter(
      (a) => (a as { error?: { code: string } }).error?.code === 'RATE_LIMITED',
    )
    expect(limited.length).toBeGreaterThan(0)
    await waitUntil(
      async () =>
        ((await send('update', { doc: doc(), update: new Uint8Array([0, 0]) })) as { ok?: boolean })
          .ok === true,
      10_000,
      200,
    )
  })

  it('message: a 10 MB payload drops that connection only; others keep working', async () => {
    const victim = await openSheetClient(url, wbId, sheetId, token)
    const dropped = new Promise<string>((resolve) =>
      victim.provider.socket.once('disconnect', resolve),
    )
    victim.provider.socket.emit('update', { doc: doc(), update: new Uint8Array(10 * 1024 * 1024) })
    expect(await dropped).toMatch(/transport/)
    victim.close()
    expect(await send('update', { doc: doc(), update: new Uint8Array([0, 0]) })).toEqual({
      ok: true,
    })
  })

  // Binary packets travel as one frame (`@cellmate/client/wire`); these are sent below the
  // client's encoder. What the decoder refuses closes that connection, as an undecodable text
  // packet always did, and nothing of it reaches a handler.
  const malformedFrames: Array<[string, Array<string | Uint8Array>]> = [
    [
      'an update in the default parser’s two frames',
      [
        `51-/sync,9997["update",{"doc":"wb:x","update":{"_placeholder":true,"num":0}}]`,
        bytes(3, 8),
      ],
    ],
    ['a binary frame with a length past its end', [new Uint8Array([0, 0, 0, 200, 0x35, 0x31])]],
    ['a binary frame of random bytes', [bytes(11, 64)]],
    [
      'a binary frame holding a text packet',
      [frameOf(new TextEncoder().encode(`2/sync,9996["update",{"doc":"wb:x"}]`))],
    ],
    [
      'a binary frame announcing two attachments and holding one',
      [
        frameOf(
          new TextEncoder().encode(`52-/sync,9995["update",{"_placeholder":true,"num":1}]`),
          bytes(4, 8),
        ),
      ],
    ],
    // Update frames (`updateFrame.ts`: 0xCB, flags, namespace, ack id, event, doc, update).
    ['an update frame cut inside its ack id', [new Uint8Array([0xcb, 1, 5, ...ascii('/sync'), 0])]],
    [
      'an update frame with a document id past its end',
      [new Uint8Array([0xcb, 0, 5, ...ascii('/sync'), 6, ...ascii('update'), 0, 200, 0x77])],
    ],
    [
      'an update frame with a byte above ASCII in its document id',
      [new Uint8Array([0xcb, 0, 5, ...ascii('/sync'), 6, ...ascii('update'), 0, 1, 0xc3, 0, 0])],
    ],
    [
      'an update frame naming a reserved event',
      [new Uint8Array([0xcb, 0, 5, ...ascii('/sync'), 10, ...ascii('disconnect'), 0, 0])],
    ],
    ['an update frame with an unknown flag', [new Uint8Array([0xcb, 4, ...bytes(5, 20)])]],
  ]
  for (const [name, frames] of malformedFrames) {
    it(`message: ${name} drops that connection only; others keep working`, async () => {
      const victim = await openSheetClient(url, wbId, sheetId, token)
      const dropped = new Promise<string>((resolve) =>
        victim.provider.socket.once('disconnect', resolve),
      )
      for (const f of frames) victim.provider.socket.io.engine.send(f)
      expect(await dropped).toMatch(/transport/)
      victim.close()
      expect(await send('update', { doc: doc(), update: new Uint8Array([0, 0]) })).toEqual({
        ok: true,
      })
      expect(await sheetState(), 'the stored sheet changed').toBe(baseline)
    })
  }

  const handshakes: Array<[string, Record<string, unknown>]> = [
    ['no workbook id', {}],
    ['a workbook id with a path', { workbookId: '../etc' }],
    ['an unknown workbook', { workbookId: 'doesnotexist' }],
    ['a protocol version from the future', { workbookId: 'x', protocol: 99 }],
    ['a 100 KB token', { workbookId: 'x', token: 't'.repeat(100_000) }],
  ]
  for (const [name, auth] of handshakes) {
    it(`handshake: ${name} is refused before any document is reachable`, async () => {
      const provider = new SyncProvider({
        url,
        workbookId: 'placeholder',
        transports: ['websocket'],
      })
      provider.socket.auth = auth
      provider.socket.disconnect().connect()
      const errors: string[] = []
      provider.on('error', (_doc, e) => errors.push(e.code))
      await waitUntil(() => provider.status.connection === 'denied')
      expect(errors[0]).toMatch(/BAD_REQUEST|NOT_FOUND/)
      provider.destroy()
    })
  }

  const restCases: Array<[string, string, string, string | undefined, string, number]> = [
    [
      '__proto__ cell address',
      'PATCH',
      'cells',
      '{"cells":{"__proto__":"x"}}',
      'application/json',
      400,
    ],
    [
      'constructor.prototype body',
      'PATCH',
      'cells',
      '{"constructor":{"prototype":{"polluted":true}}}',
      'application/json',
      400,
    ],
    [
      'deeply nested body',
      'PATCH',
      'cells',
      '{"cells":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      'application/json',
      400,
    ],
    [
      '10 MB body',
      'PATCH',
      'cells',
      JSON.stringify({ cells: { A1: 'x'.repeat(10 * 1024 * 1024) } }),
      'application/json',
      413,
    ],
    ['form-encoded body', 'PATCH', 'cells', 'cells=1', 'application/x-www-form-urlencoded', 415],
    ['truncated JSON', 'PATCH', 'cells', '{"cells":{"A1":"x"', 'application/json', 400],
    ['script in a range', 'GET', 'cells?range=%3Cscript%3E', undefined, 'application/json', 400],
  ]
  for (const [name, method, path, body, type, status] of restCases) {
    it(`REST: ${name} answers ${status} with an error code`, async () => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` }
      if (body !== undefined) headers['content-type'] = type
      const res = await fetch(`${url}/api/workbooks/${wbId}/sheets/${sheetId}/${path}`, {
        method,
        headers,
        body,
      })
      expect(res.status).toBe(status)
      const json = (await res.json()) as { error: { code: string; message: string } }
      expect(json.error.code).toMatch(/^[A-Z_]+$/)
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it('after all of it the stored sheet is unchanged and the server serves normal edits', async () => {
    expect(await sheetState()).toBe(baseline)
    await rest(url, token).writeCells(wbId, sheetId, { C3: 'still works' })
    expect((await rest(url, token).readCells(wbId, sheetId, 'A1:C3')).inputs).toEqual([
      ['precious', '', ''],
      ['', 'data', ''],
      ['', '', 'still works'],
    ])
  })
})
