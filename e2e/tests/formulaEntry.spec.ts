import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  formulaInput,
  goTo,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/** The coloured outlines drawn on the grid for the references of the formula being typed. */
function refOutlines(page: Page) {
  return page.getByTestId('formula-ref-outline')
}

async function dragCells(page: Page, from: string, to: string): Promise<void> {
  const a = await cell(page, from).boundingBox()
  const b = await cell(page, to).boundingBox()
  if (!a || !b) throw new Error(`${from} or ${to} is not on screen`)
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 })
  await page.mouse.up()
}

test.describe('typing formulas', () => {
  test('point mode: clicks, drags and arrows insert references, coloured and outlined, and the other user gets the formula', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', '1')
    await typeInto(page, 'A2', '2')
    await typeInto(page, 'B1', '10')
    await typeInto(page, 'B2', '20')

    await selectCell(page, 'C3')
    await page.keyboard.type('=SUM(')
    const editor = cellEditor(page)
    // A drag over cells inserts the range; the editor keeps the focus and the edit goes on.
    await dragCells(page, 'A1', 'A2')
    await expect(editor).toHaveValue('=SUM(A1:A2')
    await expect(editor).toBeFocused()
    // After a comma, arrows point from the edited cell and Shift+arrows stretch the reference.
    await page.keyboard.type(',')
    await page.keyboard.press('ArrowUp')
    await expect(editor).toHaveValue('=SUM(A1:A2,C2')
    await page.keyboard.press('ArrowLeft')
    await expect(editor).toHaveValue('=SUM(A1:A2,B2')
    await page.keyboard.press('Shift+ArrowUp')
    await expect(editor).toHaveValue('=SUM(A1:A2,B1:B2')
    await page.keyboard.type(')')
    await expect(editor).toHaveValue('=SUM(A1:A2,B1:B2)')

    // Each reference has its own colour, on the grid and in the editor.
    await expect(refOutlines(page)).toHaveCount(2)
    const colors = await refOutlines(page).evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-color')),
    )
    expect(new Set(colors).size).toBe(2)
    const refColors = await page
      .locator('.mirror .ref')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).style.color))
    expect(refColors).toHaveLength(2)
    expect(new Set(refColors).size).toBe(2)
    await page.screenshot({ path: testInfo.outputPath('point-mode.png') })

    await page.keyboard.press('Enter')
    await expect(editor).toBeHidden()
    await waitSaved(page)
    await expectCells([page, bob.page], { C3: '33' })
    // By the name box: Alice's presence tag hangs over C3 on Bob's screen.
    await goTo(bob.page, 'C3')
    await expect(formulaInput(bob.page)).toHaveValue('=SUM(A1:A2,B1:B2)')
  })

  test('point mode: a click replaces the reference just pointed at; a click after a finished term commits', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await typeInto(page, 'A1', '5')
    await typeInto(page, 'B1', '7')
    await selectCell(page, 'D1')
    await page.keyboard.type('=')
    await cell(page, 'A1').click()
    await cell(page, 'B1').click()
    await expect(cellEditor(page)).toHaveValue('=B1')
    await page.keyboard.type('*2')
    // `2` is a finished term: this click commits and selects, as everywhere else.
    await cell(page, 'A1').click()
    await expect(cellEditor(page)).toBeHidden()
    await expect(cell(page, 'D1')).toHaveText('14')
  })

  test('autocomplete offers the engine’s functions with their arguments; Enter closes what was left open', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', 'apple')
    await typeInto(page, 'B1', '3')

    await selectCell(page, 'C1')
    await page.keyboard.type('=VLO')
    const list = page.getByTestId('formula-suggestions')
    await expect(list).toBeVisible()
    await expect(list.getByRole('option').first()).toContainText(
      'VLOOKUP(search_key, range, index, [is_sorted])',
    )
    await expect(list).toContainText('Finds a value in the first column of a range')
    await page.screenshot({ path: testInfo.outputPath('autocomplete.png') })

    // Tab takes the highlighted function; inside its call the hint names the argument typed.
    await page.keyboard.press('Tab')
    const editor = cellEditor(page)
    await expect(editor).toHaveValue('=VLOOKUP(')
    const hint = page.getByTestId('formula-hint')
    await expect(hint.locator('.current')).toHaveText('search_key')
    await page.keyboard.type('"apple", A1:B1, ')
    await expect(hint.locator('.current')).toHaveText('index')
    await page.keyboard.type('2, FALSE')
    // Enter adds the missing closing parenthesis.
    await page.keyboard.press('Enter')
    await expect(editor).toBeHidden()
    await waitSaved(page)
    await expectCells([page, bob.page], { C1: '3' })
    await goTo(bob.page, 'C1')
    await expect(formulaInput(bob.page)).toHaveValue('=VLOOKUP("apple", A1:B1, 2, FALSE)')

    // Escape hides the list; the edit stays open. The most used functions come first.
    await selectCell(page, 'D1')
    await page.keyboard.type('=SU')
    await expect(list).toBeVisible()
    await expect(list.getByRole('option').first()).toContainText('SUM(value1')
    await page.keyboard.press('Escape')
    await expect(list).toBeHidden()
    await expect(editor).toHaveValue('=SU')
    await page.keyboard.type('M(1,2')
    await page.keyboard.press('Enter')
    await expectCells([page, bob.page], { D1: '3' })

    // Enter takes the highlighted function, as Tab does: `=sum` becomes `=SUM(`, not #NAME?.
    await selectCell(page, 'E1')
    await page.keyboard.type('=sum')
    await expect(list.getByRole('option').first()).toContainText('SUM(')
    await page.keyboard.press('Enter')
    await expect(editor).toHaveValue('=SUM(')
    await page.keyboard.type('D1,1')
    await page.keyboard.press('Enter')
    await expectCells([page, bob.page], { E1: '4' })
  })
})
