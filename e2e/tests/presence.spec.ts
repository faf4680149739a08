import { expect, type Page } from '@playwright/test'
import { test } from '../support/fixtures.js'
import { cell, selectCell, typeInto, waitEditorReady, waitSaved } from '../support/grid.js'

/**
 * Presence rides on y-protocols awareness, relayed by the server per document: the header
 * shows everyone in the workbook, the grid outlines the selections of people on the same
 * sheet, in each person's colour, with their name.
 */

/** Answers the first-visit name prompt in the header. */
async function chooseName(page: Page, name: string): Promise<void> {
  const form = page.getByTestId('display-name-form')
  await expect(form).toBeVisible()
  await page.getByTestId('display-name-input').fill(name)
  await page.getByTestId('display-name-save').click()
  await expect(form).toBeHidden()
  await expect(page.getByTestId('presence-self')).toHaveAttribute('data-user', name)
}

function outlineOf(page: Page, name: string) {
  return page.locator(`[data-testid="presence-outline"][data-user="${name}"]`)
}

function avatarOf(page: Page, name: string) {
  return page.locator(`[data-testid="presence-avatar"][data-user="${name}"]`)
}

test.describe('presence', () => {
  test("each user sees the other's selection outlined at the right cell, with their name", async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice Archer')
    await chooseName(bob.page, 'Bob Baker')

    // Avatars: each header shows the other person (and the own avatar for the name menu).
    await expect(avatarOf(alice.page, 'Bob Baker')).toBeVisible()
    await expect(avatarOf(alice.page, 'Bob Baker')).toHaveText('BB')
    await expect(avatarOf(bob.page, 'Alice Archer')).toBeVisible()
    await expect(avatarOf(bob.page, 'Alice Archer')).toHaveAttribute('title', 'Alice Archer')

    await selectCell(bob.page, 'D5')
    const outline = outlineOf(alice.page, 'Bob Baker')
    await expect(outline).toHaveAttribute('data-address', 'D5')
    await expect(alice.page.getByTestId('presence-label')).toHaveText('Bob Baker')
    await expect(alice.page.getByTestId('presence-label')).toHaveAttribute('title', 'Bob Baker')
    // The tag folds into a small flag after a moment and opens while the pointer is on the cell.
    const label = alice.page.getByTestId('presence-label')
    await expect(label).toHaveClass(/folded/)
    await cell(alice.page, 'D5').hover()
    await expect(label).not.toHaveClass(/folded/)
    await expect(label).toBeVisible()

    // The outline sits on D5 in Alice's grid, drawn in Bob's colour.
    const cellBox = (await cell(alice.page, 'D5').boundingBox())!
    const box = (await outline.boundingBox())!
    expect(Math.abs(box.x - cellBox.x)).toBeLessThanOrEqual(2)
    expect(Math.abs(box.y - cellBox.y)).toBeLessThanOrEqual(2)
    expect(Math.abs(box.width - cellBox.width)).toBeLessThanOrEqual(3)
    const avatarColor = await avatarOf(alice.page, 'Bob Baker').evaluate(
      (el) => getComputedStyle(el).backgroundColor,
    )
    expect(await outline.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe(avatarColor)

    // It follows Bob, and stays on his row when Alice inserts rows above it.
    await selectCell(bob.page, 'B3')
    await expect(outline).toHaveAttribute('data-address', 'B3')
    await selectCell(alice.page, 'A2')
    await expect(outlineOf(bob.page, 'Alice Archer')).toHaveAttribute('data-address', 'A2')
    await alice.page.keyboard.press('Control+Alt+=')
    await expect(outline).toHaveAttribute('data-address', 'B4')
  })

  test('a collaborator on another sheet is in the header but not outlined in the grid', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await chooseName(bob.page, 'Bob')
    await selectCell(bob.page, 'C2')
    await expect(outlineOf(alice.page, 'Bob')).toHaveAttribute('data-address', 'C2')

    await bob.page.getByRole('button', { name: /add sheet/i }).click()
    await expect(bob.page.getByRole('tab', { name: 'Sheet2' })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await expect(outlineOf(alice.page, 'Bob')).toHaveCount(0)
    await expect(avatarOf(alice.page, 'Bob')).toBeVisible()
  })

  test('the name is asked once, remembered, and can be changed from the avatar', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await expect(avatarOf(bob.page, 'Alice')).toBeVisible()

    await alice.page.reload()
    await waitEditorReady(alice.page)
    await expect(alice.page.getByTestId('display-name-form')).toBeHidden()
    await expect(alice.page.getByTestId('presence-self')).toHaveAttribute('data-user', 'Alice')

    await alice.page.getByTestId('presence-self').click()
    await alice.page.getByTestId('display-name-input').fill('Alice Cooper')
    await alice.page.keyboard.press('Enter')
    await expect(avatarOf(bob.page, 'Alice Cooper')).toBeVisible()
    await expect(avatarOf(bob.page, 'Alice')).toHaveCount(0)
    // A user who skips the prompt keeps the suggested "Guest" name and is not asked again.
    await bob.page.getByRole('button', { name: 'Skip' }).click()
    await expect(bob.page.getByTestId('presence-self')).toHaveAttribute(
      'data-user',
      /^Guest \d{4}$/,
    )
  })

  test('a toast says when the connection is lost and when it is back with everything saved', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const toast = alice.page.getByTestId('connection-toast')
    await expect(toast).toHaveCount(0)

    await alice.context.setOffline(true)
    await expect(toast).toHaveText(/Offline — your edits are kept and will sync/)
    await expect(alice.page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
    await typeInto(alice.page, 'A1', 'typed offline')

    await alice.context.setOffline(false)
    await expect(toast).toHaveText(/Back online — all changes saved/)
    await waitSaved(alice.page)
  })
})
