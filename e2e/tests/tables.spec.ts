import { fileURLToPath } from 'node:url'
import { expect, test } from '../support/fixtures.js'
import { cell, expectCell, waitEditorReady } from '../support/grid.js'

/** Sales!B2:C6 as Excel saves it: TableStyleMedium2, a header, three rows, a totals row. */
const TABLES_XLSX = fileURLToPath(new URL('../fixtures/tables.xlsx', import.meta.url))

test.describe('tables', () => {
  test('an imported Excel table shows in its style: a blue header, banded rows, a bold totals row', async ({
    newUser,
  }) => {
    const { page } = await newUser('alice')
    await page.goto('/')
    await page.getByTestId('import-file-input').setInputFiles(TABLES_XLSX)
    await waitEditorReady(page)
    await expectCell(page, 'B2', 'Region')
    await expectCell(page, 'C6', '425')
    await expect(cell(page, 'B2')).toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await expect(cell(page, 'B2')).toHaveCSS('color', 'rgb(255, 255, 255)')
    await expect(cell(page, 'C3')).toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'C4')).not.toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'C5')).toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'B6')).toHaveCSS('font-weight', '700')
    // Outside the table nothing changes.
    await expect(cell(page, 'D3')).not.toHaveCSS('background-color', 'rgb(218, 227, 243)')
  })
})
