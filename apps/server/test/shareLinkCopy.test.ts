import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * Sharing without friction: the owner copies any link they made again (its token is derived
 * from theirs, only its hash is stored), and editors make view links when the owner allows it.
 */
describe('share links copied again, and view links made by editors', () => {
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

  it('the owner gets the same URL again for a link they made; the database holds no token', async () => {
    const wb = await rest(url).createWorkbook()
    const owner = rest(url, wb.token)
    const edit = await owner.createLink(wb.id, 'edit')
    const view = await owner.createLink(wb.id, 'view')
    expect(await owner.copyLink(wb.id, edit.id)).toEqual({ url: edit.url })
    expect(await owner.copyLink(wb.id, view.id)).toEqual({ url: view.url })
    expect(edit.token).not.toBe(view.token)
    // The copied link opens the workbook with its role.
    expect((await rest(url, view.token).getWorkbook(wb.id)).role).toBe('viewer')
    for (const f of fs.readdirSync(data.dir)) {
      const bytes = fs.readFileSync(path.join(data.dir, f))
      expect(bytes.includes(edit.token), f).toBe(false)
      expect(bytes.includes(view.token), f).toBe(false)
    }
    // Only the owner copies; a revoked link is gone; another owner's token derives nothing.
    await expect(rest(url, edit.token).copyLink(wb.id, view.id)).rejects.toMatchObject({
      status: 403,
    })
    await owner.revokeLink(wb.id, view.id)
    await expect(owner.copyLink(wb.id, view.id)).rejects.toMatchObject({ status: 404 })
    const other = await rest(url).createWorkbook()
    await expect(rest(url, other.token).copyLink(wb.id, edit.id)).rejects.toMatchObject({
      status: 403,
    })
  })

  it('an editor makes view links only while the owner allows it, never edit or comment links', async () => {
    const wb = await rest(url).createWorkbook()
    const owner = rest(url, wb.token)
    const editor = rest(url, (await owner.createLink(wb.id, 'edit')).token)
    const viewer = rest(url, (await owner.createLink(wb.id, 'view')).token)
    await expect(editor.createLink(wb.id, 'view')).rejects.toMatchObject({ status: 403 })
    // Only the owner changes the setting.
    await expect(
      editor.updateSettings(wb.id, { editorsShareViewLinks: true }),
    ).rejects.toMatchObject({ status: 403 })
    expect(await owner.updateSettings(wb.id, { editorsShareViewLinks: true })).toEqual({
      viewersSeeHistory: false,
      editorsShareViewLinks: true,
    })
    // A setting sent alone leaves the other one as it was.
    await owner.updateSettings(wb.id, { viewersSeeHistory: true })
    expect(await editor.getSettings(wb.id)).toEqual({
      viewersSeeHistory: true,
      editorsShareViewLinks: true,
    })

    const made = await editor.createLink(wb.id, 'view')
    expect(made.role).toBe('view')
    expect((await rest(url, made.token).getWorkbook(wb.id)).role).toBe('viewer')
    for (const role of ['edit', 'comment'] as const) {
      await expect(editor.createLink(wb.id, role)).rejects.toMatchObject({ status: 403 })
    }
    await expect(viewer.createLink(wb.id, 'view')).rejects.toMatchObject({ status: 403 })
    // The owner sees it listed (and can revoke it) but did not make it, so cannot copy it.
    const listed = await owner.listLinks(wb.id)
    expect(listed.find((l) => l.id === made.id)).toMatchObject({ role: 'view', copyable: false })
    await expect(owner.copyLink(wb.id, made.id)).rejects.toMatchObject({ status: 404 })

    await owner.updateSettings(wb.id, { editorsShareViewLinks: false })
    await expect(editor.createLink(wb.id, 'view')).rejects.toMatchObject({ status: 403 })
    // Links already made keep working until revoked.
    expect((await rest(url, made.token).getWorkbook(wb.id)).role).toBe('viewer')
    await owner.revokeLink(wb.id, made.id)
    await expect(rest(url, made.token).getWorkbook(wb.id)).rejects.toMatchObject({ status: 403 })
  })
})
