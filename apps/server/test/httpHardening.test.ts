import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import { SheetLayout, setCell, sheetDocName } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

/** A raw HTTP/1.1 connection to the server, to send a request as slowly as an attacker would. */
async function rawConnection(url: string): Promise<{
  socket: net.Socket
  received: () => string
  closed: Promise<void>
}> {
  const { hostname, port } = new URL(url)
  const socket = net.connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  let text = ''
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return { socket, received: () => text, closed }
}

/** Resolves with `promise`, or fails the test after `ms`. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

describe('HTTP hardening', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 3, apiPerMinute: 25 },
    }))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('sends security headers, with a CSP that allows only this origin’s scripts and styles', async () => {
    for (const path of ['/', '/w/some-workbook', '/api/openapi.json']) {
      const res = await fetch(`${url}${path}`)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("script-src 'self'")
      expect(csp, path).toContain("style-src 'self'")
      expect(csp, path).toContain("object-src 'none'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).toMatch(
        /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/,
      )
      expect(csp, path).not.toContain('unsafe-inline')
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
    }
  })

  it('answers no CORS headers: other origins cannot read the API or the sync endpoint', async () => {
    const origin = 'https://evil.example'
    const wb = await rest(url).createWorkbook()
    const read = await fetch(`${url}/api/workbooks/${wb.id}`, {
      headers: { origin, authorization: `Bearer ${wb.token}` },
    })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch(`${url}/api/workbooks/${wb.id}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull()
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin },
    })
    expect(polling.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('limits workbook creation per client with a clear 429, and spoofed X-Forwarded-For does not help', async () => {
    // One workbook was created by the test above; the limit is 3 a minute.
    const statuses: number[] = []
    let limited: Response | null = null
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/api/workbooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${i}` },
        body: '{}',
      })
      statuses.push(res.status)
      if (res.status === 429) limited ??= res
    }
    expect(statuses).toEqual([201, 201, 429, 429])
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await limited?.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/too many requests/) as string,
      },
    })
  })

  it('limits every other REST call per client, but never the health check', async () => {
    const codes = new Set<number>()
    for (let i = 0; i < 30; i++) codes.add((await fetch(`${url}/api/openapi.json`)).status)
    expect([...codes].sort()).toEqual([200, 429])
    const res = await fetch(`${url}/api/workbooks/anything`)
    expect(res.status).toBe(429)
    expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    for (let i = 0; i < 30; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })
})

describe('slow requests', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const REQUEST_TIMEOUT_MS = 1000

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
    }))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('a POST whose body trickles in is answered 408 and closed once the request timeout passes', async () => {
    const conn = await rawConnection(url)
    const body = JSON.stringify({ title: 'x'.repeat(200) })
    conn.socket.write(
      `POST /api/workbooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
    )
    // One byte every 50 ms: the whole body would take 10 s.
    let sent = 0
    const trickle = setInterval(() => {
      if (sent < body.length && !conn.socket.destroyed) conn.socket.write(body[sent++]!)
    }, 50)
    try {
      await within(15_000, conn.closed, 'the server closing the slow request')
    } finally {
      clearInterval(trickle)
    }
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /)
    expect(sent).toBeLessThan(body.length)
  })

  it('a connection that never finishes its headers is closed too', async () => {
    const conn = await rawConnection(url)
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n')
    await within(15_000, conn.closed, 'the server closing the half-sent request')
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('a large upload sent at normal speed is not cut off', async () => {
    const label = 'a long label of text '.repeat(5)
    const rows = Array.from({ length: 10_000 }, (_, i) => `${i},${label}${i}`)
    const csv = `n,label\n${rows.join('\n')}\n`
    expect(csv.length).toBeGreaterThan(1024 * 1024)
    const form = new FormData()
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'big.csv')
    const res = await fetch(`${url}/api/workbooks/import`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
  })

  it('Socket.IO long-polling keeps its session while a poll is held past the request timeout', async () => {
    const wb = await rest(url).createWorkbook('polling')
    const sheetId = wb.sheets[0]!.id
    const poller = new SyncProvider({
      url,
      workbookId: wb.id,
      token: wb.token,
      transports: ['polling'],
      reconnectionDelayMs: 50,
      reconnectionDelayMaxMs: 200,
      ackTimeoutMs: 2000,
    })
    const pollerDoc = new Y.Doc()
    const editor = await openSheetClient(url, wb.id, sheetId, wb.token)
    try {
      await poller.open(sheetDocName(wb.id, sheetId), pollerDoc).whenSynced()
      const sessionId = poller.socket.id
      let disconnects = 0
      poller.socket.on('disconnect', () => disconnects++)
      // Idle for three request timeouts: the poll GET is held by the server all along.
      await new Promise((r) => setTimeout(r, 3 * REQUEST_TIMEOUT_MS))
      const layout = new SheetLayout(editor.doc)
      setCell(editor.doc, layout.rowId(0)!, layout.colId(0)!, 'after the wait')
      await editor.sheet.flushed()
      const seen = new SheetLayout(pollerDoc)
      await waitUntil(() => seen.cellAt(0, 0) === 'after the wait')
      expect(disconnects).toBe(0)
      expect(poller.socket.id).toBe(sessionId)
      expect(poller.socket.io.engine.transport.name).toBe('polling')
      layout.destroy()
      seen.destroy()
    } finally {
      editor.close()
      poller.destroy()
    }
  })
})
