import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCell,
  formulaInput,
  grid,
  nameBox,
  selectCell,
  syncStatus,
  typeInto,
  waitSaved,
} from '../support/grid.js'

test.describe('smoke', () => {
  test('a new workbook opens in the editor and is listed among recent workbooks', async ({
    newUser,
  }) => {
    const { page } = await newUser('alice')
    await page.goto('/')
    await expect(page.getByTestId('recent-workbooks').getByRole('link')).toHaveCount(0)

    await page.getByRole('button', { name: 'New workbook' }).click()
    // The address names the workbook, then (once the sheet list is in) the sheet on screen.
    await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/[^/#?]+$/)
    const workbookPath = new URL(page.url()).pathname.split('/').slice(0, 3).join('/')

    await expect(grid(page)).toBeVisible()
    await expect(syncStatus(page)).toHaveAttribute('data-state', /^(connecting|saving|saved)$/)
    await waitSaved(page)
    for (const letters of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) {
      await expect(page.getByRole('columnheader', { name: letters, exact: true })).toBeVisible()
    }
    for (const row of ['1', '2', '3', '10', '20']) {
      await expect(page.getByRole('rowheader', { name: row, exact: true })).toBeVisible()
    }
    await expect(cell(page, 'A1')).toHaveText('')

    // The default sheet is 26 columns by 1000 rows; only what is on screen is rendered.
    await expect(grid(page)).toHaveAttribute('aria-colcount', '27')
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '1001')
    await grid(page).hover()
    await page.mouse.wheel(10_000, 0)
    await expect(page.getByRole('columnheader', { name: 'Z', exact: true })).toBeVisible()
    await expect(page.getByRole('columnheader', { name: 'AA', exact: true })).toHaveCount(0)
    await page.mouse.wheel(0, 100_000)
    await expect(page.getByRole('rowheader', { name: '1000', exact: true })).toBeVisible()
    await expect(page.getByRole('rowheader', { name: '1001', exact: true })).toHaveCount(0)
    await expect(cell(page, 'Z1000')).toBeVisible()

    await page.getByRole('link', { name: 'Cellmate home' }).click()
    await expect(page).toHaveURL(/\/$/)
    const recent = page.getByTestId('recent-workbooks').getByRole('link')
    await expect(recent).toHaveCount(1)
    await expect(recent).toHaveAttribute('href', workbookPath)
    await expect(recent).toContainText('Untitled workbook')

    await recent.click()
    await expect(page).toHaveURL(new RegExp(`${workbookPath}/[^/#?]+$`))
    await expect(cell(page, 'A1')).toBeVisible()
    await waitSaved(page)
  })

  test('keyboard: Enter commits down, Tab commits right, Escape cancels, Delete clears', async ({
    openUser,
    server,
    workbook,
  }) => {
    const { page } = await openUser('alice')

    await selectCell(page, 'A1')
    await expect(formulaInput(page)).toHaveValue('')
    await page.keyboard.type('hello')
    await expect(cellEditor(page)).toBeFocused()
    await expect(cellEditor(page)).toHaveValue('hello')
    await expect(formulaInput(page)).toHaveValue('hello')
    await page.keyboard.press('Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expectCell(page, 'A1', 'hello')
    await expect(nameBox(page)).toHaveValue('A2')
    await expect(cell(page, 'A2')).toHaveAttribute('aria-selected', 'true')

    await page.keyboard.type('42')
    await page.keyboard.press('Tab')
    await expectCell(page, 'A2', '42')
    await expect(nameBox(page)).toHaveValue('B2')

    await page.keyboard.type('never saved')
    await expect(cellEditor(page)).toHaveValue('never saved')
    await page.keyboard.press('Escape')
    await expect(cellEditor(page)).toBeHidden()
    await expectCell(page, 'B2', '')
    await expect(nameBox(page)).toHaveValue('B2')
    await expect(formulaInput(page)).toHaveValue('')

    await page.keyboard.press('ArrowUp')
    await expect(nameBox(page)).toHaveValue('B1')
    await page.keyboard.press('ArrowLeft')
    await expect(nameBox(page)).toHaveValue('A1')
    await expect(formulaInput(page)).toHaveValue('hello')
    await page.keyboard.press('ArrowDown')
    await expect(nameBox(page)).toHaveValue('A2')
    await expect(formulaInput(page)).toHaveValue('42')

    await typeInto(page, 'C3', 'gone soon')
    await selectCell(page, 'C3')
    await page.keyboard.press('Delete')
    await expectCell(page, 'C3', '')
    await expect(formulaInput(page)).toHaveValue('')

    await waitSaved(page)
    expect(await server.readCells(workbook, 'A1:C3')).toEqual([
      ['hello', '', ''],
      ['42', '', ''],
      ['', '', ''],
    ])
  })

  test('the formula bar shows the raw input of the active cell and edits it', async ({
    openUser,
    server,
    workbook,
  }) => {
    const { page } = await openUser('alice')
    await typeInto(page, 'B4', 'raw text')
    await selectCell(page, 'B4')
    await expect(formulaInput(page)).toHaveValue('raw text')

    await formulaInput(page).fill('edited in the bar')
    await formulaInput(page).press('Enter')
    await expectCell(page, 'B4', 'edited in the bar')

    await nameBox(page).fill('D7')
    await nameBox(page).press('Enter')
    await expect(cell(page, 'D7')).toHaveAttribute('aria-selected', 'true')
    await expect(nameBox(page)).toHaveValue('D7')

    await waitSaved(page)
    expect(await server.readCell(workbook, 'B4')).toBe('edited in the bar')
  })
})
