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

  test("a version's preview and a cell's history show values in the cells' number formats, as the grid does", async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, {
      A1: '46000',
      B1: '1234.5',
      C1: '0.25',
      D1: '=A1+1',
      E1: 'Total',
    })
    const alice = await openUser('alice')
    const formats: Array<[string, string]> = [
      ['A1', 'date'],
      ['B1', 'currency'],
      ['C1', 'percent'],
    ]
    for (const [address, format] of formats) {
      await selectCell(alice.page, address)
      await alice.page.getByTestId('format-number').selectOption(format)
    }
    await selectCell(alice.page, 'E1')
    await alice.page.keyboard.press('Control+b')
    await expectCells([alice.page], { A1: '2025-12-09', B1: '$1,234.50', D1: '2025-12-10' })
    await waitSaved(alice.page)
    const named = await fetch(`${server.url}/api/workbooks/${workbook.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workbook.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Formatted' }),
    })
    expect(named.status).toBe(201)
    await typeInto(alice.page, 'B1', '99')
    await waitSaved(alice.page)

    await alice.page.getByTestId('history-toggle').click()
    await alice.page.getByTestId('version-item').filter({ hasText: 'Formatted' }).click()
    const preview = alice.page.getByTestId('version-preview')
    const shown = (address: string) => preview.locator(`[data-version-address="${address}"]`)
    await expect(shown('A1')).toHaveText('2025-12-09')
    await expect(shown('B1')).toHaveText('$1,234.50')
    await expect(shown('C1')).toHaveText('25.00%')
    await expect(shown('D1')).toHaveText('2025-12-10')
    await expect(shown('A1')).toHaveCSS('text-align', 'right')
    await expect(shown('E1')).toHaveCSS('font-weight', '700')
    await alice.page.getByTestId('history-toggle').click()

    await cell(alice.page, 'B1').click({ button: 'right' })
    await alice.page.getByRole('menuitem', { name: 'Show edit history' }).click()
    const entries = alice.page.getByTestId('cell-history').getByTestId('cell-history-entry')
    await expect(entries).toHaveCount(2)
    await expect(entries.first()).toContainText('$99.00')
    await expect(entries.last()).toContainText('$1,234.50')
  })
})
