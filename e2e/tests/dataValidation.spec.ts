import { expect, test } from '../support/fixtures.js'
import { cell, cellEditor, expectCell, selectCell } from '../support/grid.js'

test.describe('data validation', () => {
  test('a dropdown value picked by one user shows for the other; a refused value is never saved', async ({
    openUser,
    server,
    workbook,
  }) => {
    const res = await fetch(
      `${server.url}/api/workbooks/${workbook.id}/sheets/${workbook.sheetId}/validations`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${workbook.token}` },
        body: JSON.stringify({
          rules: [{ range: 'B2:B9', kind: 'list', items: ['Open', 'Done'], strict: true }],
        }),
      },
    )
    expect(res.status).toBe(200)
    const alice = await openUser('alice')
    const bob = await openUser('bob')

    await cell(bob.page, 'B2').getByTestId('validation-chevron').click()
    await bob.page.getByTestId('validation-picker').getByRole('menuitem', { name: 'Done' }).click()
    await expectCell(alice.page, 'B2', 'Done')

    await selectCell(alice.page, 'B3')
    await alice.page.keyboard.type('Maybe')
    await alice.page.keyboard.press('Enter')
    await expect(alice.page.getByTestId('cell-error')).toHaveText(
      'B3: "Maybe" breaks the validation rule on B2:B9: enter one of: Open, Done',
    )
    await expect(cellEditor(alice.page)).toBeVisible()
    await alice.page.keyboard.press('Escape')
    await expectCell(bob.page, 'B3', '')
    expect(await server.readCells(workbook, 'B2:B3')).toEqual([['Done'], ['']])
  })
})
