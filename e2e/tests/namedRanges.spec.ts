import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCells,
  formulaInput,
  grid,
  nameBox,
  selectCell,
  typeInto,
} from '../support/grid.js'

test.describe('named ranges', () => {
  test("A names a range; B's formula using it computes; A renames it, repoints it, deletes it", async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'B2', '10')
    await typeInto(page, 'B3', '20')
    await typeInto(page, 'B4', '30')

    // A selects B2:B4 and names it from the Data menu.
    await selectCell(page, 'B2')
    await cell(page, 'B4').click({ modifiers: ['Shift'] })
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Named ranges' }).click()
    const panel = page.getByTestId('names-panel')
    await panel.getByTestId('name-add').click()
    await expect(panel.getByTestId('name-refers-to')).toHaveValue('Sheet1!$B$2:$B$4')
    await panel.getByTestId('name-name').fill('Sales')
    await panel.getByTestId('name-save').click()
    await expect(panel.getByTestId('named-range')).toHaveText([/Sales\s*Sheet1!\$B\$2:\$B\$4/])

    // A bad name is refused with Excel's reason.
    await panel.getByTestId('name-add').click()
    await panel.getByTestId('name-name').fill('Q1')
    await panel.getByTestId('name-refers-to').fill('0.2')
    await panel.getByTestId('name-save').click()
    await expect(panel.getByTestId('name-problem')).toHaveText('Q1 is a cell reference')
    await panel.getByTestId('name-name').fill('TaxRate')
    await panel.getByTestId('name-save').click()
    await expect(panel.getByTestId('named-range')).toHaveCount(2)

    // B uses both; autocomplete offers the name.
    await selectCell(bob.page, 'D1')
    await bob.page.keyboard.type('=SUM(Sal')
    await expect(bob.page.getByTestId('formula-suggestions')).toContainText('Sales')
    await bob.page.keyboard.press('Tab')
    await bob.page.keyboard.type(')*TaxRate')
    await bob.page.keyboard.press('Enter')
    await expectCells([page, bob.page], { D1: '12' })
    await selectCell(page, 'D1')
    await expect(formulaInput(page)).toHaveValue('=SUM(Sales)*TaxRate')
    await page.screenshot({ path: testInfo.outputPath('named-ranges-panel.png') })

    // A renames Sales: B's formula follows and still computes.
    await panel.getByRole('button', { name: 'Edit Sales' }).click()
    await panel.getByTestId('name-name').fill('Revenue')
    await panel.getByTestId('name-refers-to').fill('Sheet1!$B$2:$B$3')
    await panel.getByTestId('name-save').click()
    await expectCells([page, bob.page], { D1: '6' })
    await selectCell(bob.page, 'D1')
    await expect(formulaInput(bob.page)).toHaveValue('=SUM(Revenue)*TaxRate')

    // B goes to the range from the name box.
    await nameBox(bob.page).fill('revenue')
    await nameBox(bob.page).press('Enter')
    await expect(nameBox(bob.page)).toHaveValue('B2')
    await expect(cell(bob.page, 'B3')).toHaveAttribute('aria-selected', 'true')

    // A deletes it: B's formula reads #NAME?; A's undo brings it back.
    await panel.getByRole('button', { name: 'Delete Revenue' }).click()
    await expectCells([page, bob.page], { D1: '#NAME?' })
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    await expectCells([page, bob.page], { D1: '6' })
    expect(await server.readCells(workbook, 'D1')).toEqual([['=SUM(Revenue)*TaxRate']])
  })
})
