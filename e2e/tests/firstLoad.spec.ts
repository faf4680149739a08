import { expect, test } from '../support/fixtures.js'
import { expectCell, openEditor, typeInto, waitSaved } from '../support/grid.js'

test.describe('first load', () => {
  test('a share link opened in a fresh browser syncs over one WebSocket, with no long-polling, and leaves no token in the address', async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    const websockets: string[] = []
    const polls: string[] = []
    alice.page.on('websocket', (ws) => websockets.push(ws.url()))
    alice.page.on('request', (request) => {
      if (/\/socket\.io\/.*transport=polling/.test(request.url())) polls.push(request.url())
    })
    await openEditor(alice.page, server.editorUrl(workbook))
    await typeInto(alice.page, 'A1', 'first')
    await waitSaved(alice.page)
    expect(await server.readCells(workbook, 'A1')).toEqual([['first']])

    // The connection opened before the app was built is the one the workbook page uses.
    expect(websockets).toHaveLength(1)
    expect(polls).toEqual([])
    expect(alice.page.url()).not.toContain('token')

    // A reload opens the workbook with the remembered token, again over one connection.
    await alice.page.reload()
    await expectCell(alice.page, 'A1', 'first')
    await waitSaved(alice.page)
    expect(websockets).toHaveLength(2)
  })
})
