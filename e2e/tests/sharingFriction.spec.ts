import type { Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import { expectCell, grid, openEditor, typeInto } from '../support/grid.js'

/**
 * Sharing without dead ends: the owner copies an existing link again, editors share view
 * links when the owner allows it, and an address without a link says whom to ask.
 */

function shareDialog(page: Page) {
  return page.getByRole('dialog', { name: /^Share/ })
}

test.describe('sharing friction', () => {
  test('the owner copies a link made earlier again from the Share dialog, and it opens the workbook', async ({
    openUser,
    newUser,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await typeInto(alice.page, 'A1', 'shared figures')
    await alice.page.getByRole('button', { name: 'Share' }).click()
    const dialog = shareDialog(alice.page)
    await dialog.getByTestId('create-view-link').click()
    const first = await dialog.getByTestId('share-url').inputValue()
    await dialog.getByRole('button', { name: 'Done' }).click()

    // Days later: the dialog lists the link and gives its address again.
    await alice.page.reload()
    await alice.page.getByRole('button', { name: 'Share' }).click()
    await expect(dialog.getByTestId('new-link')).toHaveCount(0)
    await dialog.getByTestId('copy-existing-link').click()
    await expect(dialog.getByTestId('share-url')).toHaveValue(first)
    await expect(dialog.getByTestId('copy-status')).toHaveText('Link copied')
    expect(await alice.page.evaluate(() => navigator.clipboard.readText())).toBe(first)
    await alice.page.screenshot({ path: testInfo.outputPath('share-copy-again.png') })

    const bob = await newUser('bob')
    await openEditor(bob.page, first)
    await expect(bob.page.getByTestId('view-only')).toBeVisible()
    await expectCell(bob.page, 'A1', 'shared figures')
  })

  test('an editor shares a view link once the owner allows it, and not after the owner stops it', async ({
    openUser,
    newUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const edit = await new RestClient(server.url, workbook.token).createLink(workbook.id, 'edit')
    const bob = await newUser('bob')
    await openEditor(bob.page, edit.url)
    const bobDialog = shareDialog(bob.page)

    // Not allowed yet: Bob's Share button says what to do instead of making a link.
    await bob.page.getByRole('button', { name: 'Share' }).click()
    await expect(bobDialog.getByTestId('view-links-not-allowed')).toContainText('Ask the owner')
    await expect(bobDialog.getByTestId('create-view-link')).toHaveCount(0)
    await bobDialog.getByRole('button', { name: 'Done' }).click()

    // Alice allows it in her Share dialog.
    await alice.page.getByRole('button', { name: 'Share' }).click()
    const aliceDialog = shareDialog(alice.page)
    const setting = aliceDialog.getByTestId('editors-share-view-links')
    await expect(setting).toBeEnabled()
    await setting.check()
    await expect(setting).toBeChecked()
    await aliceDialog.getByRole('button', { name: 'Done' }).click()

    await bob.page.getByRole('button', { name: 'Share' }).click()
    await bobDialog.getByTestId('create-view-link').click()
    const viewUrl = await bobDialog.getByTestId('share-url').inputValue()
    expect(viewUrl).toMatch(/#token=[A-Za-z0-9_-]{43}$/)
    await bob.page.screenshot({ path: testInfo.outputPath('editor-view-link.png') })
    await bobDialog.getByRole('button', { name: 'Done' }).click()

    const carol = await newUser('carol')
    await openEditor(carol.page, viewUrl)
    await expect(carol.page.getByTestId('view-only')).toBeVisible()
    // The owner sees the editor's link in her list and may revoke it; she did not make it.
    await alice.page.getByRole('button', { name: 'Share' }).click()
    await expect(aliceDialog.getByTestId('share-link')).toHaveCount(2)
    // Her own edit link can be copied again; Bob's view link only revoked.
    await expect(aliceDialog.getByTestId('copy-existing-link')).toHaveCount(1)
    await expect(aliceDialog.locator('[data-testid="share-link"][data-role="view"]')).toContainText(
      'Made by an editor',
    )
    await setting.uncheck()
    await expect(setting).not.toBeChecked()
    await aliceDialog.getByRole('button', { name: 'Done' }).click()

    // Stopped: the server refuses Bob, even from the dialog he had already opened before.
    await bob.page.getByRole('button', { name: 'Share' }).click()
    await expect(bobDialog.getByTestId('view-links-not-allowed')).toBeVisible()
    const refused = await fetch(`${server.url}/api/workbooks/${workbook.id}/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${edit.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'view' }),
    })
    expect(refused.status).toBe(403)
  })

  test('the address bar of an open workbook, pasted without its link, says to ask the owner and how', async ({
    openUser,
    newUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    await expect(grid(alice.page)).toBeVisible()
    // What Alice would copy from her address bar: the token is not in it.
    const address = alice.page.url()
    expect(address).not.toContain('token')

    const dan = await newUser('dan')
    await dan.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await dan.page.goto(address)
    const page = dan.page.getByTestId('no-access')
    await expect(page).toHaveAttribute('data-reason', 'no-token')
    await expect(page.getByRole('heading')).toHaveText('Ask the owner for a link')
    await expect(page).toContainText('copy any link again from the Share dialog')
    await page.getByTestId('copy-link-request').click()
    await expect(page.getByTestId('link-request-status')).toContainText('Copied')
    const message = await dan.page.evaluate(() => navigator.clipboard.readText())
    expect(message).toContain(address)
    await dan.page.screenshot({ path: testInfo.outputPath('ask-owner.png') })
  })
})
