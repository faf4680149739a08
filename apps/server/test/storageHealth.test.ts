import { afterEach, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { breakableStore } from './support/breakableStore.js'
import { rest, startInProcess, tempDataDir, waitUntil } from './support/testServer.js'

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/healthz`)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function post(url: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${url}${path}`, { method: 'POST', ...init })
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string; message: string } },
  }
}

const json = { headers: { 'content-type': 'application/json' }, body: '{}' }

function csvUpload(): FormData {
  const form = new FormData()
  form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'numbers.csv')
  return form
}

describe('a store that cannot write', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer | null = null

  afterEach(async () => {
    await server?.close()
    server = null
    data.remove()
  })

  it('a read-only data dir: /healthz answers 503 degraded, and creating a workbook 503 STORAGE_FAILED, until it can write again', async () => {
    data = tempDataDir()
    const broken = breakableStore(data.dir)
    broken.fail = 'read-only'
    let url: string
    ;({ server, url } = await startInProcess(data.dir, 0, { store: broken.store }))

    expect(await health(url)).toEqual({
      status: 503,
      body: { status: 'degraded', store: 'cannot write: storage is read-only', documentsLoaded: 0 },
    })
    expect(await post(url, '/api/workbooks', json)).toEqual({
      status: 503,
      body: {
        error: {
          code: 'STORAGE_FAILED',
          message: 'storage is read-only: the workbook was not created; try again later',
        },
      },
    })
    expect(await post(url, '/api/workbooks/import', { body: csvUpload() })).toMatchObject({
      status: 503,
      body: { error: { code: 'STORAGE_FAILED' } },
    })

    broken.fail = null
    await waitUntil(async () => (await health(url)).status === 200)
    expect((await health(url)).body).toMatchObject({ status: 'ok', store: 'ok' })
    expect((await post(url, '/api/workbooks', json)).status).toBe(201)
  })

  it('a disk that fills while serving: creation, imports and new links answer 503 STORAGE_FAILED, never 500, and /healthz says so at once', async () => {
    data = tempDataDir()
    const broken = breakableStore(data.dir)
    let url: string
    ;({ server, url } = await startInProcess(data.dir, 0, { store: broken.store }))
    const wb = await rest(url).createWorkbook('before the disk filled')
    expect((await health(url)).status).toBe(200)

    broken.fail = 'full'
    const created = await post(url, '/api/workbooks', json)
    expect(created).toEqual({
      status: 503,
      body: {
        error: {
          code: 'STORAGE_FAILED',
          message: 'storage is full: the workbook was not created; try again later',
        },
      },
    })
    expect(await health(url)).toMatchObject({
      status: 503,
      body: { status: 'degraded', store: 'cannot write: storage is full' },
    })
    expect(await post(url, '/api/workbooks/import', { body: csvUpload() })).toMatchObject({
      status: 503,
      body: { error: { code: 'STORAGE_FAILED' } },
    })
    const link = await post(url, `/api/workbooks/${wb.id}/links`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${wb.token}` },
      body: JSON.stringify({ role: 'view' }),
    })
    expect(link).toEqual({
      status: 503,
      body: {
        error: {
          code: 'STORAGE_FAILED',
          message: 'storage is full: the link was not created; try again later',
        },
      },
    })
    // Reads still work: the workbook created before is there.
    expect((await rest(url, wb.token).getWorkbook(wb.id)).title).toBe('before the disk filled')

    broken.fail = null
    await waitUntil(async () => (await health(url)).status === 200)
    expect((await post(url, '/api/workbooks', json)).status).toBe(201)
  })
})
