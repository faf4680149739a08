import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

describe('REST API', () => {
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

  async function call(method: string, path: string, body?: unknown, token?: string) {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  it('creates a workbook with one sheet and an owner token, and reads it back', async () => {
    const created = await call('POST', '/api/workbooks', { title: 'Budget' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ title: 'Budget', sheets: [{ name: 'Sheet1' }] })
    expect(String(created.body.token).length).toBeGreaterThanOrEqual(40)
    const read = await call(
      'GET',
      `/api/workbooks/${String(created.body.id)}`,
      undefined,
      String(created.body.token),
    )
    expect(read.body).toEqual({
      id: created.body.id,
      title: 'Budget',
      sheets: created.body.sheets,
      role: 'owner',
    })
    const untitled = await call('POST', '/api/workbooks', {})
    expect(untitled.body.title).toBe('Untitled workbook')
  })

  it('writes cells and reads a range row-major with "" for empty cells', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '5', B2: 'hello', C1: '=A1*2' })
    const read = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:C2')
    expect(read).toEqual({
      range: 'A1:C2',
      inputs: [
        ['5', '', '=A1*2'],
        ['', 'hello', ''],
      ],
      values: [
        [5, null, 10],
        [null, 'hello', null],
      ],
    })
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: '' })
    expect((await rest(url, wb.token).readCells(wb.id, sheetId, 'a1')).inputs).toEqual([['']])
    // Reversed corners are normalised; rows past the current end read as empty.
    expect((await rest(url, wb.token).readCells(wb.id, sheetId, 'B2:A1')).range).toBe('A1:B2')
    expect((await rest(url, wb.token).readCells(wb.id, sheetId, 'A5000:B5000')).inputs).toEqual([
      ['', ''],
    ])
  })

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const base = `/api/workbooks/${wb.id}/sheets/${sheetId}/cells`
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', `${base}?range=A0:B2`, undefined, 400, 'BAD_REQUEST'],
      ['GET', `${base}?range=hello`, undefined, 400, 'BAD_REQUEST'],
      ['GET', `${base}`, undefined, 400, 'BAD_REQUEST'],
      ['GET', `${base}?range=A1:ZZZ1000000`, undefined, 400, 'LIMIT_EXCEEDED'],
      ['GET', `${base}?range=A1:A2000000`, undefined, 400, 'LIMIT_EXCEEDED'],
      ['PATCH', base, { cells: { B0: 'x' } }, 400, 'BAD_REQUEST'],
      ['PATCH', base, { cells: {} }, 400, 'BAD_REQUEST'],
      ['PATCH', base, { cells: { A1: 5 } }, 400, 'BAD_REQUEST'],
      ['PATCH', base, { cells: { A1: 'x'.repeat(50_001) } }, 400, 'BAD_REQUEST'],
      ['PATCH', base, '{"cells": {', 400, 'BAD_REQUEST'],
      ['PATCH', base, { nope: 1 }, 400, 'BAD_REQUEST'],
      ['GET', `/api/workbooks/nope`, undefined, 404, 'NOT_FOUND'],
      ['GET', `/api/workbooks/${wb.id}/sheets/nope/cells?range=A1`, undefined, 404, 'NOT_FOUND'],
      ['POST', '/api/workbooks', { title: 'x'.repeat(201) }, 400, 'BAD_REQUEST'],
      ['GET', '/api/nothing-here', undefined, 404, 'NOT_FOUND'],
    ]
    for (const [method, path, body, status, code] of cases) {
      const res = await call(method, path, body, wb.token)
      expect(res.status, `${method} ${path}`).toBe(status)
      expect(res.body, `${method} ${path}`).toMatchObject({ error: { code } })
      expect(typeof (res.body.error as { message: unknown }).message).toBe('string')
    }
    const read = await rest(url, wb.token).readCells(wb.id, sheetId, 'A1:C3')
    expect(read.inputs.flat().every((v) => v === '')).toBe(true)
  })

  it('serves the web app for the home page and for deep links into a workbook', async () => {
    for (const path of ['/', '/w/some-workbook', '/w/some-workbook/some-sheet']) {
      const res = await fetch(`${url}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect((await res.text()).toLowerCase()).toContain('<!doctype html>')
    }
  })

  it('publishes an OpenAPI document and a health check', async () => {
    const spec = await call('GET', '/api/openapi.json')
    expect(spec.status).toBe(200)
    expect(Object.keys(spec.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/workbooks', '/api/workbooks/{id}/sheets/{sheetId}/cells']),
    )
    expect((await call('GET', '/healthz')).body).toMatchObject({ status: 'ok' })
  })
})
