import type { Page } from '@playwright/test'
import { RestClient, SyncProvider } from '@cellmate/client'
import type { TestWorkbook } from '../support/cellmateServer.js'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCell,
  formulaInput,
  grid,
  openEditor,
  selectCell,
  syncStatus,
  typeInto,
  waitEditorReady,
  waitSaved,
} from '../support/grid.js'

/**
 * Sharing as users meet it: the owner's Share dialog, what a "can view" link lets its holder
 * do (watch, never change), revocation under an open tab, links that open nothing, hostile
 * cell text, and the app on HTTP long-polling when WebSocket is blocked.
 */

function shareDialog(page: Page) {
  return page.getByRole('dialog', { name: /^Share/ })
}

/** Creates a link from the owner's Share dialog and returns its URL (the dialog stays open). */
async function createLinkInDialog(page: Page, role: 'edit' | 'view'): Promise<string> {
  const dialog = shareDialog(page)
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Share' }).click()
  await expect(dialog).toBeVisible()
  const before = await dialog.getByTestId('share-link').count()
  await dialog.getByTestId(role === 'edit' ? 'create-edit-link' : 'create-view-link').click()
  const created = dialog.getByTestId('new-link')
  await expect(created).toHaveAttribute('data-role', role)
  await expect(dialog.getByTestId('share-link')).toHaveCount(before + 1)
  const url = await dialog.getByTestId('share-url').inputValue()
  expect(url).toMatch(/\/w\/[A-Za-z0-9_-]+#token=[A-Za-z0-9_-]{43}$/)
  return url
}

/** A link made over REST by the owner, for tests about what a link does rather than the dialog. */
async function restLink(
  baseUrl: string,
  wb: TestWorkbook,
  role: 'edit' | 'view',
): Promise<{ id: string; token: string; url: string }> {
  return new RestClient(baseUrl, wb.token).createLink(wb.id, role)
}

test.describe('sharing', () => {
  test('the owner makes view and edit links in the Share dialog, copies one, and sees them listed', async ({
    openUser,
    workbook,
  }) => {
    const alice = await openUser('alice')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const share = alice.page.getByRole('button', { name: 'Share' })
    await share.click()
    const dialog = shareDialog(alice.page)
    await expect(dialog).toHaveAttribute('aria-modal', 'true')
    await expect(dialog.getByTestId('no-links')).toBeVisible()
    // Focus starts inside the dialog and stays there.
    await expect(dialog.getByTestId('create-edit-link')).toBeFocused()
    for (let i = 0; i < 6; i++) await alice.page.keyboard.press('Tab')
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true)

    const viewUrl = await createLinkInDialog(alice.page, 'view')
    expect(viewUrl).toContain(`/w/${workbook.id}#token=`)
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect(dialog.getByTestId('copy-status')).toHaveText('Link copied')
    expect(await alice.page.evaluate(() => navigator.clipboard.readText())).toBe(viewUrl)

    const editUrl = await createLinkInDialog(alice.page, 'edit')
    expect(editUrl).not.toBe(viewUrl)
    await expect(dialog.getByTestId('share-link')).toHaveText([
      /Can view\s+created .+Revoke/,
      /Can edit\s+created .+Revoke/,
    ])

    // Escape closes it and gives the focus back to the Share button.
    await alice.page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(share).toBeFocused()
    // The links are still there when it is opened again; their tokens are not.
    await share.click()
    await expect(dialog.getByTestId('share-link')).toHaveCount(2)
    await expect(dialog.getByTestId('new-link')).toHaveCount(0)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(dialog).toBeHidden()

    // The owner tries the view link in this very tab: the workbook reopens view-only…
    await alice.page.goto(viewUrl)
    await expect(alice.page.getByTestId('view-only')).toBeVisible()
    await expect(share).toHaveCount(0)
    // …and from the recent list it opens as its owner again: ownership was not given away.
    await alice.page.goto('/')
    await alice.page.getByTestId('recent-workbooks').getByRole('link').first().click()
    await expect(share).toBeVisible()
    await expect(alice.page.getByTestId('view-only')).toHaveCount(0)
  })

  test('a viewer sees the owner’s edits live but cannot change anything, and nothing reaches the server', async ({
    openUser,
    newUser,
    server,
    workbook,
  }) => {
    // Three users: the default budget is too short on a busy two-core machine.
    test.slow()
    const alice = await openUser('alice')
    const viewUrl = await createLinkInDialog(alice.page, 'view')
    await alice.page.keyboard.press('Escape')
    await server.writeCells(workbook, { A1: 'before', B2: 'keep me' })

    const bob = await newUser('bob')
    await openEditor(bob.page, viewUrl)
    await expect(bob.page.getByTestId('view-only')).toHaveText('View only')
    await expect(bob.page.getByRole('button', { name: 'Share' })).toHaveCount(0)
    await expect(bob.page.getByTestId('add-sheet')).toHaveCount(0)
    await expect(bob.page.getByTestId('undo')).toHaveCount(0)
    await expect(formulaInput(bob.page)).toHaveAttribute('readonly', '')
    await expect(bob.page.getByTestId('sync-problem')).toHaveCount(0)
    await expect(alice.page.getByTestId('view-only')).toHaveCount(0)

    // Live: the owner types, the viewer sees it.
    await typeInto(alice.page, 'A1', 'from alice')
    await expectCell(bob.page, 'A1', 'from alice')

    // The viewer tries every way of changing a cell.
    await selectCell(bob.page, 'B2')
    await bob.page.keyboard.type('nope')
    await bob.page.keyboard.press('Enter')
    await bob.page.keyboard.press('ArrowUp')
    await bob.page.keyboard.press('Delete')
    await bob.page.keyboard.press('Backspace')
    await bob.page.keyboard.press('F2')
    await cell(bob.page, 'B2').dblclick()
    await expect(cellEditor(bob.page)).toHaveCount(0)
    await formulaInput(bob.page).click()
    await bob.page.keyboard.type('typed in the bar')
    await bob.page.keyboard.press('Enter')
    await expect(formulaInput(bob.page)).toHaveValue('keep me')
    // The cell menu holds nothing that edits: only Show edit history.
    await cell(bob.page, 'B2').click({ button: 'right' })
    await expect(bob.page.getByRole('menu').getByRole('menuitem')).toHaveText(['Show edit history'])
    await bob.page.keyboard.press('Escape')
    await expect(bob.page.getByRole('menu')).toHaveCount(0)
    await grid(bob.page).press('Control+z')
    await grid(bob.page).press('Control+Alt+=')
    // Paste from the clipboard.
    await bob.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await bob.page.evaluate(() => navigator.clipboard.writeText('pasted\tover'))
    await selectCell(bob.page, 'B2')
    await bob.page.keyboard.press('Control+v')
    await expect(bob.page.getByTestId('notice')).toContainText('nothing was pasted')
    // Sheet tabs: no rename, no menu.
    await bob.page.getByTestId('sheet-tab').first().dblclick()
    await expect(bob.page.getByTestId('rename-sheet')).toHaveCount(0)

    await expectCell(bob.page, 'B2', 'keep me')
    await expectCell(bob.page, 'A1', 'from alice')
    await waitSaved(bob.page)
    await waitSaved(alice.page)
    expect(await server.readCells(workbook, 'A1:C3')).toEqual([
      ['from alice', '', ''],
      ['', 'keep me', ''],
      ['', '', ''],
    ])
    await expectCell(alice.page, 'B2', 'keep me')
    await expect(cell(alice.page, 'A4')).toBeVisible()

    // An editor's link works as it says.
    const carol = await newUser('carol')
    await openEditor(carol.page, (await restLink(server.url, workbook, 'edit')).url)
    await expect(carol.page.getByTestId('view-only')).toHaveCount(0)
    // An editor's Share button makes view links only (sharingFriction.spec.ts).
    await expect(carol.page.getByRole('button', { name: 'Share' })).toBeVisible()
    await typeInto(carol.page, 'C3', 'carol edits')
    await expectCell(bob.page, 'C3', 'carol edits')
    await waitSaved(carol.page)
    expect(await server.readCell(workbook, 'C3')).toBe('carol edits')
  })

  test('a modified client holding a view link is refused by the server and changes nothing', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'original' })
    const alice = await openUser('alice')
    const view = await restLink(server.url, workbook, 'view')

    // A script that speaks the protocol directly and writes into the document anyway.
    const rogue = new SyncProvider({ url: server.url, workbookId: workbook.id, token: view.token })
    try {
      const refused = new Promise<{ doc: string; code: string }>((resolve) =>
        rogue.on('error', (doc, error) => resolve({ doc, code: error.code })),
      )
      const sheet = rogue.open(`sheet:${workbook.id}:${workbook.sheetId}`)
      await sheet.whenSynced()
      expect(sheet.role).toBe('viewer')
      const rowId = sheet.doc.getArray<string>('rows').get(0)
      const colId = sheet.doc.getArray<string>('cols').get(0)
      sheet.doc.getMap<string>('cells').set(`${rowId}:${colId}`, 'hacked')
      expect(await refused).toEqual({
        doc: `sheet:${workbook.id}:${workbook.sheetId}`,
        code: 'FORBIDDEN',
      })
    } finally {
      rogue.destroy()
    }

    expect(await server.readCell(workbook, 'A1')).toBe('original')
    await expectCell(alice.page, 'A1', 'original')
    // A fresh reader gets the stored document, not the rogue copy.
    await alice.page.reload()
    await waitEditorReady(alice.page)
    await expectCell(alice.page, 'A1', 'original')
    expect(server.log.some((line) => line.includes('refused an update from a viewer'))).toBe(true)
  })

  test('revoking a link in the Share dialog turns the open editor of its holder into a no-access page at once', async ({
    openUser,
    newUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const editUrl = await createLinkInDialog(alice.page, 'edit')
    await alice.page.keyboard.press('Escape')

    const dave = await newUser('dave')
    await openEditor(dave.page, editUrl)
    await typeInto(dave.page, 'A1', 'dave was here')
    await waitSaved(dave.page)
    // Dave is in the middle of another edit when the link goes.
    await selectCell(dave.page, 'A2')
    await dave.page.keyboard.type('unsaved draft')
    await expect(cellEditor(dave.page)).toHaveValue('unsaved draft')

    await alice.page.getByRole('button', { name: 'Share' }).click()
    const dialog = shareDialog(alice.page)
    await dialog.getByRole('button', { name: /^Revoke the can edit link/ }).click()
    const confirm = alice.page.getByRole('alertdialog', { name: 'Revoke this link?' })
    await expect(confirm).toBeVisible()
    await confirm.getByRole('button', { name: 'Revoke' }).click()
    await expect(confirm).toBeHidden()
    await expect(dialog.getByTestId('no-links')).toBeVisible()

    const page = dave.page.getByTestId('no-access')
    await expect(page).toBeVisible()
    await expect(page).toHaveAttribute('data-reason', 'revoked')
    await expect(page.getByRole('heading')).toHaveText(/access to this workbook was removed/)
    await expect(grid(dave.page)).toHaveCount(0)
    await expect(dave.page.getByRole('gridcell')).toHaveCount(0)
    await expect(cellEditor(dave.page)).toHaveCount(0)
    await expect(formulaInput(dave.page)).toHaveCount(0)
    await expect(syncStatus(dave.page)).toHaveAttribute('data-state', 'denied')

    expect(await server.readCells(workbook, 'A1:A2')).toEqual([['dave was here'], ['']])
    // Opening the revoked link again (in this tab: only the fragment changes) gets nowhere.
    await dave.page.goto(editUrl)
    await expect(dave.page.getByTestId('no-access')).toHaveAttribute('data-reason', 'bad-link')
    await expectCell(alice.page, 'A1', 'dave was here')
  })

  test('no token, a bogus token or an unknown workbook show a no-access page with a way home', async ({
    newUser,
    server,
    workbook,
  }) => {
    const eve = await newUser('eve')
    const cases = [
      { url: `/w/${workbook.id}#token=${'x'.repeat(43)}`, reason: 'bad-link' },
      { url: `/w/${workbook.id}`, reason: 'no-token' },
      { url: `/w/no-such-workbook#token=${workbook.token}`, reason: 'not-found' },
    ]
    for (const { url, reason } of cases) {
      await eve.page.goto(url)
      const page = eve.page.getByTestId('no-access')
      await expect(page, url).toHaveAttribute('data-reason', reason)
      await expect(page.getByRole('heading')).toBeFocused()
      await expect(grid(eve.page)).toHaveCount(0)
    }
    await expect(eve.page.getByTestId('no-access')).toContainText('not found')
    await eve.page.getByRole('link', { name: 'Go to your workbooks' }).click()
    await expect(eve.page).toHaveURL(`${server.url}/`)
    await expect(eve.page.getByTestId('new-workbook')).toBeVisible()
    // None of these links was remembered as a workbook to reopen.
    await expect(eve.page.getByTestId('recent-empty')).toBeVisible()
  })

  test('a link refused before the app has loaded is forgotten all the same', async ({
    newUser,
    workbook,
  }) => {
    const eve = await newUser('eve')
    // The connection starts from the small entry script; the app's own script is held back, so
    // the server's refusal arrives before the page that reports it is there.
    await eve.page.route('**/assets/app-*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await route.continue()
    })
    await eve.page.goto(`/w/${workbook.id}#token=${'x'.repeat(43)}`)
    await expect(eve.page.getByTestId('no-access')).toHaveAttribute('data-reason', 'bad-link')
    // The bogus token is not tried again: the plain address asks for a link.
    await eve.page.goto(`/w/${workbook.id}`)
    await expect(eve.page.getByTestId('no-access')).toHaveAttribute('data-reason', 'no-token')
  })

  test('HTML and script in cells and titles are shown as text and never run', async ({
    newUser,
    openUser,
    server,
  }) => {
    const hostileTitle = '<img src=x onerror="window.__xss=3">'
    const wb = await server.createWorkbook(hostileTitle)
    const img = '<img src=x onerror="window.__xss=1">'
    const script = '<script>window.__xss=2</script>'
    const alice = await openUser('alice', wb)
    await typeInto(alice.page, 'A1', img)
    await typeInto(alice.page, 'A2', script)
    await server.writeCells(wb, { B1: '<svg onload="window.__xss=4"></svg>', B2: '"><b>bold?</b>' })

    const bob = await newUser('bob')
    await openEditor(bob.page, server.editorUrl(wb))
    for (const page of [alice.page, bob.page]) {
      await expectCell(page, 'A1', img)
      await expectCell(page, 'A2', script)
      await expectCell(page, 'B1', '<svg onload="window.__xss=4"></svg>')
      await expectCell(page, 'B2', '"><b>bold?</b>')
      await expect(page.getByTestId('workbook-title')).toHaveText(hostileTitle)
      await expect(grid(page).locator('img, script, svg, b')).toHaveCount(0)
      await selectCell(page, 'A1')
      await expect(formulaInput(page)).toHaveValue(img)
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
    }
    await expect(bob.page).toHaveTitle(`${hostileTitle} – Cellmate`)
  })

  test('with WebSocket blocked, the app syncs over HTTP long-polling', async ({
    newUser,
    openUser,
    server,
    workbook,
  }) => {
    const alice = await newUser('alice')
    // What a proxy that refuses upgrades does: every WebSocket is closed before it carries data.
    let websocketsRefused = 0
    await alice.page.routeWebSocket(/\/socket\.io\//, (ws) => {
      websocketsRefused++
      ws.close({ code: 1008, reason: 'blocked by the proxy' })
    })
    // Socket.IO's long-polling transport sends by POST and receives by GET.
    let polledSends = 0
    alice.page.on('request', (request) => {
      if (request.method() === 'POST' && /\/socket\.io\/.*transport=polling/.test(request.url())) {
        polledSends++
      }
    })
    await openEditor(alice.page, server.editorUrl(workbook))
    const bob = await openUser('bob')
    expect(websocketsRefused).toBeGreaterThan(0)

    const sendsBefore = polledSends
    await typeInto(alice.page, 'A1', 'over polling')
    await typeInto(bob.page, 'B1', 'over websocket')
    await expectCell(bob.page, 'A1', 'over polling')
    await expectCell(alice.page, 'B1', 'over websocket')
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])
    expect(polledSends).toBeGreaterThan(sendsBefore)
    expect(await server.readCells(workbook, 'A1:B1')).toEqual([['over polling', 'over websocket']])
  })
})
