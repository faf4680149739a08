import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  formulaInput,
  grid,
  nameBox,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

async function addSheet(page: Page, expectedName: string): Promise<void> {
  await page.getByTestId('add-sheet').click()
  await expect(grid(page)).toHaveAttribute('aria-label', expectedName)
}

async function renameSheet(page: Page, from: string, to: string): Promise<void> {
  await page.getByRole('tab', { name: from, exact: true }).dblclick()
  await page.getByTestId('rename-sheet').fill(to)
  await page.getByTestId('rename-sheet').press('Enter')
  await expect(page.getByRole('tab', { name: to, exact: true })).toBeVisible()
}

function tab(page: Page, name: string) {
  return page.getByRole('tab', { name, exact: true })
}

test.describe('point mode across sheets', () => {
  test('a click on another sheet’s tab, then on its cells, inserts Sheet2!B4; Enter commits back on the first sheet, for both users', async ({
    openUser,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await addSheet(page, 'Sheet2')
    await typeInto(page, 'B4', '40')
    await typeInto(page, 'C1', '2')
    await addSheet(page, 'Sheet3')
    await renameSheet(page, 'Sheet3', 'My Sheet')
    await typeInto(page, 'A1', '100')
    await waitSaved(page)
    await tab(page, 'Sheet1').click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')

    await selectCell(page, 'C3')
    await page.keyboard.type('=')
    await tab(page, 'Sheet2').click()
    // The draft stays open on the other sheet, naming the cell it will be written to.
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    const editor = cellEditor(page)
    await expect(editor).toHaveValue('=')
    await expect(editor).toBeFocused()
    await expect(page.getByTestId('editing-home')).toHaveText('Sheet1!C3')
    await cell(page, 'B4').click()
    await expect(editor).toHaveValue('=Sheet2!B4')
    // Shift+click stretches the reference on that sheet; the outline is drawn there.
    await cell(page, 'C4').click({ modifiers: ['Shift'] })
    await expect(editor).toHaveValue('=Sheet2!B4:C4')
    await expect(page.getByTestId('formula-ref-outline')).toHaveCount(1)
    // A plain click replaces the reference just pointed at.
    await cell(page, 'B4').click()
    await expect(editor).toHaveValue('=Sheet2!B4')
    await page.keyboard.type('+')
    // A sheet name that needs quotes gets them.
    await tab(page, 'My Sheet').click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'My Sheet')
    await cell(page, 'A1').click()
    await expect(editor).toHaveValue("=Sheet2!B4+'My Sheet'!A1")
    await page.screenshot({ path: testInfo.outputPath('point-across-sheets.png') })

    // Enter: back on Sheet1, written to C3, and the selection one row below, as usual.
    await page.keyboard.press('Enter')
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')
    await expect(tab(page, 'Sheet1')).toHaveAttribute('aria-selected', 'true')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('C4')
    await expect(page).toHaveURL(/\/w\/[^/]+\/[^/#?]+/)
    await waitSaved(page)
    await expectCells([page, bob.page], { C3: '140' })
    await selectCell(bob.page, 'C3')
    await expect(formulaInput(bob.page)).toHaveValue("=Sheet2!B4+'My Sheet'!A1")
  })

  test('a cross-sheet sum computes; Escape on the other sheet goes back and leaves the cell as it was', async ({
    openUser,
  }) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await addSheet(page, 'Sheet2')
    await typeInto(page, 'A1', '5')
    await typeInto(page, 'A2', '7')
    await tab(page, 'Sheet1').click()
    await typeInto(page, 'B2', 'keep')

    await selectCell(page, 'B1')
    await page.keyboard.type('=SUM(')
    await tab(page, 'Sheet2').click()
    const a1 = await cell(page, 'A1').boundingBox()
    const a2 = await cell(page, 'A2').boundingBox()
    if (!a1 || !a2) throw new Error('Sheet2!A1:A2 is not on screen')
    await page.mouse.move(a1.x + 5, a1.y + 5)
    await page.mouse.down()
    await page.mouse.move(a2.x + 5, a2.y + 5, { steps: 3 })
    await page.mouse.up()
    await expect(cellEditor(page)).toHaveValue('=SUM(Sheet2!A1:A2')
    // Enter closes the parenthesis and commits on Sheet1.
    await page.keyboard.press('Enter')
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')
    await waitSaved(page)
    await expectCells([page, bob.page], { B1: '12' })

    // Escape away from home: back on Sheet1, nothing written.
    await selectCell(page, 'B2')
    await page.keyboard.type('=')
    await tab(page, 'Sheet2').click()
    await cell(page, 'A2').click()
    await expect(cellEditor(page)).toHaveValue('=Sheet2!A2')
    await page.keyboard.press('Escape')
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('B2')
    await expectCells([page, bob.page], { B2: 'keep' })
  })
})
