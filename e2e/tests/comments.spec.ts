import type { Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import { goTo, typeInto, waitSaved } from '../support/grid.js'

/** The Comments panel's open threads, by the cell each is on now. */
async function expectPanelCells(page: Page, cells: string[]): Promise<void> {
  const panel = page.getByTestId('comments-panel')
  if (!(await panel.isVisible())) await page.getByTestId('comments-toggle').click()
  await expect(panel.getByTestId('panel-thread')).toHaveCount(cells.length)
  for (const [i, address] of cells.entries()) {
    await expect(panel.getByTestId('panel-thread').nth(i)).toHaveAttribute('data-cell', address)
  }
}

test.describe('comments', () => {
  test('a comment follows its row when another user inserts rows above; a resolve is seen live', async ({
    openUser,
    server,
    workbook,
  }) => {
    const edit = await new RestClient(server.url, workbook.token).createLink(workbook.id, 'edit')
    const alice = await openUser('alice')
    const bob = await openUser('bob', { ...workbook, token: edit.token })

    await typeInto(alice.page, 'B3', 'Travel')
    await goTo(alice.page, 'B3')
    await alice.page.keyboard.press('Control+Alt+M')
    await alice.page.getByTestId('new-comment-box').fill('Is travel right?')
    await alice.page.getByTestId('new-comment-box-submit').click()
    await waitSaved(alice.page)
    await expect(bob.page.getByTestId('comment-mark')).toHaveCount(1)
    await expectPanelCells(bob.page, ['B3'])

    // Bob inserts a row above row 1: the comment is on B4 for both, with its cell.
    await goTo(bob.page, 'A1')
    await bob.page.getByRole('rowheader', { name: '1', exact: true }).click({ button: 'right' })
    await bob.page
      .getByTestId('row-menu')
      .getByRole('menuitem', { name: 'Insert 1 row above' })
      .click()
    await expectPanelCells(alice.page, ['B4'])
    await expectPanelCells(bob.page, ['B4'])

    // Bob opens the thread from the panel and resolves it; Alice sees it go at once.
    await bob.page.getByTestId('panel-thread').first().click()
    await bob.page.getByTestId('comment-card').getByTestId('resolve-thread').click()
    await expect(alice.page.getByTestId('comment-mark')).toHaveCount(0)
    await expect(alice.page.getByTestId('no-comments')).toBeVisible()
    await alice.page.getByTestId('show-resolved').check()
    await expectPanelCells(alice.page, ['B4'])
  })
})
