import { expect, test } from '../support/fixtures.js'
import { expectCells, selectCell, typeInto, waitSaved } from '../support/grid.js'

test.describe('sort with two users', () => {
  test('bob types into a row while alice sorts: the text stays with its row', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, {
      A1: 'Name',
      B1: 'Score',
      A2: 'cleo',
      B2: '12',
      A3: 'Ann',
      B3: '30',
      A4: 'bob',
      B4: '7',
    })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCells([alice.page, bob.page], { A2: 'cleo' })

    // Bob's note on cleo's row is in flight (he is offline) while alice sorts.
    await bob.context.setOffline(true)
    await typeInto(bob.page, 'C2', 'note on cleo')

    await selectCell(alice.page, 'A1')
    await alice.page.getByTestId('data-menu').click()
    await alice.page.getByTestId('menu-sort:dialog').click()
    const dialog = alice.page.getByTestId('sort-dialog')
    await expect(dialog.getByTestId('sort-range')).toHaveValue('A1:B4')
    await dialog.getByTestId('sort-header').check()
    await dialog
      .getByRole('combobox', { name: 'Sort column 1' })
      .selectOption({ label: 'Column B – Score' })
    await dialog.getByRole('radio', { name: 'Z → A' }).check()
    await dialog.getByTestId('sort-confirm').click()
    await expectCells([alice.page], { A2: 'Ann', A3: 'cleo', A4: 'bob', A1: 'Name' })

    await bob.context.setOffline(false)
    await expectCells([alice.page, bob.page], {
      A2: 'Ann',
      A3: 'cleo',
      C3: 'note on cleo',
      C2: '',
      A4: 'bob',
    })
    await waitSaved(bob.page)

    // One step: alice's undo puts the rows back, bob's note still on cleo's row.
    await selectCell(alice.page, 'E1')
    await alice.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { A2: 'cleo', C2: 'note on cleo', A3: 'Ann' })
  })
})

test.describe('hidden rows with two users', () => {
  test('alice hides rows for everyone; bob shows them again from the gap marker', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'one', A2: 'two', A3: 'three', A4: 'four' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCells([alice.page, bob.page], { A3: 'three' })

    await alice.page.getByRole('rowheader', { name: '2', exact: true }).click()
    await alice.page
      .getByRole('rowheader', { name: '3', exact: true })
      .click({ modifiers: ['Shift'] })
    await alice.page.getByRole('rowheader', { name: '3', exact: true }).click({ button: 'right' })
    await alice.page.getByRole('menuitem', { name: 'Hide rows 2–3' }).click()

    for (const page of [alice.page, bob.page]) {
      await expect(page.getByRole('rowheader', { name: '2', exact: true })).toHaveCount(0)
      await expect(page.locator('[data-address="A3"]')).toHaveCount(0)
      await expectCells([page], { A1: 'one', A4: 'four' })
    }
    await bob.page.getByTestId('unhide-rows').click()
    await expectCells([alice.page, bob.page], { A2: 'two', A3: 'three' })
    await waitSaved(bob.page)
  })
})
