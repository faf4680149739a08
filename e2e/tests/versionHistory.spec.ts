import { expect, test } from '../support/fixtures.js'
import { cell, expectCells, selectCell, typeInto, waitSaved } from '../support/grid.js'

test.describe('version history', () => {
  test("A restores Monday's version while B watches; B's undo leaves the restore, A's undo takes it back", async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'Monday', B1: '10' })
    const named = await fetch(`${server.url}/api/workbooks/${workbook.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workbook.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Monday' }),
    })
    expect(named.status).toBe(201)
    await server.writeCells(workbook, { A1: 'Tuesday', B1: '20', C2: 'added' })

    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCells([alice.page, bob.page], { A1: 'Tuesday', C2: 'added' })

    await alice.page.getByTestId('history-toggle').click()
    await alice.page.getByTestId('version-item').filter({ hasText: 'Monday' }).click()
    const preview = alice.page.getByTestId('version-preview')
    await expect(preview.locator('[data-version-address="A1"]')).toHaveText('Monday')
    await expect(preview.locator('[data-version-address="C2"]')).toHaveClass(/changed/)
    await preview.getByTestId('restore-version').click()

    // B's grid changes to Monday's without B doing anything.
    await expectCells([alice.page, bob.page], { A1: 'Monday', B1: '10', C2: '' })

    // B types, then undoes: only B's own edit goes.
    await typeInto(bob.page, 'D1', 'bob later')
    await waitSaved(bob.page)
    await selectCell(bob.page, 'E5')
    await bob.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { A1: 'Monday', D1: '' })

    // A's undo takes the restore back, for everyone.
    await alice.page.getByTestId('history-toggle').click()
    await cell(alice.page, 'E5').click()
    await alice.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { A1: 'Tuesday', B1: '20', C2: 'added' })
  })
})
