import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { startInProcess, tempDataDir, waitUntil } from './support/testServer.js'

const MAX_BYTES = 256 * 1024
const BOUNDARY = 'cellmate-test-boundary'

/** The opening of a multipart body whose one file part follows. */
const partHead = (filename: string): string =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
  `Content-Type: text/csv\r\n\r\n`
const bodyEnd = `\r\n--${BOUNDARY}--\r\n`

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: { error?: { code: string; message: string }; id?: string }
}

/**
 * An import request whose body the test writes itself, as slowly or as far as it likes;
 * `answer` resolves with the response, whenever the server sends it.
 */
function openImport(
  url: string,
  headers: http.OutgoingHttpHeaders = {},
): { req: http.ClientRequest; answer: Promise<Answer> } {
  const req = http.request(`${url}/api/workbooks/import`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
  })
  // The server may close the connection while the rest of the body is still being written.
  req.on('error', () => {})
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      )
      res.on('error', reject)
    })
  })
  return { req, answer }
}

/** Writes `chunk`, waiting for the socket to drain like a client at full speed. */
async function write(req: http.ClientRequest, chunk: string | Buffer): Promise<void> {
  if (req.write(chunk)) return
  await new Promise<void>((resolve) => {
    const done = (): void => {
      req.off('drain', done)
      req.off('close', done)
      resolve()
    }
    req.once('drain', done)
    req.once('close', done)
  })
}

async function importCsv(url: string, csv: string): Promise<Answer> {
  const form = new FormData()
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'small.csv')
  const res = await fetch(`${url}/api/workbooks/import`, { method: 'POST', body: form })
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: (await res.json()) as Answer['body'],
  }
}

describe('upload limits', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
      importConfig: { maxBytes: MAX_BYTES, maxCells: 50_000 },
      importConcurrency: 1,
    }))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('a Content-Length over the limit is refused with 413 before the body is sent', async () => {
    const declared = 32 * MAX_BYTES
    const { req, answer } = openImport(url, { 'content-length': declared })
    await write(req, partHead('huge.csv'))
    await write(req, Buffer.alloc(16 * 1024, 'x'))
    // The client still holds almost all of its body when the answer comes.
    const res = await answer
    req.destroy()
    expect(res.status).toBe(413)
    expect(res.headers.connection).toBe('close')
    expect(res.body).toEqual({
      error: {
        code: 'LIMIT_EXCEEDED',
        message: 'the upload (8 MB) is larger than 256 KB, the import limit',
      },
    })
  })

  it('a body without a Content-Length is cut off with 413 as soon as it passes the limit', async () => {
    const { req, answer } = openImport(url)
    let answered = false
    void answer.then(() => (answered = true))
    await write(req, partHead('endless.csv'))
    const chunk = Buffer.alloc(16 * 1024, 'y')
    const total = 256 * MAX_BYTES // 64 MiB: far more than the server will read
    let sent = 0
    while (!answered && !req.destroyed && sent < total) {
      await write(req, chunk)
      sent += chunk.length
    }
    const res = await answer
    req.destroy()
    expect(res.status).toBe(413)
    expect(res.body.error).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/larger than 256 KB, the import limit/) as string,
    })
    expect(sent).toBeLessThan(total)
  })

  it('several files count together against the limit', async () => {
    const form = new FormData()
    for (const name of ['a.csv', 'b.csv']) {
      // Each 0.55 of the limit: both together pass it, with a Content-Length under the cut-off.
      form.append('file', new Blob(['1,'.repeat(MAX_BYTES * 0.275)], { type: 'text/csv' }), name)
    }
    const res = await fetch(`${url}/api/workbooks/import`, { method: 'POST', body: form })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      error: {
        code: 'LIMIT_EXCEEDED',
        message: 'the upload is larger than 256 KB, the import limit',
      },
    })
  })

  it('imports past the concurrency cap get 503 with Retry-After at once; the slot frees when the import ends', async () => {
    const csv = 'name,amount\nrent,1200\n'
    const body = partHead('held.csv') + csv + bodyEnd
    const held = openImport(url, { 'content-length': Buffer.byteLength(body) })
    // All but the last bytes: the server reads the upload and waits for the rest.
    await write(held.req, body.slice(0, -4))

    // An upload of nearly the limit: the client is still sending it when the 503 comes, and
    // must get that answer, not a connection closed under it.
    const nearlyTheLimit = `n\n${'1\n'.repeat(MAX_BYTES / 2 - 100)}`
    let refused: Answer | null = null
    await waitUntil(async () => {
      const res = await importCsv(url, nearlyTheLimit)
      if (res.status === 503) refused = res
      return refused !== null
    })
    expect(refused!.headers['retry-after']).toBe('5')
    expect(refused!.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'the server is busy with other imports; try again in 5 seconds',
      },
    })
    expect((await fetch(`${url}/healthz`)).status).toBe(200)

    held.req.end(body.slice(-4))
    const done = await held.answer
    expect(done.body).toMatchObject({ id: expect.any(String) })
    expect(done.status).toBe(201)
    expect((await importCsv(url, 'a\n1\n')).status).toBe(201)
  })
})
