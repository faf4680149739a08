import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider, type CreatedWorkbook } from '@cellmate/client'
import { SheetLayout, setCell, sheetDocName, sheetTypes } from '@cellmate/model'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
  type SheetClient,
} from './support/testServer.js'

/** The sheet's cells as a fresh owner connection reads them from the server. */
async function storedCells(url: string, wb: CreatedWorkbook): Promise<Record<string, unknown>> {
  const reader = await openSheetClient(url, wb.id, wb.sheets[0]!.id, wb.token)
  const cells = sheetTypes(reader.doc).cells.toJSON()
  reader.close()
  return cells
}

describe('sync access by role', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  let wb: CreatedWorkbook
  let sheetId: string
  const clients: SheetClient[] = []
  const providers: SyncProvider[] = []

  beforeEach(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
    wb = await rest(url).createWorkbook('roles')
    sheetId = wb.sheets[0]!.id
    await rest(url, wb.token).writeCells(wb.id, sheetId, { A1: 'precious' })
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    for (const p of providers.splice(0)) p.destroy()
    vi.restoreAllMocks()
    await server.close()
    data.remove()
  })

  /** A provider for the workbook with `token` (as a modified client could build it). */
  function connect(token: string | undefined, workbookId = wb.id): SyncProvider {
    const provider = new SyncProvider({
      url,
      workbookId,
      token,
      transports: ['websocket'],
      reconnectionDelayMs: 20,
      reconnectionDelayMaxMs: 50,
    })
    providers.push(provider)
    return provider
  }

  async function refusal(provider: SyncProvider): Promise<string | undefined> {
    await waitUntil(() => provider.status.connection === 'denied')
    return provider.denial?.code
  }

  it('a handshake without a valid token is refused before any document is reachable', async () => {
    const owner = rest(url, wb.token)
    const revoked = await owner.createLink(wb.id, 'view')
    await owner.revokeLink(wb.id, revoked.id)
    const other = await rest(url).createWorkbook()
    const cases: Array<[string, string | undefined, string, string]> = [
      ['no token', undefined, wb.id, 'UNAUTHORIZED'],
      ['an empty token', '', wb.id, 'UNAUTHORIZED'],
      ['a made-up token', 'x'.repeat(43), wb.id, 'FORBIDDEN'],
      ['a revoked link', revoked.token, wb.id, 'FORBIDDEN'],
      ["another workbook's owner token", other.token, wb.id, 'FORBIDDEN'],
      ['an unknown workbook', wb.token, 'no-such-workbook', 'NOT_FOUND'],
    ]
    for (const [name, token, workbookId, code] of cases) {
      const provider = connect(token, workbookId)
      const errors: string[] = []
      provider.on('error', (_doc, e) => errors.push(e.code))
      expect(await refusal(provider), name).toBe(code)
      expect(errors, name).toEqual([code])
      expect(provider.socket.connected, name).toBe(false)
    }
  })

  it('each token joins with its role', async () => {
    const owner = rest(url, wb.token)
    const tokens = {
      owner: wb.token,
      editor: (await owner.createLink(wb.id, 'edit')).token,
      viewer: (await owner.createLink(wb.id, 'view')).token,
    }
    for (const [role, token] of Object.entries(tokens)) {
      const client = await openSheetClient(url, wb.id, sheetId, token)
      clients.push(client)
      expect(client.sheet.role).toBe(role)
    }
  })

  it('a viewer sees live edits, but its updates are refused, logged, and change nothing', async () => {
    const owner = rest(url, wb.token)
    const viewerToken = (await owner.createLink(wb.id, 'view')).token
    const editor = await openSheetClient(
      url,
      wb.id,
      sheetId,
      (await owner.createLink(wb.id, 'edit')).token,
    )
    const viewer = await openSheetClient(url, wb.id, sheetId, viewerToken)
    clients.push(editor, viewer)
    const viewerLayout = new SheetLayout(viewer.doc)
    expect(viewerLayout.cellAt(0, 0)).toBe('precious')

    // Live changes reach the viewer.
    const editorLayout = new SheetLayout(editor.doc)
    setCell(editor.doc, editorLayout.rowId(1)!, editorLayout.colId(0)!, 'from the editor')
    await editor.sheet.flushed()
    await waitUntil(() => viewerLayout.cellAt(1, 0) === 'from the editor')
    const before = await storedCells(url, wb)

    // A modified client sends an update anyway: refused, logged, nothing applied.
    const warn = vi.spyOn(server.app.log, 'warn')
    const rogue = new Y.Doc()
    Y.applyUpdate(rogue, Y.encodeStateAsUpdate(viewer.doc))
    const rogueLayout = new SheetLayout(rogue)
    const sv = Y.encodeStateVector(rogue)
    setCell(rogue, rogueLayout.rowId(0)!, rogueLayout.colId(0)!, 'defaced')
    const ack = await viewer.provider.socket.timeout(2000).emitWithAck('update', {
      doc: sheetDocName(wb.id, sheetId),
      update: Y.encodeStateAsUpdate(rogue, sv),
    })
    expect(ack).toMatchObject({ error: { code: 'FORBIDDEN' } })
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ doc: sheetDocName(wb.id, sheetId) }),
      'refused an update from a viewer',
    )

    // The viewer's own client: the edit is refused for good and reported.
    const errors: string[] = []
    viewer.provider.on('error', (_doc, e) => errors.push(e.code))
    setCell(viewer.doc, viewerLayout.rowId(2)!, viewerLayout.colId(0)!, 'typed by a viewer')
    await viewer.sheet.flushed()
    expect(errors).toEqual(['FORBIDDEN'])

    expect(await storedCells(url, wb)).toEqual(before)
    expect(editorLayout.cellAt(0, 0)).toBe('precious')
    expect(editorLayout.cellAt(2, 0)).toBe('')
    // Workbook-level edits (sheet tabs) are refused the same way.
    const wbDoc = new Y.Doc()
    const wbSynced = viewer.provider.open(`wb:${wb.id}`, wbDoc)
    await wbSynced.whenSynced()
    expect(wbSynced.role).toBe('viewer')
    wbDoc.getMap('sheetMeta').set('x', 'y')
    await wbSynced.flushed()
    expect(errors).toEqual(['FORBIDDEN', 'FORBIDDEN'])
    expect((await owner.getWorkbook(wb.id)).sheets).toEqual(wb.sheets)
    viewerLayout.destroy()
    editorLayout.destroy()
    rogueLayout.destroy()
  })

  it('revoking a link disconnects its sockets at once, for good; other links keep working', async () => {
    const owner = rest(url, wb.token)
    const viewLink = await owner.createLink(wb.id, 'view')
    const editLink = await owner.createLink(wb.id, 'edit')
    const viewers = [
      await openSheetClient(url, wb.id, sheetId, viewLink.token),
      await openSheetClient(url, wb.id, sheetId, viewLink.token),
    ]
    const editor = await openSheetClient(url, wb.id, sheetId, editLink.token)
    const ownerClient = await openSheetClient(url, wb.id, sheetId, wb.token)
    clients.push(...viewers, editor, ownerClient)
    const revokedEvents: unknown[] = []
    for (const v of viewers) v.provider.socket.on('access-revoked', (m) => revokedEvents.push(m))

    await owner.revokeLink(wb.id, viewLink.id)
    for (const v of viewers) {
      await waitUntil(() => v.provider.status.connection === 'denied')
      expect(v.provider.denial?.code).toBe('FORBIDDEN')
      expect(v.provider.socket.connected).toBe(false)
    }
    expect(revokedEvents).toEqual([
      { error: { code: 'FORBIDDEN', message: expect.stringMatching(/revoked/) as string } },
      { error: { code: 'FORBIDDEN', message: expect.stringMatching(/revoked/) as string } },
    ])

    // Forcing a reconnection (as a modified client would) is refused at the handshake.
    const forced = viewers[0]!.provider.socket
    const refused = new Promise<{ code?: string }>((resolve) =>
      forced.once('connect_error', (err: Error & { data?: { code?: string } }) =>
        resolve(err.data ?? {}),
      ),
    )
    forced.connect()
    expect((await refused).code).toBe('FORBIDDEN')
    await expect(rest(url, viewLink.token).getWorkbook(wb.id)).rejects.toMatchObject({
      status: 403,
    })

    // The other link and the owner were not touched.
    expect(editor.provider.status.connection).toBe('connected')
    expect(ownerClient.provider.status.connection).toBe('connected')
    const layout = new SheetLayout(editor.doc)
    setCell(editor.doc, layout.rowId(4)!, layout.colId(0)!, 'still editing')
    await editor.sheet.flushed()
    expect((await owner.readCells(wb.id, sheetId, 'A5')).inputs).toEqual([['still editing']])
    layout.destroy()
  })

  it("revoking an edit link stops that editor's writes", async () => {
    const owner = rest(url, wb.token)
    const link = await owner.createLink(wb.id, 'edit')
    const editor = await openSheetClient(url, wb.id, sheetId, link.token)
    clients.push(editor)
    const layout = new SheetLayout(editor.doc)
    // Revoke while an update is in flight: it is either stored before the revocation (and
    // acked) or refused; it is never applied after.
    setCell(editor.doc, layout.rowId(0)!, layout.colId(1)!, 'racing the revocation')
    await owner.revokeLink(wb.id, link.id)
    await waitUntil(() => editor.provider.status.connection === 'denied')
    setCell(editor.doc, layout.rowId(0)!, layout.colId(2)!, 'after the revocation')
    const stored = (await owner.readCells(wb.id, sheetId, 'A1:C1')).inputs[0]!
    expect(stored[0]).toBe('precious')
    expect(stored[2]).toBe('')
    layout.destroy()
  })
})
