import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

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
