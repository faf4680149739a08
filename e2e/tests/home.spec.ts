import { expect, test } from '../support/fixtures.js'
import { openEditor, waitEditorReady } from '../support/grid.js'

test.describe('the home page', () => {
  test('a workbook can be removed from Recent; it is not deleted and its link still opens it', async ({
    openUser,
    server,
  }, testInfo) => {
    const second = await server.createWorkbook('Second book')
    const alice = await openUser('alice')
    const page = alice.page
    await openEditor(page, server.editorUrl(second))
    await page.goto('/')
    const links = page.getByTestId('recent-workbooks').getByRole('link')
    await expect(links).toHaveCount(2)
    await expect(links.first()).toContainText('Second book')

    await page.screenshot({ path: testInfo.outputPath('home-recent.png') })
    await page.getByRole('button', { name: 'Remove “Second book” from Recent' }).click()
    await expect(links).toHaveCount(1)
    await expect(links).toContainText('E2E workbook')
    await page.reload()
    await expect(links).toHaveCount(1)

    // Opening it again lists it again: only this browser's list changed.
    await openEditor(page, server.editorUrl(second))
    await waitEditorReady(page)
    await page.goto('/')
    await expect(links).toHaveCount(2)
  })
})
