import type { Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import { cell, goTo, typeInto, waitSaved } from '../support/grid.js'

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

  test("a viewer reads a cell's edit history once the owner shares it; a commenter's Ctrl+Z takes back their own comment", async ({
    openUser,
    server,
    workbook,
  }) => {
    // Three people in one test: allow for a loaded machine.
    test.slow()
    const owner = new RestClient(server.url, workbook.token)
    const comment = await owner.createLink(workbook.id, 'comment')
    const view = await owner.createLink(workbook.id, 'view')
    const alice = await openUser('alice')
    await typeInto(alice.page, 'B2', 'first')
    await typeInto(alice.page, 'B2', 'second')
    await waitSaved(alice.page)

    const dave = await openUser('dave', { ...workbook, token: view.token })
    const history = dave.page.getByTestId('cell-history')
    const openHistory = async (): Promise<void> => {
      // Alice's name tag (she is on B3) lies over B2's lower half: clicks go through it.
      await cell(dave.page, 'B2').click({ button: 'right' })
      await dave.page.getByRole('menuitem', { name: 'Show edit history' }).click()
    }
    await openHistory()
    await expect(history).toContainText('has not shared')
    await dave.page.keyboard.press('Escape')
    await owner.updateSettings(workbook.id, { viewersSeeHistory: true })
    await openHistory()
    await expect(history.getByTestId('cell-history-entry')).toHaveCount(2)
    await expect(history.getByTestId('cell-history-entry').first()).toContainText('second')
    await dave.page.keyboard.press('Escape')
    await dave.context.close()

    const carol = await openUser('carol', { ...workbook, token: comment.token })
    await goTo(carol.page, 'B2')
    await carol.page.keyboard.press('Control+Alt+M')
    await carol.page.getByTestId('new-comment-box').fill('Why second?')
    await carol.page.getByTestId('new-comment-box-submit').click()
    await expect(alice.page.getByTestId('comment-mark')).toHaveCount(1)
    await goTo(carol.page, 'C5')
    await carol.page.keyboard.press('Control+z')
    await expect(alice.page.getByTestId('comment-mark')).toHaveCount(0)
    await expect(carol.page.getByTestId('comment-mark')).toHaveCount(0)
  })
})
