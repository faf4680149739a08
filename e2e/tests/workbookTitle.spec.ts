import { expect, test } from '../support/fixtures.js'
import { cell, typeInto, waitSaved } from '../support/grid.js'

/**
 * Renaming a workbook in place, as in Google Sheets: click the title, type, Enter. Everyone
 * with the workbook open sees the new title at once; Escape keeps the old one.
 */
test.describe('the workbook title', () => {
  test('Alice renames the workbook from its title; Bob sees it live, and it survives a reload', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const title = (page: typeof alice.page) => page.getByTestId('workbook-title')

    await title(alice.page).getByRole('button').click()
    const input = alice.page.getByTestId('workbook-title-input')
    await expect(input).toBeFocused()
    await input.fill('  Q3 budget  ')
    await alice.page.screenshot({ path: testInfo.outputPath('title-renaming.png') })
    await input.press('Enter')
    await expect(title(alice.page)).toHaveText('Q3 budget')
    await expect(title(bob.page)).toHaveText('Q3 budget')
    await expect(bob.page).toHaveTitle('Q3 budget – Cellmate')
    // Enter hands the keyboard back to the grid.
    await alice.page.keyboard.type('typed after')
    await alice.page.keyboard.press('Enter')
    await expect(cell(alice.page, 'A1')).toHaveText('typed after')

    // Escape keeps the title; a blank title is not saved.
    await title(bob.page).getByRole('button').click()
    await bob.page.getByTestId('workbook-title-input').fill('Not this')
    await bob.page.getByTestId('workbook-title-input').press('Escape')
    await title(bob.page).getByRole('button').click()
    await bob.page.getByTestId('workbook-title-input').fill('   ')
    await bob.page.getByTestId('workbook-title-input').press('Enter')
    await expect(title(bob.page)).toHaveText('Q3 budget')
    await typeInto(bob.page, 'B1', 'saved')
    await waitSaved(bob.page)

    await alice.page.reload()
    await expect(title(alice.page)).toHaveText('Q3 budget')
    const read = await fetch(`${server.url}/api/workbooks/${workbook.id}`, {
      headers: { authorization: `Bearer ${workbook.token}` },
    })
    expect(((await read.json()) as { title: string }).title).toBe('Q3 budget')
    await alice.page.screenshot({ path: testInfo.outputPath('title-renamed.png') })
  })
})
