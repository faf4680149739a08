import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { startInProcess, tempDataDir } from './support/testServer.js'

/** A web build as Vite and its compression plugin leave it: hashed assets with .br/.gz copies. */
function builtWebApp(): { dir: string; script: Buffer; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellmate-web-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  const script = Buffer.from(`export const grid = ${JSON.stringify('cell '.repeat(2000))}\n`)
  const asset = path.join(dir, 'assets', 'index-Bx3k9QzA.js')
  fs.writeFileSync(asset, script)
  fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script))
  fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script))
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-Bx3k9QzA.js"></script></head><body><div id="app"></div></body></html>',
  )
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  return { dir, script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  /** The bytes as sent, not decoded. */
  body: Buffer
}

/** A GET whose `accept-encoding` is exactly `acceptEncoding` (none when undefined). */
function get(url: string, pathname: string, acceptEncoding?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }
    http
      .get(new URL(pathname, url), { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        )
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

describe('serving the built web app', () => {
  let web: ReturnType<typeof builtWebApp>
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const webDistBefore = process.env.WEB_DIST

  beforeAll(async () => {
    web = builtWebApp()
    process.env.WEB_DIST = web.dir
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    await server.close()
    if (webDistBefore === undefined) delete process.env.WEB_DIST
    else process.env.WEB_DIST = webDistBefore
    data.remove()
    web.remove()
  })

  it('sends a hashed script brotli-compressed to a browser that accepts it, cached for good', async () => {
    const res = await get(url, '/assets/index-Bx3k9QzA.js', 'gzip, deflate, br, zstd')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/)
    expect(res.headers.vary).toMatch(/accept-encoding/i)
    expect(res.body.length).toBeLessThan(web.script.length)
    expect(zlib.brotliDecompressSync(res.body).equals(web.script)).toBe(true)
  })

  it('sends gzip to a client that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gzip = await get(url, '/assets/index-Bx3k9QzA.js', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(zlib.gunzipSync(gzip.body).equals(web.script)).toBe(true)

    const plain = await get(url, '/assets/index-Bx3k9QzA.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(plain.body.equals(web.script)).toBe(true)
  })

  it('has index.html revalidated on every load, for the home page and deep links alike', async () => {
    for (const page of ['/', '/w/some-workbook/some-sheet']) {
      const res = await get(url, page, 'gzip, br')
      expect(res.status, page).toBe(200)
      expect(res.headers['content-type'], page).toMatch(/^text\/html/)
      expect(res.headers['cache-control'], page).toBe('no-cache')
      expect(res.body.toString(), page).toContain('/assets/index-Bx3k9QzA.js')
      // The strict CSP still holds: the page loads its script from this origin only.
      const csp = String(res.headers['content-security-policy'])
      expect(csp, page).toContain("script-src 'self'")
      expect(csp, page).not.toContain('unsafe-inline')
    }
  })

  it('revalidates files without a hash in their name, and serves no compressed copy by its own name', async () => {
    const icon = await get(url, '/favicon.svg', 'gzip, br')
    expect(icon.status).toBe(200)
    expect(icon.headers['cache-control']).toBe('no-cache')
    expect((await get(url, '/assets/index-Bx3k9QzA.js.br', 'br')).status).toBe(404)
    expect((await get(url, '/assets/index-Bx3k9QzA.js.gz')).status).toBe(404)
    expect((await get(url, '/assets/index-0ld0ne00.js', 'br')).status).toBe(404)
  })
})
