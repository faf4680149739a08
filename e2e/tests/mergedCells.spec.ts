import { expect, test } from '../support/fixtures.js'
import { cell, nameBox, selectCell, syncStatus, typeInto, waitSaved } from '../support/grid.js'

test.describe('merged cells', () => {
  test('a merge made by one user shows as one cell for the other; arrows step over it', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'Quarterly sales')
    await selectCell(alice.page, 'A1')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.getByTestId('format-merge').click()

    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'A1')).toHaveClass(/merged/)
      await expect(cell(page, 'A1')).toHaveText('Quarterly sales')
      // The covered cells are not drawn: the block is one cell three columns wide.
      await expect(cell(page, 'B1')).toHaveCount(0)
    }
    await selectCell(bob.page, 'A1')
    await bob.page.keyboard.press('ArrowRight')
    await expect(nameBox(bob.page)).toHaveValue('D1')
    await bob.page.keyboard.press('ArrowLeft')
    await expect(nameBox(bob.page)).toHaveValue('A1')
  })

  test('a merge made while someone types inside it loses nothing: the value stays and the merge is held', async ({
    openUser,
    server,
    workbook,
  }) => {
    // Two users, one of them going offline and back: on a loaded 2-core runner the setup alone
    // (two browser contexts) has taken 45 s of the default 60 s.
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'Title')
    await waitSaved(bob.page)

    await bob.context.setOffline(true)
    await expect(syncStatus(bob.page)).toHaveAttribute('data-state', 'offline')
    await typeInto(bob.page, 'B2', 'typed by bob')

    await selectCell(alice.page, 'A1')
    await alice.page.keyboard.press('Shift+ArrowDown')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.getByTestId('format-merge').click()
    await expect(cell(alice.page, 'A1')).toHaveClass(/merged/)
    await waitSaved(alice.page)

    await bob.context.setOffline(false)
    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'B2')).toHaveText('typed by bob')
      await expect(cell(page, 'A1')).not.toHaveClass(/merged/)
      await expect(page.getByTestId('notice')).toContainText('A1:B2 is not merged')
    }
    await waitSaved(bob.page)
    expect(await server.readCells(workbook, 'A1:B2')).toEqual([
      ['Title', ''],
      ['', 'typed by bob'],
    ])
  })
})
