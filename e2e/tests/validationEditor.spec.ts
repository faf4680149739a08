import { expect, test } from '../support/fixtures.js'
import type { Page } from '@playwright/test'
import {
  cell,
  cellEditor,
  expectCell,
  grid,
  nameBox,
  openEditor,
  selectCell,
  typeInto,
} from '../support/grid.js'

/**
 * From B2's menu: a custom rule on B2:B3, `=B2<=C2`, with the message "Over budget" (the
 * panel's default mode: reject input).
 */
async function addBudgetRule(page: Page): Promise<void> {
  await cell(page, 'B2').click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Data validation…' }).click()
  const panel = page.getByTestId('validation-panel')
  await panel.getByTestId('validation-range').fill('B2:B3')
  await panel.getByTestId('validation-kind').selectOption('custom')
  await panel.getByTestId('validation-formula').fill('=B2<=C2')
  await panel.getByTestId('validation-message').fill('Over budget')
  await panel.getByTestId('validation-save').click()
}

test.describe('data validation editor', () => {
  test('A makes a dropdown from a range in the editor; B sees the chevron and picks a value', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'E1', 'Open')
    await typeInto(page, 'E2', 'Blocked')
    await typeInto(page, 'E3', 'Done')

    await selectCell(page, 'B2')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Data validation…' }).click()
    const panel = page.getByTestId('validation-panel')
    await panel.getByTestId('validation-range').fill('B2:B9')
    await panel.getByTestId('validation-kind').selectOption('listRange')
    await panel.getByTestId('validation-source').fill('$E$1:$E$3')
    await panel.getByTestId('validation-message').fill('Pick a status from the list')
    await page.screenshot({ path: testInfo.outputPath('validation-editor.png') })
    await panel.getByTestId('validation-save').click()
    await expect(panel.getByTestId('validation-rule')).toHaveCount(1)
    await expect(panel.getByTestId('validation-rule')).toContainText('B2:B9')

    // B lists the range's current values, including one A adds after the rule was made.
    await typeInto(page, 'E3', 'Shipped')
    await cell(bob.page, 'B4').getByTestId('validation-chevron').click()
    const picker = bob.page.getByTestId('validation-picker')
    await expect(picker.getByRole('menuitem')).toHaveText(['Open', 'Blocked', 'Shipped'])
    await picker.getByRole('menuitem', { name: 'Shipped' }).click()
    await expectCell(page, 'B4', 'Shipped')

    // The rule's own message refuses a value outside the range.
    await selectCell(bob.page, 'B5')
    await bob.page.keyboard.type('Lost')
    await bob.page.keyboard.press('Enter')
    await expect(bob.page.getByTestId('cell-error')).toHaveText('Pick a status from the list')
    await bob.page.keyboard.press('Escape')
    expect(await server.readCells(workbook, 'B4:B5')).toEqual([['Shipped'], ['']])
  })

  test("A makes a dropdown from another sheet's whole column (Lists!A:A); B picks from that sheet's values", async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await page.getByTestId('add-sheet').click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await page.getByRole('tab', { name: 'Sheet2', exact: true }).dblclick()
    await page.getByTestId('rename-sheet').fill('Lists')
    await page.getByTestId('rename-sheet').press('Enter')
    await typeInto(page, 'A1', 'Open')
    await typeInto(page, 'A2', 'Blocked')
    await typeInto(page, 'A12', 'Done')
    await page.getByRole('tab', { name: 'Sheet1', exact: true }).click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')

    await selectCell(page, 'B2')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Data validation…' }).click()
    const panel = page.getByTestId('validation-panel')
    await panel.getByTestId('validation-range').fill('B2:B9')
    await panel.getByTestId('validation-kind').selectOption('listRange')
    // A sheet the workbook does not have is refused, saying so.
    await panel.getByTestId('validation-source').fill('Nowhere!A:A')
    await panel.getByTestId('validation-save').click()
    await expect(panel.getByTestId('validation-problem')).toHaveText(
      'There is no sheet named "Nowhere" in this workbook',
    )
    await panel.getByTestId('validation-source').fill('=Lists!$A:$A')
    await panel.getByTestId('validation-save').click()
    await expect(panel.getByTestId('validation-rule')).toHaveCount(1)
    await expect(panel.getByTestId('validation-rule')).toContainText('B2:B9')
    await expect(panel.getByTestId('validation-problem')).toBeHidden()

    await cell(bob.page, 'B4').getByTestId('validation-chevron').click()
    const picker = bob.page.getByTestId('validation-picker')
    await expect(picker.getByRole('menuitem')).toHaveText(['Open', 'Blocked', 'Done'])
    await bob.page.screenshot({ path: testInfo.outputPath('whole-column-dropdown.png') })
    await picker.getByRole('menuitem', { name: 'Done' }).click()
    await expectCell(page, 'B4', 'Done')

    // A value outside the column is refused, in the tab and over REST.
    await selectCell(bob.page, 'B5')
    await bob.page.keyboard.type('Lost')
    await bob.page.keyboard.press('Enter')
    await expect(bob.page.getByTestId('cell-error')).toContainText('Lists!$A:$A')
    await bob.page.keyboard.press('Escape')
    expect(await server.readCells(workbook, 'B4:B5')).toEqual([['Done'], ['']])
  })

  test('checkboxes toggle by click and Space for both users; one undo per toggle', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await selectCell(page, 'A1')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowDown')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Data validation…' }).click()
    const panel = page.getByTestId('validation-panel')
    await expect(panel.getByTestId('validation-range')).toHaveValue('A1:A3')
    await panel.getByTestId('validation-kind').selectOption('checkbox')
    await panel.getByTestId('validation-save').click()
    await panel.getByRole('button', { name: 'Close' }).click()

    const box = (p: typeof page, address: string) =>
      cell(p, address).getByTestId('validation-checkbox')
    await expect(box(bob.page, 'A1')).toHaveAttribute('aria-checked', 'false')
    await box(bob.page, 'A1').click()
    await expect(box(page, 'A1')).toHaveAttribute('aria-checked', 'true')
    // At once: A ticks A2 with Space while B ticks A3 with a click.
    // Selected by its corner: a click on the box itself would toggle it.
    await cell(page, 'A2').click({ position: { x: 6, y: 6 } })
    await expect(nameBox(page)).toHaveValue('A2')
    await expect(box(page, 'A2')).toHaveAttribute('aria-checked', 'false')
    await Promise.all([page.keyboard.press('Space'), box(bob.page, 'A3').click()])
    for (const p of [page, bob.page]) {
      for (const a of ['A1', 'A2', 'A3'])
        await expect(box(p, a)).toHaveAttribute('aria-checked', 'true')
    }
    await page.screenshot({ path: testInfo.outputPath('validation-checkbox.png') })
    // Space on a ticked box unticks it; A's undo takes back only A's toggle.
    await page.keyboard.press('Space')
    await expect(box(bob.page, 'A2')).toHaveAttribute('aria-checked', 'false')
    await page.keyboard.press('Control+z')
    await expect(box(bob.page, 'A2')).toHaveAttribute('aria-checked', 'true')
    expect(await server.readCells(workbook, 'A1:A3')).toEqual([['TRUE'], ['TRUE'], ['TRUE']])
  })

  test('a custom-formula rule made in the editor rejects a value with its message', async ({
    openUser,
  }) => {
    test.slow()
    const alice = await openUser('alice')
    const page = alice.page
    await typeInto(page, 'C2', '10')
    await typeInto(page, 'C3', '20')
    await selectCell(page, 'B2')
    await addBudgetRule(page)

    await typeInto(page, 'B3', '15')
    await expectCell(page, 'B3', '15')
    await selectCell(page, 'B2')
    await page.keyboard.type('15')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('cell-error')).toHaveText('Over budget')
    await page.keyboard.press('Escape')
    await expectCell(page, 'B2', '')
  })

  test('a value the custom rule must check waits in the editor while the formula engine loads', async ({
    newUser,
    server,
    workbook,
  }) => {
    test.slow()
    const alice = await newUser('alice')
    const page = alice.page
    // The engine's code (fetched once the page is idle, or on first need) arrives only when
    // the test lets it: held from before the page loads.
    let release = (): void => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/formulaEngine-*.js', async (route) => {
      await held
      await route.continue()
    })
    await openEditor(page, server.editorUrl(workbook))
    await typeInto(page, 'C2', '10')
    await addBudgetRule(page)

    await selectCell(page, 'B2')
    await page.keyboard.type('15')
    await page.keyboard.press('Enter')
    // Not written and not passed over: the draft stays in the editor on B2.
    await expect(cellEditor(page)).toBeVisible()
    await expect(nameBox(page)).toHaveValue('B2')
    release()
    await expect(page.getByTestId('cell-error')).toHaveText('Over budget')
    await page.keyboard.press('Escape')
    await expectCell(page, 'B2', '')
  })
})
