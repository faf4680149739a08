import { expect, test } from '../support/fixtures.js'

/** The Help menu: keyboard shortcuts and every function the engine knows, searchable. */
test.describe('the Help menu', () => {
  test('lists the keyboard shortcuts and finds functions by name or by what they do', async ({
    openUser,
  }, testInfo) => {
    const { page } = await openUser('alice')
    await page.getByTestId('help-menu').click()
    await page.getByRole('menuitem', { name: /Keyboard shortcuts/ }).click()
    await expect(page.getByRole('dialog')).toContainText('Fill down / fill right')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()

    await page.getByTestId('help-menu').click()
    await page.getByRole('menuitem', { name: 'Functions' }).click()
    const dialog = page.getByTestId('function-list')
    await expect(dialog.getByRole('status')).toContainText(/of \d{3} functions/)
    await dialog.getByTestId('function-search').fill('vlook')
    const items = dialog.getByTestId('function-list-items').getByRole('listitem')
    await expect(items.first()).toContainText('VLOOKUP(search_key, range, index, [is_sorted])')
    await dialog.getByTestId('function-search').fill('absolute value')
    await expect(items.first()).toContainText('ABS(value)')
    await page.screenshot({ path: testInfo.outputPath('help-functions.png') })
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()
  })
})
