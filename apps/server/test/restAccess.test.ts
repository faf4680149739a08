import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Who may call what over REST: every workbook route family against every kind of caller.
 * A refused call answers 401/403 with a code and changes nothing.
 */

type Caller = 'owner' | 'editor' | 'viewer' | 'revoked' | 'otherOwner' | 'garbage' | 'none'
type Need = 'read' | 'write' | 'share'

/** What each caller gets for each kind of route. */
const EXPECTED: Record<Caller, Record<Need, 'ok' | 401 | 403>> = {
  owner: { read: 'ok', write: 'ok', share: 'ok' },
  editor: { read: 'ok', write: 'ok', share: 403 },
  viewer: { read: 'ok', write: 403, share: 403 },
  revoked: { read: 403, write: 403, share: 403 },
  otherOwner: { read: 403, write: 403, share: 403 },
  garbage: { read: 403, write: 403, share: 403 },
  none: { read: 401, write: 401, share: 401 },
}

interface RouteCase {
  name: string
  need: Need
  method: string
  /** Builds the path, preparing what the call needs (a sheet to delete, a link to revoke). */
  path: () => Promise<string>
  body?: unknown
  ok: number
}

describe('REST access by role', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wb: CreatedWorkbook
  let sheetId: string
  const tokens = {} as Record<Caller, string | undefined>

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir, 0, {
      rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
    }))
    wb = await rest(url).createWorkbook('shared')
    sheetId = wb.sheets[0]!.id
    const owner = rest(url, wb.token)
    await owner.writeCells(wb.id, sheetId, { A1: 'precious' })
    const revoked = await owner.createLink(wb.id, 'edit')
    await owner.revokeLink(wb.id, revoked.id)
    tokens.owner = wb.token
    tokens.editor = (await owner.createLink(wb.id, 'edit')).token
    tokens.viewer = (await owner.createLink(wb.id, 'view')).token
    tokens.revoked = revoked.token
    tokens.otherOwner = (await rest(url).createWorkbook('another')).token
    tokens.garbage = 'A'.repeat(43)
    tokens.none = undefined
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  const owner = () => rest(url, wb.token)
  const base = () => `/api/workbooks/${wb.id}`
  const sheet = () => `${base()}/sheets/${sheetId}`
  /** A fresh sheet, so a successful delete or resize never runs out of targets. */
  const freshSheet = async () => `${base()}/sheets/${(await owner().addSheet(wb.id)).id}`

  const routes: RouteCase[] = [
    { name: 'read the workbook', need: 'read', method: 'GET', path: async () => base(), ok: 200 },
    {
      name: 'read cells',
      need: 'read',
      method: 'GET',
      path: async () => `${sheet()}/cells?range=A1:B2`,
      ok: 200,
    },
    {
      name: 'write cells',
      need: 'write',
      method: 'PATCH',
      path: async () => `${sheet()}/cells`,
      body: { cells: { B2: 'written' } },
      ok: 200,
    },
    {
      name: 'add a sheet',
      need: 'write',
      method: 'POST',
      path: async () => `${base()}/sheets`,
      body: {},
      ok: 201,
    },
    {
      name: 'rename a sheet',
      need: 'write',
      method: 'PATCH',
      path: freshSheet,
      body: { position: 1 },
      ok: 200,
    },
    {
      name: 'duplicate a sheet',
      need: 'write',
      method: 'POST',
      path: async () => `${sheet()}/duplicate`,
      ok: 201,
    },
    { name: 'delete a sheet', need: 'write', method: 'DELETE', path: freshSheet, ok: 204 },
    {
      name: 'insert rows',
      need: 'write',
      method: 'POST',
      path: async () => `${await freshSheet()}/rows`,
      body: { at: 1, count: 1 },
      ok: 200,
    },
    {
      name: 'delete columns',
      need: 'write',
      method: 'DELETE',
      path: async () => `${await freshSheet()}/cols`,
      body: { at: 'A', count: 1 },
      ok: 200,
    },
    {
      name: 'create a link',
      need: 'share',
      method: 'POST',
      path: async () => `${base()}/links`,
      body: { role: 'view' },
      ok: 201,
    },
    {
      name: 'list links',
      need: 'share',
      method: 'GET',
      path: async () => `${base()}/links`,
      ok: 200,
    },
    {
      name: 'revoke a link',
      need: 'share',
      method: 'DELETE',
      path: async () => `${base()}/links/${(await owner().createLink(wb.id, 'view')).id}`,
      ok: 204,
    },
  ]

  async function call(method: string, pathname: string, token?: string, body?: unknown) {
    const headers: Record<string, string> = {}
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${url}${pathname}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null }
  }

  /** Everything a refused call could have changed, as the owner sees it. */
  async function snapshot(): Promise<string> {
    const api = owner()
    const book = await api.getWorkbook(wb.id)
    const cells = await api.readCells(wb.id, sheetId, 'A1:C3')
    const links = await api.listLinks(wb.id)
    return JSON.stringify({ book, cells, links })
  }

  for (const route of routes) {
    for (const caller of Object.keys(EXPECTED) as Caller[]) {
      const expected = EXPECTED[caller][route.need]
      const outcome = expected === 'ok' ? route.ok : expected
      it(`${route.name} (${route.need}) as ${caller}: ${outcome}`, async () => {
        const pathname = await route.path()
        const before = expected === 'ok' ? null : await snapshot()
        const res = await call(route.method, pathname, tokens[caller], route.body)
        expect(res.status, JSON.stringify(res.body)).toBe(outcome)
        if (expected !== 'ok') {
          expect(res.body).toMatchObject({
            error: { code: expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN' },
          })
          expect(await snapshot()).toBe(before)
        }
      })
    }
    it(`${route.name} on a workbook that does not exist: 404`, async () => {
      const pathname = (await route.path()).replace(wb.id, 'no-such-workbook')
      const res = await call(route.method, pathname, wb.token, route.body)
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } })
    })
  }

  it('a malformed Authorization header is no token at all: 401', async () => {
    for (const header of ['Basic abc', `Bearer ${wb.token} extra`, 'Bearer', wb.token]) {
      const res = await fetch(`${url}${base()}`, { headers: { authorization: header } })
      expect(res.status, header).toBe(401)
    }
  })

  it('the workbook list of routes in the OpenAPI document declares bearer auth', async () => {
    const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>
    }
    const workbookPaths = Object.keys(spec.paths).filter((p) => p.startsWith('/api/workbooks/{id}'))
    expect(workbookPaths).toEqual(
      expect.arrayContaining(['/api/workbooks/{id}/links', '/api/workbooks/{id}/links/{linkId}']),
    )
    for (const p of workbookPaths) {
      for (const [method, op] of Object.entries(spec.paths[p]!)) {
        expect(op.security, `${method} ${p}`).toEqual([{ bearer: [] }])
      }
    }
  })
})

describe('share links', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('a new link carries a fresh 256-bit token in the fragment of a URL on this origin', async () => {
    const wb = await rest(url).createWorkbook()
    const owner = rest(url, wb.token)
    const edit = await owner.createLink(wb.id, 'edit')
    const view = await owner.createLink(wb.id, 'view')
    expect(edit).toMatchObject({ role: 'edit', id: expect.any(String) as string })
    expect(view.role).toBe('view')
    for (const link of [edit, view]) {
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(link.url).toBe(`${url}/w/${wb.id}#token=${link.token}`)
      expect(Number.isNaN(Date.parse(link.createdAt))).toBe(false)
    }
    expect(new Set([edit.token, view.token, wb.token]).size).toBe(3)
    expect((await rest(url, view.token).getWorkbook(wb.id)).id).toBe(wb.id)
  })

  it('the list shows working links oldest first and never a token; revoking one removes it', async () => {
    const wb = await rest(url).createWorkbook()
    const owner = rest(url, wb.token)
    const a = await owner.createLink(wb.id, 'view')
    const b = await owner.createLink(wb.id, 'edit')
    const listed = await owner.listLinks(wb.id)
    expect(listed).toEqual([
      { id: a.id, role: 'view', createdAt: a.createdAt, copyable: true },
      { id: b.id, role: 'edit', createdAt: b.createdAt, copyable: true },
    ])
    expect(JSON.stringify(listed)).not.toContain(a.token)
    await owner.revokeLink(wb.id, a.id)
    expect((await owner.listLinks(wb.id)).map((l) => l.id)).toEqual([b.id])
    // Revoking twice, or a link of another workbook, is a 404.
    await expect(owner.revokeLink(wb.id, a.id)).rejects.toMatchObject({ status: 404 })
    const other = await rest(url).createWorkbook()
    const foreign = await rest(url, other.token).createLink(other.id, 'view')
    await expect(owner.revokeLink(wb.id, foreign.id)).rejects.toMatchObject({ status: 404 })
    expect(await rest(url, foreign.token).getWorkbook(other.id)).toMatchObject({ id: other.id })
    // A link opens only its own workbook.
    await expect(rest(url, foreign.token).getWorkbook(wb.id)).rejects.toMatchObject({
      status: 403,
    })
  })

  it('reading a workbook tells each caller its own role, as the app needs to show the right UI', async () => {
    const wb = await rest(url).createWorkbook('roles')
    const owner = rest(url, wb.token)
    const edit = await owner.createLink(wb.id, 'edit')
    const view = await owner.createLink(wb.id, 'view')
    expect((await owner.getWorkbook(wb.id)).role).toBe('owner')
    expect((await rest(url, edit.token).getWorkbook(wb.id)).role).toBe('editor')
    expect(await rest(url, view.token).getWorkbook(wb.id)).toEqual({
      id: wb.id,
      title: 'roles',
      sheets: wb.sheets,
      role: 'viewer',
    })
    await owner.revokeLink(wb.id, view.id)
    await expect(rest(url, view.token).getWorkbook(wb.id)).rejects.toMatchObject({ status: 403 })
  })

  it('refuses a link role other than edit or view', async () => {
    const wb = await rest(url).createWorkbook()
    for (const role of ['owner', 'editor', '', 'VIEW']) {
      const res = await fetch(`${url}/api/workbooks/${wb.id}/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${wb.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role }),
      })
      expect(res.status, role).toBe(400)
    }
    expect(await rest(url, wb.token).listLinks(wb.id)).toEqual([])
  })

  it('stores tokens only as hashes: no token is anywhere in the database files', async () => {
    const wb = await rest(url).createWorkbook()
    const link = await rest(url, wb.token).createLink(wb.id, 'edit')
    const files = fs.readdirSync(data.dir).map((f) => fs.readFileSync(path.join(data.dir, f)))
    expect(files.length).toBeGreaterThan(0)
    for (const bytes of files) {
      expect(bytes.includes(wb.token)).toBe(false)
      expect(bytes.includes(link.token)).toBe(false)
    }
  })

  it('builds link URLs from X-Forwarded-Proto, or from PUBLIC_URL when set', async () => {
    const wb = await rest(url).createWorkbook()
    const res = await fetch(`${url}/api/workbooks/${wb.id}/links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${wb.token}`,
        'content-type': 'application/json',
        'x-forwarded-proto': 'https',
      },
      body: JSON.stringify({ role: 'view' }),
    })
    const body = (await res.json()) as { url: string; token: string }
    expect(body.url).toBe(`${url.replace('http:', 'https:')}/w/${wb.id}#token=${body.token}`)

    const other = tempDataDir()
    const pub = await startInProcess(other.dir, 0, { publicUrl: 'https://sheets.example.com' })
    try {
      const wb2 = await rest(pub.url).createWorkbook()
      const link = await rest(pub.url, wb2.token).createLink(wb2.id, 'edit')
      expect(link.url).toBe(`https://sheets.example.com/w/${wb2.id}#token=${link.token}`)
    } finally {
      await pub.server.close()
      other.remove()
    }
  })
})
