import { expect, test } from '../support/fixtures.js'
import { cell, cellEditor, expectCell, grid, selectCell, typeInto } from '../support/grid.js'

test.describe('data validation', () => {
  test('a dropdown value picked by one user shows for the other; a refused value is never saved', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
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

    // Alt+Down opens the dropdown from the keyboard: arrows choose, Enter picks.
    await selectCell(alice.page, 'B5')
    await alice.page.keyboard.press('Alt+ArrowDown')
    const picker = alice.page.getByTestId('validation-picker')
    await expect(picker.getByRole('menuitem')).toHaveText(['Open', 'Done'])
    await expect(picker.getByRole('menuitem', { name: 'Open' })).toBeFocused()
    await alice.page.screenshot({ path: testInfo.outputPath('alt-down-dropdown.png') })
    await alice.page.keyboard.press('ArrowDown')
    await alice.page.keyboard.press('Enter')
    await expect(picker).toBeHidden()
    await expectCell(bob.page, 'B5', 'Done')
    // On a cell without a dropdown it does nothing: no menu, no scrolling away.
    await selectCell(alice.page, 'D5')
    await alice.page.keyboard.press('Alt+ArrowDown')
    await expect(picker).toBeHidden()
    await expect(cell(alice.page, 'D5')).toBeInViewport()
    expect(await grid(alice.page).evaluate((el) => el.scrollTop)).toBe(0)

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

    // Paste and Ctrl+D are refused the same way: nothing is written, a notice says why.
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await alice.page.evaluate(() => navigator.clipboard.writeText('Whatever'))
    await selectCell(alice.page, 'B4')
    await alice.page.keyboard.press('Control+v')
    await expect(alice.page.getByTestId('notice')).toContainText(
      'Nothing was pasted. B4: "Whatever" breaks the validation rule on B2:B9',
    )
    // B1 lies outside the rule; Ctrl+D over B1:B3 would copy its value into B2 and B3.
    await typeInto(alice.page, 'B1', 'Zzz')
    await selectCell(alice.page, 'B1')
    await cell(alice.page, 'B3').click({ modifiers: ['Shift'] })
    await alice.page.keyboard.press('Control+d')
    await expect(alice.page.getByTestId('notice')).toContainText('Nothing was filled. B2')
    await expectCell(bob.page, 'B1', 'Zzz')
    expect(await server.readCells(workbook, 'B1:B5')).toEqual([
      ['Zzz'],
      ['Done'],
      [''],
      [''],
      ['Done'],
    ])
  })
})
