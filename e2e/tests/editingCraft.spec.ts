import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCell,
  expectCells,
  formulaInput,
  goTo,
  nameBox,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

async function selectRange(page: Page, from: string, to: string): Promise<void> {
  await selectCell(page, from)
  await cell(page, to).click({ modifiers: ['Shift'] })
}

/**
 * After `=A1*10` was entered with Ctrl+Enter over B1:C3 (A1:A3 holding 1, 2, 3): both users see
 * every cell filled with its references moved, the range stays selected with B1 active (as in
 * Excel), and one Ctrl+Z takes the whole block back.
 */
async function expectBlockFilled(page: Page, other: Page, screenshot: string): Promise<void> {
  await expectCells([page, other], {
    B1: '10',
    B2: '20',
    B3: '30',
    C1: '100',
    C2: '200',
    C3: '300',
  })
  await expect(nameBox(page)).toHaveValue('B1')
  await expect(cell(page, 'C3')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('summary-sum')).toHaveText('Sum: 660')
  await page.screenshot({ path: screenshot })
  await goTo(other, 'C3')
  await expect(formulaInput(other)).toHaveValue('=B3*10')

  await page.keyboard.press('Control+z')
  await expectCells([page, other], { B1: '', B3: '', C1: '', C3: '' })
  await waitSaved(page)
}

test.describe('editing habits from Sheets and Excel', () => {
  test('the status bar sums the selection and follows the other user’s edits live', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', '10')
    await typeInto(alice.page, 'A2', '2.5')
    await typeInto(alice.page, 'A3', 'text')
    await selectRange(alice.page, 'A1', 'A4')
    const summary = alice.page.getByTestId('selection-summary')
    await expect(summary.getByTestId('summary-sum')).toHaveText('Sum: 12.5')
    await expect(summary.getByTestId('summary-average')).toHaveText('Average: 6.25')
    await expect(summary.getByTestId('summary-count')).toHaveText('Count: 3')
    await alice.page.screenshot({ path: testInfo.outputPath('status-bar.png') })

    // Bob fills the empty cell: Alice's selection sums it without her doing anything.
    await typeInto(bob.page, 'A4', '=A1*2')
    await expect(summary.getByTestId('summary-sum')).toHaveText('Sum: 32.5')
    await expect(summary.getByTestId('summary-count')).toHaveText('Count: 4')
    // One cell selected: nothing to sum.
    await selectCell(alice.page, 'B1')
    await expect(summary.getByTestId('summary-sum')).toHaveCount(0)
  })

  test('Ctrl+D fills down and Ctrl+R fills right, formulas moving along, one undo step each', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', '5')
    await typeInto(page, 'B1', '=A1*2')
    await selectRange(page, 'A1', 'B3')
    await page.keyboard.press('Control+d')
    await expectCells([page, bob.page], { A2: '5', A3: '5', B2: '10', B3: '10' })
    await goTo(bob.page, 'B3')
    await expect(formulaInput(bob.page)).toHaveValue('=A3*2')

    // Ctrl+R copies the first column over the rest; with one column, the one on its left.
    await selectRange(page, 'B1', 'D1')
    await page.keyboard.press('Control+r')
    await expectCells([page, bob.page], { C1: '20', D1: '40' })
    await selectCell(page, 'E1')
    await page.keyboard.press('Control+r')
    await expectCells([page, bob.page], { E1: '80' })
    await page.keyboard.press('Control+z')
    await expectCells([page, bob.page], { E1: '', D1: '40' })
    await page.keyboard.press('Control+z')
    await expectCells([page, bob.page], { C1: '', D1: '', B2: '10' })
    await waitSaved(page)
  })

  test('Ctrl+Enter enters a formula in every selected cell, references moved, one undo step; the range stays selected', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    await server.writeCells(workbook, { A1: '1', A2: '2', A3: '3' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await selectRange(page, 'B1', 'C3')
    await page.keyboard.type('=A1*10')
    await page.keyboard.press('Control+Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expectBlockFilled(page, bob.page, testInfo.outputPath('ctrl-enter-fill.png'))
  })

  test('Ctrl+Enter on a selected range, not editing, copies the active cell over it (Sheets’ Fill range)', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await server.writeCells(workbook, { A1: '5', B1: '=A1+1' })
    await expectCell(page, 'B1', '6')
    await selectRange(page, 'B1', 'B3')
    await page.keyboard.press('Control+Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expectCells([page], { B2: '1', B3: '1' })
    await goTo(page, 'B3')
    await expect(formulaInput(page)).toHaveValue('=A3+1')
    await waitSaved(page)
  })

  test('Ctrl+; types today’s date and Ctrl+Shift+; the time; Shift+Home extends the selection', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+;')
    await expect(cellEditor(page)).toHaveValue(/^\d{1,2}\/\d{1,2}\/\d{4}$/)
    await page.keyboard.press('Enter')
    await expect(cell(page, 'B2')).toHaveText(/^\d{1,2}\/\d{1,2}\/\d{4}$/)
    await selectCell(page, 'C2')
    await page.keyboard.type('at ')
    await page.keyboard.press('Control+Shift+;')
    await expect(cellEditor(page)).toHaveValue(/^at \d{1,2}:\d\d:\d\d [AP]M$/)
    await page.keyboard.press('Escape')
    await expect(cell(page, 'C2')).toHaveText('')

    await selectCell(page, 'C3')
    await page.keyboard.press('Shift+Home')
    await expect(nameBox(page)).toHaveValue('C3')
    for (const address of ['A3', 'B3', 'C3']) {
      await expect(cell(page, address)).toHaveAttribute('aria-selected', 'true')
    }
    await waitSaved(page)
  })

  test('Ctrl+End goes to the last row and column holding data; Ctrl+Shift+End selects up to there', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    // The last row with data is 40 and the last column E; E40 itself is empty.
    await server.writeCells(workbook, { A1: 'x', B40: '5', E3: '=A1' })
    const alice = await openUser('alice')
    const page = alice.page
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+End')
    await expect(nameBox(page)).toHaveValue('E40')
    await expect(cell(page, 'E40')).toBeInViewport()
    await page.screenshot({ path: testInfo.outputPath('ctrl-end.png') })
    await page.keyboard.press('Control+Home')
    await expect(nameBox(page)).toHaveValue('A1')
    await page.keyboard.press('Control+Shift+End')
    await expect(nameBox(page)).toHaveValue('A1')
    for (const address of ['E40', 'A40', 'C20']) {
      await expect(cell(page, address)).toHaveAttribute('aria-selected', 'true')
    }
    await expect(cell(page, 'F40')).not.toHaveAttribute('aria-selected', 'true')
    await expect(cell(page, 'E41')).not.toHaveAttribute('aria-selected', 'true')
  })

  test('Shift+Space selects the selection’s rows and Ctrl+Space its columns; the active cell stays', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const page = alice.page
    await selectRange(page, 'C3', 'D4')
    await page.keyboard.press('Shift+Space')
    await expect(nameBox(page)).toHaveValue('C3')
    for (const address of ['A3', 'J4', 'C4']) {
      await expect(cell(page, address)).toHaveAttribute('aria-selected', 'true')
    }
    await expect(cell(page, 'C5')).not.toHaveAttribute('aria-selected', 'true')
    await page.screenshot({ path: testInfo.outputPath('shift-space.png') })
    // Typing goes into the active cell, still C3.
    await page.keyboard.type('kept')
    await page.keyboard.press('Enter')
    await expectCell(page, 'C3', 'kept')

    await selectRange(page, 'C3', 'D4')
    await page.keyboard.press('Control+Space')
    await expect(nameBox(page)).toHaveValue('C3')
    for (const address of ['C1', 'D20', 'C3']) {
      await expect(cell(page, address)).toHaveAttribute('aria-selected', 'true')
    }
    await expect(cell(page, 'E3')).not.toHaveAttribute('aria-selected', 'true')
    await page.screenshot({ path: testInfo.outputPath('ctrl-space.png') })
  })

  test('Ctrl+Enter in the formula bar enters the formula in every selected cell, one undo step; the range stays', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    await server.writeCells(workbook, { A1: '1', A2: '2', A3: '3' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await selectRange(page, 'B1', 'C3')
    await formulaInput(page).click()
    await page.keyboard.type('=A1*10')
    await page.keyboard.press('Control+Enter')
    // The grid has the keys again (Ctrl+Z below is the grid's).
    await expectBlockFilled(page, bob.page, testInfo.outputPath('formula-bar-ctrl-enter.png'))
  })

  test('Tab, Tab, Enter goes back to the column where the Tabs started', async ({ openUser }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await selectCell(page, 'B2')
    for (const text of ['Name', 'Qty']) {
      await page.keyboard.type(text)
      await page.keyboard.press('Tab')
    }
    await page.keyboard.type('Price')
    await page.keyboard.press('Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('B3')
    await page.keyboard.type('Pen')
    await page.keyboard.press('Tab')
    await expect(nameBox(page)).toHaveValue('C3')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    // Tab without typing moves too; Enter on D3 opened its editor, Escape left it alone.
    await expect(nameBox(page)).toHaveValue('D3')
    await expectCells([page, bob.page], { B2: 'Name', C2: 'Qty', D2: 'Price', B3: 'Pen' })
  })

  test('typing into a selected block, Tab and Enter stay inside it and wrap', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    const typeThen = async (text: string, key: string): Promise<void> => {
      await page.keyboard.type(text)
      await expect(cellEditor(page)).toHaveValue(text)
      await page.keyboard.press(key)
      await expect(cellEditor(page)).toBeHidden()
    }
    // Tab: along each row of B2:C3, then back to B2; the block stays selected.
    await selectRange(page, 'B2', 'C3')
    for (const text of ['1', '2', '3', '4']) await typeThen(text, 'Tab')
    await expect(nameBox(page)).toHaveValue('B2')
    await expect(cell(page, 'C3')).toHaveAttribute('aria-selected', 'true')
    // Enter: down each column of G2:H3; Shift+Enter steps back.
    await selectRange(page, 'G2', 'H3')
    for (const text of ['1', '2', '3']) await typeThen(text, 'Enter')
    await expect(nameBox(page)).toHaveValue('H3')
    await typeThen('4', 'Shift+Enter')
    await expect(nameBox(page)).toHaveValue('H2')
    await expectCells([page, bob.page], {
      B2: '1',
      C2: '2',
      B3: '3',
      C3: '4',
      D2: '',
      G2: '1',
      G3: '2',
      H2: '3',
      H3: '4',
      G4: '',
    })
  })

  test('Find highlights every match; Replace all changes them for everyone in one undo step', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', 'cat')
    await typeInto(page, 'A2', 'Catalogue')
    await typeInto(page, 'B3', 'the cat sat')
    await typeInto(page, 'C1', 'dog')
    await selectCell(page, 'C1')
    await page.keyboard.press('Control+h')
    await page.getByTestId('find-input').fill('cat')
    await expect(page.locator('[role="gridcell"].find-match')).toHaveCount(3)
    await page.getByTestId('replace-input').fill('cow')
    await page.screenshot({ path: testInfo.outputPath('find-replace.png') })
    await page.getByTestId('replace-all').click()
    await expect(page.getByTestId('find-status')).toHaveText('3 replaced')
    await expectCells([page, bob.page], {
      A1: 'cow',
      A2: 'cowalogue',
      B3: 'the cow sat',
      C1: 'dog',
    })

    await page.keyboard.press('Escape')
    await expect(page.getByTestId('find-bar')).toBeHidden()
    await expect(page.locator('[role="gridcell"].find-match')).toHaveCount(0)
    await page.keyboard.press('Control+z')
    await expectCells([page, bob.page], { A1: 'cat', A2: 'Catalogue', B3: 'the cat sat' })
    await waitSaved(page)
  })

  test('Find options: Match case, whole cell and within formulas; Replace says what it left alone', async ({
    openUser,
  }, testInfo) => {
    const { page } = await openUser('alice')
    await typeInto(page, 'A1', 'Apple')
    await typeInto(page, 'A2', 'apple pie')
    await typeInto(page, 'A3', 'pineapple')
    await typeInto(page, 'A4', '1000')
    await typeInto(page, 'B1', '=SUM(A4,1)')
    await typeInto(page, 'B2', '=A4*2')
    await selectCell(page, 'A4')
    await page.getByTestId('format-number').selectOption('currency')
    await expectCells([page], { A4: '$1,000.00', B1: '$1,001.00' })
    await selectCell(page, 'C1')
    await page.keyboard.press('Control+h')
    const input = page.getByTestId('find-input')
    const status = page.getByTestId('find-status')
    const note = page.getByTestId('find-note')
    const matchCase = page.getByTestId('find-option-matchCase')
    const wholeCell = page.getByTestId('find-option-wholeCell')
    const inFormulas = page.getByTestId('find-option-inFormulas')

    await input.fill('apple')
    await expect(status).toHaveText('2 of 3')
    // Tab reaches the toggles; Space turns one on without moving the grid's selection.
    await input.press('Tab')
    await expect(matchCase).toBeFocused()
    await page.keyboard.press('Space')
    await expect(matchCase).toHaveAttribute('aria-pressed', 'true')
    await expect(status).toHaveText('1 of 2')
    await wholeCell.click()
    await expect(wholeCell).toHaveAttribute('aria-pressed', 'true')
    await expect(status).toHaveText('No results')
    await matchCase.click()
    await expect(status).toHaveText('1 of 1')
    await expect(nameBox(page)).toHaveValue('A1')
    await wholeCell.click()
    await matchCase.click()
    await page.getByTestId('replace-input').fill('Pear')
    await page.getByTestId('replace-all').click()
    await expect(status).toHaveText('2 replaced')
    await expectCells([page], { A1: 'Apple', A2: 'Pear pie', A3: 'pinePear' })

    // Formulas are found by their text only with "Also search within formulas", and the
    // rewritten ones are stored and calculated as typed ones are.
    await matchCase.click()
    await input.fill('SUM')
    await expect(status).toHaveText('No results')
    await inFormulas.click()
    await expect(inFormulas).toHaveAttribute('aria-pressed', 'true')
    await expect(status).toHaveText('1 of 1')
    await page.getByTestId('replace-input').fill('MAX')
    await page.getByTestId('replace-all').click()
    await expect(status).toHaveText('1 replaced')
    await expectCell(page, 'B1', '$1,000.00')
    await selectCell(page, 'B1')
    await expect(formulaInput(page)).toHaveValue('=MAX(A4,1)')

    // A rewrite that would break a formula is skipped, and said so.
    await input.fill('*')
    await page.getByTestId('replace-input').fill('+*')
    await page.getByTestId('replace-all').click()
    await expect(status).toHaveText('None replaced')
    await expect(note).toHaveText('1 formula skipped: the replaced formula would not be valid.')
    await expectCell(page, 'B2', '$2,000.00')

    // A match only in a number's format cannot be replaced as shown.
    await inFormulas.click()
    await input.fill('1,000')
    await expect(status).toHaveText(/ of 2$/)
    await page.getByTestId('replace-input').fill('2,000')
    await page.getByTestId('replace-all').click()
    await expect(status).toHaveText('None replaced')
    await expect(note).toContainText(
      "1 match is only in how a value is shown (its number format), which can't be replaced as shown.",
    )
    await expect(note).toContainText('1 match is in formula results')
    await page.screenshot({ path: testInfo.outputPath('find-options.png') })
    await input.press('Escape')
    await expect(page.getByTestId('find-bar')).toBeHidden()
    await waitSaved(page)
  })

  test('a copied range keeps a marching outline until it is pasted or Escape is pressed', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = alice.page
    await typeInto(page, 'A1', 'one')
    await typeInto(page, 'A2', 'two')
    await selectRange(page, 'A1', 'A2')
    await page.keyboard.press('Control+c')
    const outline = page.getByTestId('copied-outline')
    await expect(outline).toBeVisible()
    // It marks the copied cells, wherever the selection goes next.
    const a1 = await cell(page, 'A1').boundingBox()
    const box = await outline.boundingBox()
    expect(a1 && box && Math.abs(box.x - a1.x) <= 2 && box.height > a1.height * 1.5).toBe(true)
    await selectCell(page, 'C1')
    await expect(outline).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('copied-outline.png') })
    // Only the one who copied sees it.
    await expect(bob.page.getByTestId('copied-outline')).toHaveCount(0)

    await page.keyboard.press('Control+v')
    await expectCells([page, bob.page], { C1: 'one', C2: 'two' })
    await expect(outline).toHaveCount(0)

    await selectCell(page, 'A1')
    await page.keyboard.press('Control+c')
    await expect(outline).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(outline).toHaveCount(0)
  })

  test('Ctrl+/ lists the keyboard shortcuts; Escape closes the list and the grid has the keys again', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+/')
    const dialog = page.getByTestId('shortcuts-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('Fill down / fill right')
    await expect(dialog).toContainText('Ctrl+F / Ctrl+H')
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await page.keyboard.press('ArrowDown')
    await expect(nameBox(page)).toHaveValue('B3')
  })

  test('the right-click menu copies, pastes values only and clears, for both users to see', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = alice.page
    const menuItem = (name: string) => page.getByRole('menuitem', { name, exact: true })
    await typeInto(page, 'A1', '4')
    await typeInto(page, 'A2', '=A1*10')
    await selectRange(page, 'A1', 'A2')
    await cell(page, 'A2').click({ button: 'right' })
    await expect(menuItem('Copy')).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('cell-menu.png') })
    await menuItem('Copy').click()
    await expect(page.getByTestId('copied-outline')).toBeVisible()

    // Paste values only: 40 arrives as a number, not as a formula.
    await selectCell(page, 'C1')
    await cell(page, 'C1').click({ button: 'right' })
    await menuItem('Paste values only').click()
    await expectCells([page, bob.page], { C1: '4', C2: '40' })
    await goTo(bob.page, 'C2')
    await expect(formulaInput(bob.page)).toHaveValue('40')

    // Paste keeps the formula, shifted to where it lands.
    await selectRange(page, 'A1', 'A2')
    await page.keyboard.press('Control+c')
    await selectCell(page, 'E1')
    await cell(page, 'E1').click({ button: 'right' })
    await menuItem('Paste').click()
    await expectCells([page, bob.page], { E1: '4', E2: '40' })

    // By the keyboard: Bob's name tag hangs over C1 on Alice's screen.
    await goTo(page, 'C1')
    await page.keyboard.press('Shift+ArrowDown')
    await cell(page, 'C2').click({ button: 'right' })
    await menuItem('Clear').click()
    await expectCells([page, bob.page], { C1: '', C2: '', E2: '40' })
  })
})
