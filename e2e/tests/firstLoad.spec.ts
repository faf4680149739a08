import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import { expectCell, openEditor, typeInto, waitSaved } from '../support/grid.js'

/**
 * The documents a page's WebSockets asked to join, in order: the `doc` of each Socket.IO
 * `join` event (a binary frame, `@cellmate/client/wire`: the packet text after its 4-byte
 * length; the state vector travels as an attachment).
 */
function recordJoins(page: Page): string[] {
  const joined: string[] = []
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const text =
        typeof payload === 'string'
          ? payload
          : payload.subarray(4, 4 + payload.readUInt32BE(0)).toString('utf8')
      const doc = /\["join",\{"doc":"([^"]+)"/.exec(text)?.[1]
      if (doc) joined.push(doc)
    }),
  )
  return joined
}

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

  test('the workbook and its sheet are each joined once, whether the link names the sheet or not', async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    const joins = recordJoins(alice.page)
    const wb = `wb:${workbook.id}`
    const sheet = `sheet:${workbook.id}:${workbook.sheetId}`
    // A share link: the first sheet is opened once the workbook document says which it is.
    await openEditor(alice.page, server.editorUrl(workbook))
    await typeInto(alice.page, 'A1', 'one')
    await waitSaved(alice.page)
    expect(joins).toEqual([wb, sheet])

    // A link naming the sheet (the address the page shows now): both documents are opened at
    // once, side by side.
    const named = server.editorUrl(workbook).replace('#', `/${workbook.sheetId}#`)
    await alice.page.goto('about:blank')
    joins.length = 0
    await alice.page.goto(named)
    await expectCell(alice.page, 'A1', 'one')
    await typeInto(alice.page, 'B1', 'two')
    await waitSaved(alice.page)
    expect(joins.sort()).toEqual([sheet, wb].sort())
    expect(await server.readCells(workbook, 'A1:B1')).toEqual([['one', 'two']])
  })

  test("the workbook's connection starts before the app's own script has even arrived", async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    let socketCreated = false
    alice.page.on('websocket', () => (socketCreated = true))
    // The app's chunk (Vue, the grid, the menus) is held back until the page has opened its
    // WebSocket: only the small entry chunk may stand between the address and the connection.
    const held: string[] = []
    await alice.page.route(/\/assets\/app-[^/]+\.js$/, async (route) => {
      held.push(route.request().url())
      await expect.poll(() => socketCreated, { timeout: 20_000 }).toBe(true)
      await route.continue()
    })
    await openEditor(alice.page, server.editorUrl(workbook))
    expect(held).toHaveLength(1)
    await typeInto(alice.page, 'A1', 'typed')
    await waitSaved(alice.page)
    expect(await server.readCells(workbook, 'A1')).toEqual([['typed']])
  })

  test('the first screen needs few enough scripts and styles to fetch them in one round', async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    // Scripts and stylesheets the page asked for before A1 showed, by the page's own clock (the
    // dialogs' chunks, fetched once the grid is on screen, may start before the test sees A1).
    // A browser opens six HTTP/1.1 connections to a host: more than six files wait for a
    // second round of requests (`firstScreenChunks` in the web app's build).
    await alice.page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('[role="gridcell"][data-address="A1"]')) {
          ;(globalThis as { __a1Shown?: number }).__a1Shown ??= performance.now()
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await alice.page.goto(server.editorUrl(workbook))
    await expect(alice.page.locator('[role="gridcell"][data-address="A1"]')).toBeVisible()
    const asked = await alice.page.evaluate(() => {
      const shown = (globalThis as { __a1Shown?: number }).__a1Shown ?? Infinity
      return performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime < shown && /\.(?:js|css)$/.test(new URL(r.name).pathname))
        .map((r) => new URL(r.name).pathname)
    })
    expect(asked.length, asked.join(', ')).toBeLessThanOrEqual(6)
    expect(asked.some((path) => /\/assets\/app-[^/]+\.js$/.test(path))).toBe(true)
    await waitSaved(alice.page)
    await typeInto(alice.page, 'A1', 'one round')
    await waitSaved(alice.page)
    expect(await server.readCells(workbook, 'A1')).toEqual([['one round']])
  })

  test('dialogs and panels are not needed for the grid, and open on a first click once it shows', async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    // Their chunks are held back until the grid is on screen: the first screen never waits
    // for them.
    let gridShown = false
    const held: string[] = []
    await alice.page.route(/\/assets\/(ShareDialog|HistoryPanel)-[^/]+\.js$/, async (route) => {
      held.push(new URL(route.request().url()).pathname)
      await expect.poll(() => gridShown, { timeout: 20_000 }).toBe(true)
      await route.continue()
    })
    await openEditor(alice.page, server.editorUrl(workbook))
    gridShown = true
    await alice.page.getByRole('button', { name: 'Share' }).click()
    await expect(alice.page.getByTestId('create-view-link')).toBeVisible()
    await alice.page.keyboard.press('Escape')
    await alice.page.getByTestId('history-toggle').click()
    await expect(alice.page.getByTestId('history-panel')).toBeVisible()
    expect(held.map((path) => /^\/assets\/([A-Za-z]+)-/.exec(path)?.[1]).sort()).toEqual([
      'HistoryPanel',
      'ShareDialog',
    ])
  })

  test('the grid shows before the format buttons, which follow without moving it', async ({
    newUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    await alice.page.addInitScript(() => {
      const order: string[] = []
      Object.assign(globalThis, { __shownOrder: order })
      new MutationObserver(() => {
        for (const [name, selector] of [
          ['grid', '[role="gridcell"][data-address="A1"]'],
          ['format', '[data-testid="format-toolbar"]'],
        ] as const) {
          if (!order.includes(name) && document.querySelector(selector)) order.push(name)
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await openEditor(alice.page, server.editorUrl(workbook))
    const a1 = alice.page.locator('[role="gridcell"][data-address="A1"]')
    const before = await a1.boundingBox()
    await expect(alice.page.getByTestId('format-bold')).toBeVisible()
    expect(
      await alice.page.evaluate(() => (globalThis as { __shownOrder?: string[] }).__shownOrder),
    ).toEqual(['grid', 'format'])
    expect(await a1.boundingBox()).toEqual(before)
  })
})
