import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  grid,
  nameBox,
  selectCell,
  waitSaved,
} from '../support/grid.js'

/** The transparent textarea over the active cell that holds the grid's focus. */
const typingTarget = (page: Page) => page.getByTestId('grid-typing')

/**
 * Typing through an IME (Japanese, Chinese, Korean) on a selected cell, not yet edited: the
 * composition shows over the cell and its committed text lands in the cell, as in Google Sheets
 * and Excel. Chromium's DevTools protocol drives the IME as the OS would.
 */
test.describe('IME on a selected cell', () => {
  test('composing にほん and committing 日本 on B2 opens the editor with it; Enter stores it for everyone', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const { page } = alice
    const ime = await page.context().newCDPSession(page)

    await selectCell(page, 'B2')
    await expect(grid(page)).toBeFocused()
    await ime.send('Input.imeSetComposition', {
      text: 'にほん',
      selectionStart: 3,
      selectionEnd: 3,
    })
    // The composition shows in the editor's frame over B2, where the IME's candidates hang.
    await expect(typingTarget(page)).toHaveValue('にほん')
    await expect(cellEditor(page)).toHaveCount(0)
    const frame = await typingTarget(page).boundingBox()
    const b2 = await cell(page, 'B2').boundingBox()
    expect(frame && b2 && Math.abs(frame.x - b2.x) < 3 && Math.abs(frame.y - b2.y) < 3).toBe(true)
    await page.screenshot({ path: test.info().outputPath('ime-composing.png') })

    await ime.send('Input.insertText', { text: '日本' })
    await expect(cellEditor(page)).toBeFocused()
    await expect(cellEditor(page)).toHaveValue('日本')
    await expect(typingTarget(page)).toHaveValue('')
    await page.keyboard.press('Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('B3')
    await expectCells([page, bob.page], { B2: '日本' })
    await waitSaved(page)
    expect(await server.readCell(workbook, 'B2')).toBe('日本')
    await page.screenshot({ path: test.info().outputPath('ime-result.png') })

    // A composition given up (Escape in the IME) leaves B3 alone and opens nothing.
    await expect(grid(page)).toBeFocused()
    await ime.send('Input.imeSetComposition', { text: 'か', selectionStart: 1, selectionEnd: 1 })
    await expect(typingTarget(page)).toHaveValue('か')
    await ime.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 })
    await expect(typingTarget(page)).toHaveValue('')
    await expect(cellEditor(page)).toHaveCount(0)

    // A click on another cell while composing commits the composition to the cell it began on.
    await ime.send('Input.imeSetComposition', { text: 'か', selectionStart: 1, selectionEnd: 1 })
    await expect(typingTarget(page)).toHaveValue('か')
    await cell(page, 'D5').click()
    await expect(nameBox(page)).toHaveValue('D5')
    await expectCells([page, bob.page], { B3: 'か', D5: '' })
    await expect(cellEditor(page)).toHaveCount(0)

    // The grid's own keys still work: arrows, copy and paste, typing over a cell.
    await selectCell(page, 'B3')
    await page.keyboard.press('ArrowUp')
    await expect(nameBox(page)).toHaveValue('B2')
    await page.keyboard.press('Control+c')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Control+v')
    await expectCells([page, bob.page], { C2: '日本' })
    await page.keyboard.type('語')
    await expect(cellEditor(page)).toHaveValue('語')
    await page.keyboard.press('Tab')
    await expectCells([page, bob.page], { C2: '語' })
    await expect(nameBox(page)).toHaveValue('D2')
    await waitSaved(page)
    expect(await server.readCell(workbook, 'C2')).toBe('語')
  })
})
